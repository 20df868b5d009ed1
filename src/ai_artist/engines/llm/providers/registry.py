"""Providers register here by name, the built-in ones exactly like a plugin would.

A provider is *enabled* when its key (``<NAME>_API_KEY``) or, for a local server, its URL
(``OLLAMA_URL`` …) is configured and its SDK is installed; :func:`provider_statuses` says
which are enabled and why not.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ai_artist.errors import ConfigError

if TYPE_CHECKING:
    from ai_artist.config import Settings
    from ai_artist.engines.llm.providers.base import Provider

P = TypeVar("P", bound="type[Provider]")

_PROVIDERS: dict[str, type[Provider]] = {}


def register_provider(cls: P) -> P:
    """Class decorator: make ``cls`` available under ``cls.name``."""
    _PROVIDERS[cls.name] = cls
    return cls


def provider_classes() -> list[type[Provider]]:
    """Every registered provider, in automatic-chain order."""
    return sorted(_PROVIDERS.values(), key=lambda cls: (cls.preference, cls.name))


def provider_class(name: str) -> type[Provider]:
    """The provider called ``name``; ConfigError lists the known names."""
    cls = _PROVIDERS.get(name)
    if cls is None:
        known = ", ".join(c.name for c in provider_classes())
        raise ConfigError(f"unknown LLM provider '{name}'; known: {known}, embedded")
    return cls


def _pairs(text: str, separator: str) -> dict[str, str]:
    pairs = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition(separator)
        pairs[name.strip()] = value.strip()
    return pairs


@dataclass(frozen=True)
class ProviderStatus:
    """Whether a provider is enabled, why (not), and where it would be called."""

    name: str
    title: str
    enabled: bool
    reason: str
    base_url: str
    default_model: str
    cheap_model: str
    local: bool


def _status(cls: type[Provider], settings: Settings) -> ProviderStatus:
    overrides = _pairs(settings.llm_base_urls, "=")
    models = _pairs(settings.llm_models, ":")
    base_url = overrides.get(cls.name, cls.default_base_url)
    enabled, reason = True, ""
    if cls.url_env_var is not None:
        base_url = str(getattr(settings, cls.url_env_var.lower(), "")) or base_url
        if not base_url:
            enabled, reason = False, f"set {cls.url_env_var} to the server's /v1 URL"
        else:
            reason = f"{cls.url_env_var} set"
    if cls.needs_key and cls.key_env_var is not None:
        secret = getattr(settings, cls.key_env_var.lower(), None)
        if secret is None or not secret.get_secret_value():
            enabled, reason = False, f"no key: set {cls.key_env_var} in .env"
        else:
            reason = f"{cls.key_env_var} set"
    if enabled and importlib.util.find_spec(cls.sdk) is None:
        enabled, reason = False, f"pip install {cls.sdk}"
    return ProviderStatus(
        name=cls.name,
        title=cls.title,
        enabled=enabled,
        reason=reason,
        base_url=base_url,
        default_model=models.get(cls.name, cls.default_model),
        cheap_model=models.get(cls.name, cls.cheap_model),
        local=cls.local,
    )


def provider_statuses(settings: Settings) -> list[ProviderStatus]:
    """Every registered provider with whether it is enabled under ``settings``."""
    return [_status(cls, settings) for cls in provider_classes()]


def make_provider(name: str, settings: Settings) -> Provider:
    """A ready provider ``name`` configured from ``settings`` (it must be enabled)."""
    cls = provider_class(name)
    status = _status(cls, settings)
    if not status.enabled:
        raise ConfigError(f"LLM provider '{name}' is not enabled: {status.reason}")
    key = None
    if cls.key_env_var is not None:
        secret = getattr(settings, cls.key_env_var.lower(), None)
        key = secret.get_secret_value() if secret is not None else None
    return cls(base_url=status.base_url, api_key=key)
