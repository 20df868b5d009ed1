"""LLM providers: the registry and the built-in providers (registered on import)."""

from ai_artist.engines.llm.providers import claude, openai_compatible
from ai_artist.engines.llm.providers.base import (
    ChatMessage,
    Completion,
    CompletionRequest,
    FailureKind,
    Provider,
    ProviderCallError,
)
from ai_artist.engines.llm.providers.registry import (
    ProviderStatus,
    make_provider,
    provider_class,
    provider_classes,
    provider_statuses,
    register_provider,
)

__all__ = [
    "ChatMessage",
    "Completion",
    "CompletionRequest",
    "FailureKind",
    "Provider",
    "ProviderCallError",
    "ProviderStatus",
    "claude",
    "make_provider",
    "openai_compatible",
    "provider_class",
    "provider_classes",
    "provider_statuses",
    "register_provider",
]
