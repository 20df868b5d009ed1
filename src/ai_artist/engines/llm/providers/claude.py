"""Anthropic's Claude through the official ``anthropic`` SDK (messages API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ai_artist.engines.llm.providers.base import (
    Completion,
    CompletionRequest,
    Provider,
    translate_sdk_error,
)
from ai_artist.engines.llm.providers.registry import register_provider


@register_provider
@dataclass
class AnthropicProvider(Provider):
    """Claude models. JSON is asked for in the prompt (the messages API has no JSON mode).

    Only parameters every SDK version since 0.34 accepts are sent (no ``temperature``: the
    2.x SDK dropped it from ``messages.create``).
    """

    name: ClassVar[str] = "anthropic"
    title: ClassVar[str] = "Anthropic Claude"
    key_env_var: ClassVar[str | None] = "ANTHROPIC_API_KEY"
    default_base_url: ClassVar[str] = "https://api.anthropic.com"
    default_model: ClassVar[str] = "claude-sonnet-4-5"
    cheap_model: ClassVar[str] = "claude-haiku-4-5"
    supports_json_mode: ClassVar[bool] = False
    preference: ClassVar[int] = 10
    sdk: ClassVar[str] = "anthropic"

    def __post_init__(self) -> None:
        import anthropic

        self._sdk = anthropic
        self._client = anthropic.Anthropic(
            api_key=self.api_key, base_url=self.base_url, max_retries=0
        )

    def complete(self, request: CompletionRequest, *, timeout_s: float) -> Completion:
        try:
            response = self._client.messages.create(
                model=request.model,
                system=request.system,
                messages=[{"role": m.role, "content": m.content} for m in request.messages],
                max_tokens=request.max_tokens,
                timeout=timeout_s,
            )
        except self._sdk.AnthropicError as error:
            raise translate_sdk_error(error, provider=self.name, sdk=self._sdk) from error
        text = "".join(
            getattr(block, "text", "") for block in response.content if block.type == "text"
        )
        usage = getattr(response, "usage", None)
        return Completion(
            text=text,
            model=getattr(response, "model", None) or request.model,
            tokens_in=getattr(usage, "input_tokens", None),
            tokens_out=getattr(usage, "output_tokens", None),
        )

    def close(self) -> None:
        self._client.close()
