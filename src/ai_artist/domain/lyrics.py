"""Lyrics matched to the melody, and their sung timings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MELISMA = "-"
"""Syllable marker meaning: this note continues the previous syllable (a melisma)."""


class SyllableTiming(BaseModel):
    """When a syllable is sung (seconds from the start of the song)."""

    model_config = ConfigDict(extra="forbid")

    text: str
    start_s: float
    end_s: float


class LyricLine(BaseModel):
    """One lyric line, sung on one melody phrase."""

    model_config = ConfigDict(extra="forbid")

    phrase_index: int
    section_name: str
    text: str
    syllables: list[str] = Field(
        description=f"One entry per melody note; '{MELISMA}' continues the previous syllable."
    )
    rhyme: str = Field("", description="Rhyme-group letter within its section (A, B, …).")
    timings: list[SyllableTiming] = Field(
        default_factory=list, description="Filled by the sing stage, one per sung syllable."
    )

    @property
    def start_s(self) -> float | None:
        return self.timings[0].start_s if self.timings else None


class Lyrics(BaseModel):
    """The lyrics of a song."""

    model_config = ConfigDict(extra="forbid")

    title: str
    theme: str
    lines: list[LyricLine]
    rhyme_schemes: dict[str, str] = Field(
        default_factory=dict, description="Section index (as string) → scheme, e.g. 'AABB'."
    )
    provider: str = "embedded"

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
