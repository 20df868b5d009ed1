"""Configuration: one typed ``Settings`` read from the environment and ``.env``.

Every variable is documented in ``.env.example``. Build settings with :func:`get_settings`
(cached) — never at import time — so tests can point the data directory at a temp path.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ai_artist.errors import ConfigError

LLM_TASKS = (
    "persona",
    "lyrics",
    "title",
    "reflect",
    "evolve",
    "error_analysis",
    "fix_proposal",
)
"""Creative tasks with a configurable LLM chain (``<TASK>_LLM``)."""

_CHAIN_ITEM = re.compile(r"^[a-z][a-z0-9_-]*(:\S+)?$")
_URL_ITEM = re.compile(r"^[a-z][a-z0-9_-]*=https?://\S+$")
_CHAIN_HELP = "comma-separated provider[:model] items, e.g. deepseek:deepseek-chat,embedded"


class Settings(BaseSettings):
    """All settings of the platform. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
    )

    data_dir: Path = Field(
        Path("data"), description="Root of artists, tracks, releases and the DB."
    )
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means SQLite at DATA_DIR/artists.db."
    )
    output_base_dir: Path | None = Field(
        None, description="Where release packages go; empty means DATA_DIR/releases."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Base seed for reproducible runs.")
    song_duration_s: float = Field(
        180.0, ge=10.0, le=600.0, description="Default song length in seconds."
    )
    target_lufs: float = Field(-14.0, ge=-30.0, le=-6.0, description="Master loudness (LUFS).")
    true_peak_dbtp: float = Field(-1.0, ge=-6.0, le=0.0, description="Master true-peak ceiling.")
    tts_engine: Literal["auto", "piper", "espeak"] = Field(
        "auto", description="Speech engine of the singer: auto = piper, espeak-ng if it fails."
    )
    humanize_amount: float | None = Field(
        None, ge=0.0, le=1.0, description="Tape/noise character 0..1; empty = by genre (lo-fi)."
    )
    soundfont_path: Path | None = Field(
        None, description="A General MIDI .sf2; empty = best found (FluidR3_GM, else bundled)."
    )
    isrc_prefix: str = Field(
        "QZAIA", description="ISRC country code + registrant code (5 characters)."
    )
    label_name: str = Field("ai-artist", description="Label printed in ℗/© lines.")
    video_width_px: int = Field(1920, ge=320, le=3840)
    video_height_px: int = Field(1080, ge=240, le=2160)
    video_fps: int = Field(30, ge=10, le=60)

    # LLM providers: a provider is enabled when its key (or local server URL) is set.
    openai_api_key: SecretStr | None = Field(None, description="OpenAI key.")
    anthropic_api_key: SecretStr | None = Field(None, description="Anthropic (Claude) key.")
    deepseek_api_key: SecretStr | None = Field(None, description="DeepSeek key.")
    gemini_api_key: SecretStr | None = Field(None, description="Google Gemini key.")
    mistral_api_key: SecretStr | None = Field(None, description="Mistral key.")
    xai_api_key: SecretStr | None = Field(None, description="xAI (Grok) key.")
    openrouter_api_key: SecretStr | None = Field(None, description="OpenRouter key.")
    ollama_url: str = Field("", description="Ollama OpenAI-compatible URL; empty = off.")
    lmstudio_url: str = Field("", description="LM Studio server URL; empty = off.")
    llamacpp_url: str = Field("", description="llama.cpp server URL; empty = off.")
    llm_base_urls: str = Field(
        "", description="provider=url overrides of cloud base URLs (gateways, proxies)."
    )
    llm_models: str = Field("", description="provider:model overrides of default models.")
    persona_llm: str = Field("", description="Chain for artist personas; empty = auto.")
    lyrics_llm: str = Field("", description="Chain for lyrics; empty = auto.")
    title_llm: str = Field("", description="Chain for song titles; empty = auto.")
    reflect_llm: str = Field("", description="Chain for track reflections; empty = auto.")
    evolve_llm: str = Field("", description="Chain for artist evolution; empty = auto.")
    error_analysis_llm: str = Field("", description="Chain for error analysis; empty = auto.")
    fix_proposal_llm: str = Field("", description="Chain for fix proposals; empty = auto.")
    llm_timeout_s: float = Field(30.0, gt=0.0, le=600.0, description="Per-call timeout (s).")
    llm_deadline_s: float = Field(
        90.0, gt=0.0, le=3600.0, description="Time budget of one task's whole chain (s)."
    )
    llm_max_attempts: int = Field(3, ge=1, le=10, description="Tries per provider.")
    llm_backoff_s: float = Field(
        1.0, ge=0.0, le=60.0, description="First retry delay (s); doubles per retry."
    )
    llm_backoff_max_s: float = Field(20.0, ge=0.0, le=600.0, description="Longest retry delay.")
    llm_breaker_failures: int = Field(
        3, ge=1, le=100, description="Failed calls in a row that open a provider's circuit."
    )
    llm_breaker_cooldown_s: float = Field(
        120.0, ge=0.0, le=86400.0, description="Seconds an open circuit stays open."
    )
    llm_max_part_chars: int = Field(
        4000, ge=200, le=100_000, description="Length cap of every prompt part (characters)."
    )

    @field_validator("isrc_prefix")
    @classmethod
    def _isrc_prefix(cls, value: str) -> str:
        value = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{3}", value):
            raise ValueError(
                "must be 2 letters (country) + 3 letters/digits (registrant), e.g. QZAIA"
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value):
            raise ValueError("must start with sqlite:// or postgresql:// (or be empty for SQLite)")
        return value

    @field_validator("soundfont_path")
    @classmethod
    def _soundfont(cls, value: Path | None) -> Path | None:
        if value is not None and str(value) in ("", "."):
            return None
        if value is not None and not value.is_file():
            raise ValueError(f"file {value} does not exist (give a .sf2 file or leave it empty)")
        return value

    @field_validator(
        "persona_llm",
        "lyrics_llm",
        "title_llm",
        "reflect_llm",
        "evolve_llm",
        "error_analysis_llm",
        "fix_proposal_llm",
        "llm_models",
    )
    @classmethod
    def _chain(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        bad = [item for item in items if not _CHAIN_ITEM.match(item)]
        if bad:
            raise ValueError(f"cannot read {', '.join(bad)}: give {_CHAIN_HELP}")
        return ",".join(items)

    @field_validator("llm_base_urls")
    @classmethod
    def _base_urls(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        bad = [item for item in items if not _URL_ITEM.match(item)]
        if bad:
            raise ValueError(
                f"cannot read {', '.join(bad)}: give provider=url items, "
                "e.g. openai=https://gateway.example/v1"
            )
        return ",".join(items)

    @field_validator("ollama_url", "lmstudio_url", "llamacpp_url")
    @classmethod
    def _local_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError("must be an http:// or https:// URL (or empty to turn it off)")
        return value.rstrip("/")

    def llm_chain(self, task: str) -> str:
        """The configured chain of ``task`` (empty = automatic)."""
        if task not in LLM_TASKS:
            raise ConfigError(f"unknown LLM task '{task}'; tasks: {', '.join(LLM_TASKS)}")
        return str(getattr(self, f"{task}_llm"))

    def secret_values(self) -> list[str]:
        """Every configured secret, in clear (for redaction only — never log these)."""
        values = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, SecretStr) and value.get_secret_value():
                values.append(value.get_secret_value())
        return values

    @property
    def db_url(self) -> str:
        """The effective database URL."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'artists.db').resolve()}"

    @property
    def releases_dir(self) -> Path:
        """Directory of release packages."""
        return self.output_base_dir or self.data_dir / "releases"

    @property
    def artists_dir(self) -> Path:
        """Directory of artist folders (``<artist>/tracks/<track-id>/``)."""
        return self.data_dir / "artists"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, ``.env`` and ``overrides``.

    Raises :class:`ConfigError` naming each invalid variable and what is accepted.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = str(item["loc"][0]).upper() if item["loc"] else "?"
            problems.append(f"{name}={item.get('input')!r}: {item['msg']}")
        raise ConfigError("invalid configuration — " + "; ".join(problems)) from error


@functools.lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` to re-read)."""
    return load_settings()
