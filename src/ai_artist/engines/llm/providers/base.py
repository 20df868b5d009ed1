"""The provider interface: one ``complete`` method plus capability attributes.

A provider turns a :class:`CompletionRequest` into a :class:`Completion` and translates its
SDK's exceptions into :class:`ProviderCallError` at this boundary, so the orchestrator only
ever sees one error type with a :class:`FailureKind`::

    ProviderError (ai_artist.errors)
    └── ProviderCallError     kind: timeout | rate_limited | server_error | connection_error
                              (retryable) or auth_error | bad_request | model_not_found (fatal)

SDK retries are always off (``max_retries=0``); retrying happens in one place, the
orchestrator.
"""

from __future__ import annotations

import email.utils
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from ai_artist.errors import ProviderError


class FailureKind(StrEnum):
    """Why a call failed; the first four are worth retrying."""

    TIMEOUT = "timeout"
    RATE_LIMITED = "rate_limited"
    SERVER = "server_error"
    CONNECTION = "connection_error"
    AUTH = "auth_error"
    BAD_REQUEST = "bad_request"
    MODEL_NOT_FOUND = "model_not_found"


RETRYABLE = frozenset(
    {FailureKind.TIMEOUT, FailureKind.RATE_LIMITED, FailureKind.SERVER, FailureKind.CONNECTION}
)


class ProviderCallError(ProviderError):
    """One failed call to a provider; ``retry_after_s`` is the server's Retry-After, if any."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        kind: FailureKind,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message, provider=provider)
        self.kind = kind
        self.status = status
        self.retry_after_s = retry_after_s

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


@dataclass(frozen=True)
class ChatMessage:
    role: str
    """``user`` or ``assistant``."""
    content: str


@dataclass(frozen=True)
class CompletionRequest:
    """One chat completion: a system prompt, the conversation and the answer's JSON Schema."""

    model: str
    system: str
    messages: tuple[ChatMessage, ...]
    json_schema: dict[str, Any] | None = None
    schema_name: str = "answer"
    max_tokens: int = 1200
    temperature: float = 0.8
    seed: int | None = None


@dataclass(frozen=True)
class Completion:
    """The text of an answer and its token counts (None when the provider did not say)."""

    text: str
    model: str
    tokens_in: int | None = None
    tokens_out: int | None = None


@dataclass
class Provider(ABC):
    """A chat-completion provider. Subclasses set the class attributes and ``complete``."""

    name: ClassVar[str]
    title: ClassVar[str]
    needs_key: ClassVar[bool] = True
    key_env_var: ClassVar[str | None] = None
    url_env_var: ClassVar[str | None] = None
    """For local servers: the setting holding the server URL (enables the provider)."""
    default_base_url: ClassVar[str] = ""
    default_model: ClassVar[str]
    cheap_model: ClassVar[str]
    """Used for short tasks (titles, error analysis) and ``ai-artist llm test``."""
    supports_json_mode: ClassVar[bool] = True
    supports_json_schema: ClassVar[bool] = False
    supports_seed: ClassVar[bool] = False
    local: ClassVar[bool] = False
    preference: ClassVar[int] = 100
    """Order in automatic chains (lower first)."""
    sdk: ClassVar[str] = "openai"
    """The PyPI package the provider needs."""

    base_url: str
    api_key: str | None = field(default=None, repr=False)

    @abstractmethod
    def complete(self, request: CompletionRequest, *, timeout_s: float) -> Completion:
        """Run one request within ``timeout_s`` seconds; raise :class:`ProviderCallError`."""

    def close(self) -> None:  # noqa: B027 - optional hook, most providers hold no connection
        """Release connections (the default has nothing to release)."""


def retry_after_s(headers: Any) -> float | None:
    """Seconds to wait from ``retry-after-ms`` / ``Retry-After`` (seconds or HTTP date)."""
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


def failure_kind(status: int, message: str) -> FailureKind:
    """The kind of an HTTP error status (``message`` tells 'model not found' from other 400s)."""
    lower = message.lower()
    if status in (401, 403):
        return FailureKind.AUTH
    if status == 429:
        return FailureKind.RATE_LIMITED
    if status in (408, 409) or status >= 500:
        return FailureKind.TIMEOUT if status == 408 else FailureKind.SERVER
    if status == 404 or ("model" in lower and ("not found" in lower or "does not exist" in lower)):
        return FailureKind.MODEL_NOT_FOUND
    return FailureKind.BAD_REQUEST


def translate_sdk_error(error: Exception, *, provider: str, sdk: Any) -> ProviderCallError:
    """Map an ``openai``/``anthropic`` SDK exception (same class names) to ours."""
    if isinstance(error, sdk.APITimeoutError):
        return ProviderCallError(
            f"{provider}: no answer within the timeout", provider=provider, kind=FailureKind.TIMEOUT
        )
    if isinstance(error, sdk.APIConnectionError):
        return ProviderCallError(
            f"{provider}: cannot connect ({error})",
            provider=provider,
            kind=FailureKind.CONNECTION,
        )
    if isinstance(error, sdk.APIStatusError):
        status = int(error.status_code)
        message = str(getattr(error, "message", error))
        kind = failure_kind(status, message)
        hint = {
            FailureKind.AUTH: " — check the API key",
            FailureKind.MODEL_NOT_FOUND: " — check the model name in the chain",
        }.get(kind, "")
        return ProviderCallError(
            f"{provider}: HTTP {status} {message[:300]}{hint}",
            provider=provider,
            kind=kind,
            status=status,
            retry_after_s=retry_after_s(getattr(error.response, "headers", None)),
        )
    return ProviderCallError(
        f"{provider}: {type(error).__name__}: {str(error)[:300]}",
        provider=provider,
        kind=FailureKind.SERVER,
    )
