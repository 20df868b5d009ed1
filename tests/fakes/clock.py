"""A clock for tests: real monotonic time plus every second ``sleep`` was asked to wait."""

from __future__ import annotations

import time


class FakeClock:
    """``sleep`` returns at once; the requested delays are kept in ``sleeps``."""

    def __init__(self) -> None:
        self.offset_s = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return time.monotonic() + self.offset_s

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset_s += seconds

    def advance(self, seconds: float) -> None:
        self.offset_s += seconds
