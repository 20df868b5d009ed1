"""``track.json``: the document of one track, written after each stage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ai_artist.domain.analysis import Analysis
from ai_artist.domain.lyrics import Lyrics
from ai_artist.domain.plan import SongPlan
from ai_artist.domain.production import MasterReport, MixReport
from ai_artist.domain.reflection import Reflection


class StageRecord(BaseModel):
    """How a stage went: seconds taken and the provider that did the work."""

    model_config = ConfigDict(extra="forbid")

    status: str
    seconds: float = 0.0
    provider: str | None = None
    error: str | None = None
    note: str | None = Field(None, description="What the stage wants a reader to know.")


class TrackDocument(BaseModel):
    """Plan, analysis, lyrics with timings, stage timings and providers used.

    Paths in ``files`` are relative to the track folder.
    """

    model_config = ConfigDict(extra="forbid")

    track_id: str
    artist_slug: str
    artist_version: int
    plan: SongPlan
    analysis: Analysis | None = None
    lyrics: Lyrics | None = None
    mix: MixReport | None = None
    master: MasterReport | None = None
    reflection: Reflection | None = None
    review: dict[str, str] | None = None
    release_id: str | None = None
    stages: dict[str, StageRecord] = Field(default_factory=dict)
    providers: dict[str, str] = Field(default_factory=dict, description="Stage → provider used.")
    files: dict[str, str] = Field(default_factory=dict, description="Role → relative path.")
    llm: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Task → who did the writing: provider, number of calls, fallbacks taken.",
    )
