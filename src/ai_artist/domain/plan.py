"""The song plan: what the song will be, before any note is written."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

SECTION_NAMES = ("intro", "verse", "prechorus", "chorus", "bridge", "outro", "break")


class SectionPlan(BaseModel):
    """One section of the form."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description=f"One of {', '.join(SECTION_NAMES)}.")
    bars: int = Field(ge=1, le=64)
    vocal: bool = Field(True, description="Whether the lead vocal sings in this section.")
    energy: float = Field(0.5, ge=0.0, le=1.0)


class SongPlan(BaseModel):
    """Title, theme, key, mode, tempo, form and seed of one song."""

    model_config = ConfigDict(extra="forbid")

    artist_slug: str
    title: str
    theme: str
    mood: str
    genre: str
    key: str = Field(description="Tonic name: C, C#, D, … B (sharps).")
    mode: str = Field(description="'major' or 'minor'.")
    tempo_bpm: float = Field(gt=40, lt=220)
    beats_per_bar: int = 4
    form: list[SectionPlan] = Field(min_length=1)
    seed: int
    variant: str | None = Field(None, description="A/B experiment variant, if any.")
    language: str = "en"
    explicit: bool = False

    @property
    def total_bars(self) -> int:
        return sum(section.bars for section in self.form)

    @property
    def duration_s(self) -> float:
        """Planned length in seconds (without the final ring-out)."""
        return self.total_bars * self.beats_per_bar * 60.0 / self.tempo_bpm
