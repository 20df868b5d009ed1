"""Providers speaking the OpenAI chat-completions API, through the official ``openai`` SDK.

One class does the work; each service is a small subclass that only sets its base URL,
default models and capabilities, and registers itself like a plugin would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ai_artist.engines.llm.providers.base import (
    Completion,
    CompletionRequest,
    Provider,
    translate_sdk_error,
)
from ai_artist.engines.llm.providers.registry import register_provider


@dataclass
class OpenAICompatible(Provider):
    """Any OpenAI-compatible ``/chat/completions`` endpoint at ``base_url``."""

    max_tokens_field: ClassVar[str] = "max_tokens"

    def __post_init__(self) -> None:
        import openai

        self._sdk = openai
        # Local servers ignore the key, but the SDK insists on one: send the provider name.
        self._client = openai.OpenAI(
            api_key=self.api_key or self.name,
            base_url=self.base_url,
            max_retries=0,
        )

    def _response_format(self, request: CompletionRequest) -> dict[str, Any] | None:
        if request.json_schema is None:
            return None
        if self.supports_json_schema:
            return {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema_name,
                    "schema": request.json_schema,
                    "strict": False,
                },
            }
        if self.supports_json_mode:
            return {"type": "json_object"}
        return None

    def complete(self, request: CompletionRequest, *, timeout_s: float) -> Completion:
        messages: list[dict[str, str]] = [{"role": "system", "content": request.system}]
        messages += [{"role": m.role, "content": m.content} for m in request.messages]
        options: dict[str, Any] = {
            "model": request.model,
            "messages": messages,
            "temperature": request.temperature,
            self.max_tokens_field: request.max_tokens,
            "timeout": timeout_s,
        }
        response_format = self._response_format(request)
        if response_format is not None:
            options["response_format"] = response_format
        if request.seed is not None and self.supports_seed:
            options["seed"] = request.seed
        try:
            response = self._client.chat.completions.create(**options)
        except self._sdk.OpenAIError as error:
            raise translate_sdk_error(error, provider=self.name, sdk=self._sdk) from error
        choices = getattr(response, "choices", None) or []
        text = (choices[0].message.content or "") if choices else ""
        usage = getattr(response, "usage", None)
        return Completion(
            text=text,
            model=getattr(response, "model", None) or request.model,
            tokens_in=getattr(usage, "prompt_tokens", None),
            tokens_out=getattr(usage, "completion_tokens", None),
        )

    def close(self) -> None:
        self._client.close()


@register_provider
@dataclass
class OpenAIProvider(OpenAICompatible):
    name: ClassVar[str] = "openai"
    title: ClassVar[str] = "OpenAI"
    key_env_var: ClassVar[str | None] = "OPENAI_API_KEY"
    default_base_url: ClassVar[str] = "https://api.openai.com/v1"
    default_model: ClassVar[str] = "gpt-4.1-mini"
    cheap_model: ClassVar[str] = "gpt-4.1-nano"
    supports_json_schema: ClassVar[bool] = True
    supports_seed: ClassVar[bool] = True
    max_tokens_field: ClassVar[str] = "max_completion_tokens"
    preference: ClassVar[int] = 20


@register_provider
@dataclass
class DeepSeekProvider(OpenAICompatible):
    name: ClassVar[str] = "deepseek"
    title: ClassVar[str] = "DeepSeek"
    key_env_var: ClassVar[str | None] = "DEEPSEEK_API_KEY"
    default_base_url: ClassVar[str] = "https://api.deepseek.com/v1"
    default_model: ClassVar[str] = "deepseek-chat"
    cheap_model: ClassVar[str] = "deepseek-chat"
    preference: ClassVar[int] = 40


@register_provider
@dataclass
class GeminiProvider(OpenAICompatible):
    name: ClassVar[str] = "gemini"
    title: ClassVar[str] = "Google Gemini (OpenAI-compatible endpoint)"
    key_env_var: ClassVar[str | None] = "GEMINI_API_KEY"
    default_base_url: ClassVar[str] = "https://generativelanguage.googleapis.com/v1beta/openai/"
    default_model: ClassVar[str] = "gemini-2.5-flash"
    cheap_model: ClassVar[str] = "gemini-2.5-flash-lite"
    supports_json_schema: ClassVar[bool] = True
    preference: ClassVar[int] = 30


@register_provider
@dataclass
class MistralProvider(OpenAICompatible):
    name: ClassVar[str] = "mistral"
    title: ClassVar[str] = "Mistral"
    key_env_var: ClassVar[str | None] = "MISTRAL_API_KEY"
    default_base_url: ClassVar[str] = "https://api.mistral.ai/v1"
    default_model: ClassVar[str] = "mistral-small-latest"
    cheap_model: ClassVar[str] = "mistral-small-latest"
    supports_seed: ClassVar[bool] = False
    preference: ClassVar[int] = 50


@register_provider
@dataclass
class XAIProvider(OpenAICompatible):
    name: ClassVar[str] = "xai"
    title: ClassVar[str] = "xAI Grok"
    key_env_var: ClassVar[str | None] = "XAI_API_KEY"
    default_base_url: ClassVar[str] = "https://api.x.ai/v1"
    default_model: ClassVar[str] = "grok-3-mini"
    cheap_model: ClassVar[str] = "grok-3-mini"
    supports_json_schema: ClassVar[bool] = True
    preference: ClassVar[int] = 60


@register_provider
@dataclass
class OpenRouterProvider(OpenAICompatible):
    name: ClassVar[str] = "openrouter"
    title: ClassVar[str] = "OpenRouter"
    key_env_var: ClassVar[str | None] = "OPENROUTER_API_KEY"
    default_base_url: ClassVar[str] = "https://openrouter.ai/api/v1"
    default_model: ClassVar[str] = "openai/gpt-4.1-mini"
    cheap_model: ClassVar[str] = "openai/gpt-4.1-nano"
    preference: ClassVar[int] = 70


@dataclass
class LocalServer(OpenAICompatible):
    """An OpenAI-compatible server on this machine or network, enabled by its URL."""

    needs_key: ClassVar[bool] = False
    local: ClassVar[bool] = True
    supports_json_schema: ClassVar[bool] = True


@register_provider
@dataclass
class OllamaProvider(LocalServer):
    name: ClassVar[str] = "ollama"
    title: ClassVar[str] = "Ollama (local)"
    url_env_var: ClassVar[str | None] = "OLLAMA_URL"
    default_model: ClassVar[str] = "llama3.2"
    cheap_model: ClassVar[str] = "llama3.2"
    supports_seed: ClassVar[bool] = True
    preference: ClassVar[int] = 80


@register_provider
@dataclass
class LMStudioProvider(LocalServer):
    name: ClassVar[str] = "lmstudio"
    title: ClassVar[str] = "LM Studio (local)"
    url_env_var: ClassVar[str | None] = "LMSTUDIO_URL"
    default_model: ClassVar[str] = "qwen2.5-7b-instruct"
    cheap_model: ClassVar[str] = "qwen2.5-7b-instruct"
    supports_json_mode: ClassVar[bool] = False
    supports_seed: ClassVar[bool] = True
    preference: ClassVar[int] = 81


@register_provider
@dataclass
class LlamaCppProvider(LocalServer):
    name: ClassVar[str] = "llamacpp"
    title: ClassVar[str] = "llama.cpp server (local)"
    url_env_var: ClassVar[str | None] = "LLAMACPP_URL"
    default_model: ClassVar[str] = "default"
    """llama.cpp's server answers with whichever model it loaded; the name is not checked."""
    cheap_model: ClassVar[str] = "default"
    supports_seed: ClassVar[bool] = True
    preference: ClassVar[int] = 82
