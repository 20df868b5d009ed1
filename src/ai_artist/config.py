"""Configuration: one typed ``Settings`` read from the environment and ``.env``.

Every variable is documented in ``.env.example``. Build settings with :func:`get_settings`
(cached) — never at import time — so tests can point the data directory at a temp path.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ai_artist.errors import ConfigError


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
