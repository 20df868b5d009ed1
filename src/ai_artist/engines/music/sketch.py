"""A sketch: just the music of a song (score, MIDI, stems, instrumental) in one folder.

``ai-artist compose`` uses it to audition an artist's sound without lyrics or vocals.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ai_artist.domain import ArtistProfile, Score
from ai_artist.engines.music.compose import EmbeddedComposer
from ai_artist.engines.music.midi import score_to_midi
from ai_artist.engines.music.plan import plan_song
from ai_artist.engines.music.render import EmbeddedRenderer
from ai_artist.engines.music.styles import get_style
from ai_artist.files import write_bytes, write_json


@dataclass(frozen=True)
class Sketch:
    """Where a sketch's files are and what it is. Times in seconds."""

    sketch_id: str
    folder: Path
    score_json: Path
    midi: Path
    instrumental: Path
    stems: dict[str, Path]
    score: Score
    render_s: float


def sketch_id(genre: str, seed: int, duration_s: float) -> str:
    """A folder name that is the same for the same genre, seed and length (re-runs overwrite
    identical files)."""
    return f"{genre}-s{seed}-{round(duration_s)}s"


def write_sketch(
    artist: ArtistProfile,
    *,
    folder: Path,
    seed: int,
    duration_s: float,
    genre: str | None = None,
    title: str = "Sketch",
    soundfont: Path | None = None,
) -> Sketch:
    """Plan, compose and render a song for ``artist`` (in ``genre``, default the artist's) into
    ``folder/<sketch id>/``: score.json, score.mid, stems/*.wav, instrumental.wav."""
    style = get_style(genre or artist.genre)
    profile = artist.model_copy(update={"genre": style.name})
    plan = plan_song(
        profile,
        seed=seed,
        duration_s=duration_s,
        title=title,
        theme=profile.persona.themes[0] if profile.persona.themes else style.name,
        mood=profile.persona.mood,
    )
    score = EmbeddedComposer().compose(plan, profile)
    ident = sketch_id(style.name, seed, duration_s)
    out = Path(folder) / ident
    score_json = write_json(out / "score.json", score)
    midi = write_bytes(out / "score.mid", score_to_midi(score))
    started = time.perf_counter()
    stems = EmbeddedRenderer().render(
        score,
        stems_dir=out / "stems",
        instrumental_path=out / "instrumental.wav",
        soundfont=soundfont,
    )
    return Sketch(
        sketch_id=ident,
        folder=out,
        score_json=Path(score_json),
        midi=Path(midi),
        instrumental=out / "instrumental.wav",
        stems=stems,
        score=score,
        render_s=time.perf_counter() - started,
    )
