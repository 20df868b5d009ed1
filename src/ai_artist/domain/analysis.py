"""What the analyzer hears in an audio file."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Analysis(BaseModel):
    """Measurements of one audio file. Times in seconds, loudness in LUFS."""

    model_config = ConfigDict(extra="forbid")

    duration_s: float
    sample_rate_hz: int
    tempo_bpm: float
    beat_times_s: list[float]
    downbeat_times_s: list[float]
    key: str
    mode: str
    key_confidence: float = Field(ge=0, le=1)
    integrated_lufs: float
    peak_dbfs: float
    section_boundaries_s: list[float] = Field(default_factory=list)
