"""The swap points of the music domain: a composer writes a score, a renderer plays it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from ai_artist.domain import ArtistProfile, Score, SongPlan


@runtime_checkable
class Composer(Protocol):
    """Writes the score of a planned song (deterministic by ``plan.seed``)."""

    name: str

    def compose(self, plan: SongPlan, artist: ArtistProfile) -> Score:
        """Return the score: sections, chords, instrument parts and the vocal melody."""
        ...


@runtime_checkable
class Renderer(Protocol):
    """Turns a score into audio stems and an instrumental mix."""

    name: str

    def render(
        self,
        score: Score,
        *,
        stems_dir: Path,
        instrumental_path: Path,
        soundfont: Path | None = None,
    ) -> dict[str, Path]:
        """Write one WAV stem per part and the instrumental; return stem paths by part name."""
        ...
