"""The orchestrator: runs a task down its chain of providers, ending with the embedded writer.

For each link (``provider:model``) of the task's chain, in order:

1. skip it when its circuit breaker is open or the task's deadline is spent;
2. call it with a per-call timeout (never past the deadline), retrying timeouts, 429s, 5xx
   and connection errors with exponential backoff + jitter (Retry-After wins); fatal
   errors (401/403, 400, unknown model) move on at once;
3. validate the answer (JSON, the task's schema, the task's own checks); an invalid answer
   gets one repair turn with the problems, then the chain moves on.

If no link gives a valid answer, the task's embedded writer does the work. Every call is
recorded; every fallback is logged and returned in :class:`TaskResult` for the track.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ai_artist.engines.llm.accounting import CallRecord, Recorder, estimate_cost_usd
from ai_artist.engines.llm.prompts import (
    AnswerRejected,
    Prompt,
    json_schema_of,
    parse_answer,
    repair_message,
)
from ai_artist.engines.llm.providers.base import (
    ChatMessage,
    Completion,
    CompletionRequest,
    FailureKind,
    Provider,
    ProviderCallError,
)
from ai_artist.engines.llm.resilience import (
    CircuitBreaker,
    Clock,
    Deadline,
    RetryPolicy,
    SystemClock,
)
from ai_artist.engines.llm.safety import Redactor, cap

log = logging.getLogger(__name__)

T = TypeVar("T")
EMBEDDED = "embedded"
MIN_CALL_S = 0.05
"""A call is not started with less time than this left before the deadline (seconds)."""


@dataclass(frozen=True)
class ChainLink:
    """One step of a chain: a provider and the model to ask."""

    provider: str
    model: str

    def __str__(self) -> str:
        return self.provider if self.provider == EMBEDDED else f"{self.provider}:{self.model}"


@dataclass(frozen=True)
class Attempt:
    """One call (or skipped link) while running a task."""

    provider: str
    model: str
    outcome: str
    latency_s: float
    error: str | None = None


@dataclass
class TaskResult(Generic[T]):
    """The value of a task and how it was obtained.

    ``provider``/``model`` did the work (``embedded`` when the chain fell through);
    ``fallbacks`` holds one line per link that failed, for the track's record.
    """

    value: T
    provider: str
    model: str
    attempts: list[Attempt] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        """``provider:model`` or ``embedded``."""
        return str(ChainLink(self.provider, self.model))

    def summary(self) -> dict[str, object]:
        """JSON-ready summary for ``track.json``: who did the work and what fell back."""
        return {
            "provider": self.source,
            "calls": len([a for a in self.attempts if a.outcome != "skipped"]),
            "fallbacks": list(self.fallbacks),
        }


@dataclass(frozen=True)
class TaskRequest(Generic[T]):
    """What the orchestrator needs to run one task.

    ``accept`` turns a schema-valid answer into the task's value and raises
    :class:`AnswerRejected` when the task's own checks fail; its second argument is the
    ``provider:model`` that answered. ``embedded`` computes the value offline.
    """

    task: str
    prompt: Prompt
    schema: type[BaseModel]
    accept: Callable[[Any, str], T]
    embedded: Callable[[], T]
    track_id: str | None = None
    max_tokens: int = 1200
    temperature: float = 0.8
    seed: int | None = None


class _LinkFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Orchestrator:
    """Runs tasks down their chains. Build one with ``orchestrator_from_settings``."""

    providers: dict[str, Provider]
    chains: dict[str, list[ChainLink]]
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout_s: float = 30.0
    deadline_s: float = 90.0
    breaker_failures: int = 3
    breaker_cooldown_s: float = 120.0
    max_part_chars: int = 4000
    clock: Clock = field(default_factory=SystemClock)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    recorder: Recorder | None = None
    redact: Redactor = field(default_factory=Redactor)
    breakers: dict[str, CircuitBreaker] = field(default_factory=dict)

    def chain(self, task: str) -> list[ChainLink]:
        """The links tried for ``task`` before the embedded writer."""
        return list(self.chains.get(task, []))

    def breaker(self, provider: str) -> CircuitBreaker:
        if provider not in self.breakers:
            self.breakers[provider] = CircuitBreaker(
                failures_to_open=self.breaker_failures,
                cooldown_s=self.breaker_cooldown_s,
                clock=self.clock,
            )
        return self.breakers[provider]

    def close(self) -> None:
        for provider in self.providers.values():
            provider.close()

    # -- running a task -------------------------------------------------------------------

    def run(
        self, request: TaskRequest[T], *, chain: list[ChainLink] | None = None
    ) -> TaskResult[T]:
        """The task's value from the first link that gives a valid answer, else embedded.

        ``chain`` replaces the task's configured chain (``ai-artist llm test`` uses this).
        """
        deadline = Deadline(self.deadline_s, clock=self.clock)
        result: TaskResult[T] | None = None
        attempts: list[Attempt] = []
        fallbacks: list[str] = []
        for link in self.chain(request.task) if chain is None else chain:
            reason = self._skip_reason(link, deadline)
            if reason is None:
                try:
                    value = self._run_link(link, request, deadline, attempts)
                except _LinkFailed as failure:
                    reason = failure.reason
                else:
                    result = TaskResult(value, link.provider, link.model, attempts, fallbacks)
                    break
            else:
                attempts.append(Attempt(link.provider, link.model, "skipped", 0.0, reason))
            fallbacks.append(f"{link}: {reason}")
            log.warning("%s: %s failed (%s); trying the next provider", request.task, link, reason)
        if result is None:
            result = self._run_embedded(request, attempts, fallbacks)
        return result

    def _skip_reason(self, link: ChainLink, deadline: Deadline) -> str | None:
        if link.provider not in self.providers:
            return "provider not enabled"
        breaker = self.breaker(link.provider)
        if not breaker.allow():
            return f"circuit open for {breaker.reopens_in_s():.0f} s more"
        if deadline.remaining_s() < MIN_CALL_S:
            return "task deadline reached"
        return None

    def _run_embedded(
        self, request: TaskRequest[T], attempts: list[Attempt], fallbacks: list[str]
    ) -> TaskResult[T]:
        start = self.clock.monotonic()
        value = request.embedded()
        latency_s = self.clock.monotonic() - start
        attempts.append(Attempt(EMBEDDED, EMBEDDED, "ok", latency_s))
        self._record(request, ChainLink(EMBEDDED, EMBEDDED), "ok", latency_s)
        if fallbacks:
            log.warning("%s: every provider failed; the embedded writer did it", request.task)
        return TaskResult(value, EMBEDDED, EMBEDDED, attempts, fallbacks)

    def _run_link(
        self,
        link: ChainLink,
        request: TaskRequest[T],
        deadline: Deadline,
        attempts: list[Attempt],
    ) -> T:
        provider = self.providers[link.provider]
        messages = (ChatMessage("user", request.prompt.user),)
        for turn in range(2):
            completion, latency_s, tries = self._call(
                link, provider, request, messages, deadline, attempts
            )
            try:
                answer = parse_answer(completion.text, request.schema)
                value = request.accept(answer, str(link))
            except (AnswerRejected, ValueError) as rejected:
                found = rejected.problems if isinstance(rejected, AnswerRejected) else []
                problems = [self.redact(p) for p in found] or [self.redact(str(rejected))[:300]]
                self._record(
                    request, link, "invalid_output", latency_s, completion, tries, problems
                )
                attempts.append(
                    Attempt(link.provider, link.model, "invalid_output", latency_s, problems[0])
                )
                if turn == 1:
                    raise _LinkFailed(f"invalid answer after one repair ({problems[0]})") from None
                messages = (
                    *messages,
                    ChatMessage(
                        "assistant", cap(self.redact(completion.text), self.max_part_chars)
                    ),
                    ChatMessage(
                        "user",
                        repair_message(
                            problems, max_part_chars=self.max_part_chars, redact=self.redact
                        ),
                    ),
                )
                continue
            self._record(request, link, "ok", latency_s, completion, tries)
            attempts.append(Attempt(link.provider, link.model, "ok", latency_s))
            return value
        raise _LinkFailed("invalid answer")  # the loop always returns or raises before

    def _call(
        self,
        link: ChainLink,
        provider: Provider,
        request: TaskRequest[T],
        messages: tuple[ChatMessage, ...],
        deadline: Deadline,
        attempts: list[Attempt],
    ) -> tuple[Completion, float, int]:
        """One completion, retried per the policy; returns (completion, seconds, tries)."""
        breaker = self.breaker(link.provider)
        call = CompletionRequest(
            model=link.model,
            system=self.redact(request.prompt.system),
            messages=tuple(ChatMessage(m.role, self.redact(m.content)) for m in messages),
            json_schema=json_schema_of(request.schema),
            schema_name=request.task,
            max_tokens=request.max_tokens,
            temperature=request.temperature,
            seed=request.seed,
        )
        for retry in range(self.policy.max_attempts):
            timeout_s = min(self.timeout_s, deadline.remaining_s())
            if timeout_s < MIN_CALL_S:
                raise _LinkFailed("task deadline reached")
            start = self.clock.monotonic()
            try:
                completion = self._complete(link, provider, call, timeout_s)
            except ProviderCallError as error:
                latency_s = self.clock.monotonic() - start
                message = self.redact(str(error))
                self._record(
                    request, link, error.kind.value, latency_s, tries=retry + 1, problems=[message]
                )
                attempts.append(
                    Attempt(link.provider, link.model, error.kind.value, latency_s, message)
                )
                if error.retryable or error.kind is FailureKind.AUTH:
                    # A bad request or unknown model says nothing about the provider's health.
                    breaker.record_failure(at_once=error.kind is FailureKind.AUTH)
                if not error.retryable:
                    raise _LinkFailed(f"{error.kind.value}: {message}") from None
                if retry + 1 >= self.policy.max_attempts:
                    raise _LinkFailed(
                        f"{error.kind.value} after {retry + 1} tries: {message}"
                    ) from None
                if not breaker.allow():
                    raise _LinkFailed(f"{error.kind.value}; circuit opened") from None
                delay_s = self.policy.delay_s(
                    retry, rng=self.rng, retry_after_s=error.retry_after_s
                )
                if delay_s > deadline.remaining_s() - MIN_CALL_S:
                    raise _LinkFailed(
                        f"{error.kind.value}; a retry in {delay_s:.1f} s would pass the deadline"
                    ) from None
                log.info("%s: %s %s; retry in %.2f s", request.task, link, error.kind, delay_s)
                self.clock.sleep(delay_s)
                continue
            breaker.record_success()
            return completion, self.clock.monotonic() - start, retry + 1
        raise _LinkFailed("no attempt made")  # max_attempts >= 1, so never reached

    @staticmethod
    def _complete(
        link: ChainLink, provider: Provider, call: CompletionRequest, timeout_s: float
    ) -> Completion:
        """``provider.complete``; any unexpected exception becomes a fatal call error, so a
        provider's bug moves the chain on instead of breaking the song."""
        try:
            return provider.complete(call, timeout_s=timeout_s)
        except ProviderCallError:
            raise
        except Exception as error:
            raise ProviderCallError(
                f"{link.provider}: unexpected {type(error).__name__}: {str(error)[:200]}",
                provider=link.provider,
                kind=FailureKind.BAD_REQUEST,
            ) from error

    def _record(
        self,
        request: TaskRequest[T],
        link: ChainLink,
        outcome: str,
        latency_s: float,
        completion: Completion | None = None,
        tries: int = 1,
        problems: list[str] | None = None,
        *,
        error: str | None = None,
    ) -> None:
        if self.recorder is None:
            return
        tokens_in = completion.tokens_in if completion else None
        tokens_out = completion.tokens_out if completion else None
        model = completion.model if completion else link.model
        if problems:
            error = "; ".join(problems)
        prompt = (
            ""
            if link.provider == EMBEDDED
            else request.prompt.system + "\n\n" + (request.prompt.user)
        )
        record = CallRecord(
            task=request.task,
            provider=link.provider,
            model=model,
            outcome=outcome,
            latency_s=round(latency_s, 4),
            attempt=tries,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            cost_usd=estimate_cost_usd(link.provider, model, tokens_in, tokens_out),
            track_id=request.track_id,
            error=self.redact(error)[:2000] if error else None,
            prompt=self.redact(prompt),
        )
        try:
            self.recorder.record(record)
        except Exception as failure:  # accounting must never break a song
            log.warning("could not record an LLM call: %s", self.redact(str(failure)))
