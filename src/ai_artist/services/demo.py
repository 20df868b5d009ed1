"""The demo: a first artist and a complete release, offline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ai_artist.config import Settings
from ai_artist.persistence.db import Database
from ai_artist.pipeline.runner import EventHandler
from ai_artist.services.artists import create_artist
from ai_artist.services.tracks import plan_track, run_track

DEMO_ATTEMPTS = 3
"""Seeds tried when the autopilot rejects a demo song."""


@dataclass
class DemoResult:
    """Ids and paths the demo made."""

    artist_slug: str
    track_ids: list[str]
    release_id: str | None
    track_folder: Path
    release_folder: Path | None


def run_demo(
    database: Database,
    settings: Settings,
    *,
    genre: str = "synthwave",
    seed: int | None = None,
    duration_s: float | None = None,
    on_event: EventHandler | None = None,
) -> DemoResult:
    """Create an autopilot artist and make songs until one is approved and released."""
    seed = settings.seed if seed is None else seed
    profile = create_artist(database, settings, genre=genre, seed=seed, autopilot=True)
    track_ids: list[str] = []
    doc = None
    for attempt in range(DEMO_ATTEMPTS):
        track_id = plan_track(
            database, settings, profile.slug, seed=seed + attempt, duration_s=duration_s
        )
        track_ids.append(track_id)
        doc = run_track(database, settings, track_id, on_event=on_event)
        if doc.release_id is not None:
            break
    assert doc is not None
    folder = settings.artists_dir / profile.slug / "tracks" / track_ids[-1]
    release_folder = settings.releases_dir / doc.release_id if doc.release_id else None
    return DemoResult(profile.slug, track_ids, doc.release_id, folder, release_folder)
