"""Accounting: every LLM call recorded with latency, tokens, estimated cost and outcome.

The orchestrator hands each :class:`CallRecord` to a :class:`Recorder`;
:class:`DatabaseRecorder` writes it to the ``llm_calls`` table and :func:`call_stats`
summarises that table by provider and task (``ai-artist llm stats``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from ai_artist.persistence.models import utcnow

if TYPE_CHECKING:
    from ai_artist.persistence.db import Database

log = logging.getLogger(__name__)

PRICES_USD_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "claude-haiku-4-5": (1.00, 5.00),
    "claude-sonnet-4-5": (3.00, 15.00),
    "claude-opus-4": (15.00, 75.00),
    "deepseek-chat": (0.27, 1.10),
    "deepseek-reasoner": (0.55, 2.19),
    "gemini-2.5-flash-lite": (0.10, 0.40),
    "gemini-2.5-flash": (0.30, 2.50),
    "gemini-2.5-pro": (1.25, 10.00),
    "gemini-2.0-flash": (0.10, 0.40),
    "mistral-small": (0.10, 0.30),
    "mistral-medium": (0.40, 2.00),
    "mistral-large": (2.00, 6.00),
    "grok-3-mini": (0.30, 0.50),
    "grok-3": (3.00, 15.00),
}
"""Approximate list prices (USD per million tokens in, out) for cost estimates only."""

FREE_PROVIDERS = frozenset({"embedded", "ollama", "lmstudio", "llamacpp"})
PROMPT_RECORD_CHARS = 8000
"""Longest prompt text kept in a record (already redacted)."""


def estimate_cost_usd(
    provider: str, model: str, tokens_in: int | None, tokens_out: int | None
) -> float | None:
    """Estimated cost in USD; 0 for local/embedded, None when the model's price is unknown.

    A model matches the longest table entry its name contains (``openai/gpt-4.1-mini`` and
    ``gpt-4.1-mini-2025-04-14`` both match ``gpt-4.1-mini``).
    """
    if provider in FREE_PROVIDERS:
        return 0.0
    if tokens_in is None and tokens_out is None:
        return None
    matches = [name for name in PRICES_USD_PER_MTOK if name in model.lower()]
    if not matches:
        return None
    price_in, price_out = PRICES_USD_PER_MTOK[max(matches, key=len)]
    return round(((tokens_in or 0) * price_in + (tokens_out or 0) * price_out) / 1e6, 8)


@dataclass(frozen=True)
class CallRecord:
    """One call. ``outcome`` is ``ok``, ``invalid_output``, a failure kind or ``skipped``."""

    task: str
    provider: str
    model: str
    outcome: str
    latency_s: float
    attempt: int = 1
    tokens_in: int | None = None
    tokens_out: int | None = None
    cost_usd: float | None = None
    track_id: str | None = None
    error: str | None = None
    prompt: str = ""
    created_at: datetime = field(default_factory=utcnow)


class Recorder(Protocol):
    """Receives every call record."""

    def record(self, call: CallRecord) -> None: ...


class MemoryRecorder:
    """Keeps records in a list (for one command's summary, or for tests)."""

    def __init__(self) -> None:
        self.calls: list[CallRecord] = []

    def record(self, call: CallRecord) -> None:
        self.calls.append(call)


class DatabaseRecorder:
    """Writes each record as a row of ``llm_calls`` (its own short transaction)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(self, call: CallRecord) -> None:
        from ai_artist.persistence.models import LlmCall

        with self.database.transaction() as session:
            session.add(
                LlmCall(
                    created_at=call.created_at,
                    task=call.task,
                    provider=call.provider,
                    model=call.model[:120],
                    outcome=call.outcome,
                    attempt=call.attempt,
                    latency_s=call.latency_s,
                    tokens_in=call.tokens_in,
                    tokens_out=call.tokens_out,
                    cost_usd=call.cost_usd,
                    track_id=call.track_id,
                    error=call.error,
                    prompt=call.prompt[:PROMPT_RECORD_CHARS],
                )
            )


@dataclass(frozen=True)
class CallStats:
    """Calls of one (provider, task): counts, mean latency (s), tokens, cost (USD)."""

    provider: str
    task: str
    calls: int
    ok: int
    failed: int
    mean_latency_s: float
    tokens_in: int
    tokens_out: int
    cost_usd: float


def call_stats(database: Database, *, since: datetime | None = None) -> list[CallStats]:
    """``llm_calls`` grouped by provider and task (optionally only calls after ``since``)."""
    from sqlalchemy import case, func, select

    from ai_artist.persistence.models import LlmCall

    ok = func.sum(case((LlmCall.outcome == "ok", 1), else_=0))
    query = select(
        LlmCall.provider,
        LlmCall.task,
        func.count(LlmCall.id),
        ok,
        func.avg(LlmCall.latency_s),
        func.coalesce(func.sum(LlmCall.tokens_in), 0),
        func.coalesce(func.sum(LlmCall.tokens_out), 0),
        func.coalesce(func.sum(LlmCall.cost_usd), 0.0),
    ).group_by(LlmCall.provider, LlmCall.task)
    if since is not None:
        query = query.where(LlmCall.created_at >= since)
    with database.transaction() as session:
        rows = session.execute(query.order_by(LlmCall.provider, LlmCall.task)).all()
    return [
        CallStats(
            provider=provider,
            task=task,
            calls=int(calls),
            ok=int(ok_count or 0),
            failed=int(calls) - int(ok_count or 0),
            mean_latency_s=float(latency or 0.0),
            tokens_in=int(tokens_in),
            tokens_out=int(tokens_out),
            cost_usd=float(cost),
        )
        for provider, task, calls, ok_count, latency, tokens_in, tokens_out, cost in rows
    ]
