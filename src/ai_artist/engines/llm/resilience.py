"""Resilience in one place: clock, deadline, backoff with jitter, circuit breaker.

Times are seconds from a monotonic :class:`Clock`; tests inject a clock whose ``sleep``
only advances a counter, and a seeded ``random.Random`` for the jitter.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds and a way to wait."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))


class Deadline:
    """An overall time budget of ``budget_s`` seconds that starts now."""

    def __init__(self, budget_s: float, *, clock: Clock) -> None:
        self._clock = clock
        self._end = clock.monotonic() + budget_s

    def remaining_s(self) -> float:
        """Seconds left (never negative)."""
        return max(0.0, self._end - self._clock.monotonic())


@dataclass(frozen=True)
class RetryPolicy:
    """Tries per provider and exponential backoff with jitter between them.

    The n-th retry (n = 0, 1, …) waits between half and all of
    ``min(backoff_max_s, backoff_s * 2**n)`` seconds ("equal jitter"); a server's
    Retry-After replaces that delay.
    """

    max_attempts: int = 3
    backoff_s: float = 1.0
    backoff_max_s: float = 20.0

    def delay_s(self, retry: int, *, rng: random.Random, retry_after_s: float | None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based)."""
        if retry_after_s is not None:
            return retry_after_s
        ceiling = min(self.backoff_max_s, self.backoff_s * 2.0**retry)
        return ceiling / 2.0 + rng.uniform(0.0, ceiling / 2.0)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Stops calling a provider after ``failures_to_open`` failed calls in a row.

    Open, it refuses calls for ``cooldown_s`` seconds; then one trial call is let through
    (half-open): success closes the circuit, failure opens it for another cooldown. An
    authentication failure opens it at once (the key will not heal by itself).
    """

    def __init__(self, *, failures_to_open: int, cooldown_s: float, clock: Clock) -> None:
        self.failures_to_open = failures_to_open
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None
        self._half_open = False

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._half_open or self._clock.monotonic() - self._opened_at >= self.cooldown_s:
            return BreakerState.HALF_OPEN
        return BreakerState.OPEN

    def allow(self) -> bool:
        """Whether a call may go out now (a half-open circuit lets one trial through)."""
        state = self.state
        if state is BreakerState.HALF_OPEN:
            self._half_open = True
        return state is not BreakerState.OPEN

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._half_open = False

    def record_failure(self, *, at_once: bool = False) -> None:
        self._failures += 1
        if at_once or self._half_open or self._failures >= self.failures_to_open:
            self._opened_at = self._clock.monotonic()
            self._half_open = False

    def reopens_in_s(self) -> float:
        """Seconds until an open circuit lets a trial call through (0 when not open)."""
        if self._opened_at is None or self._half_open:
            return 0.0
        return max(0.0, self._opened_at + self.cooldown_s - self._clock.monotonic())
