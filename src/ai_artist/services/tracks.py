"""Tracks: planning a new song, running and resuming its pipeline, listing, loading."""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ai_artist.config import Settings
from ai_artist.domain import SongPlan, TrackDocument
from ai_artist.errors import InputError, NotFoundError
from ai_artist.files import write_json
from ai_artist.persistence import models
from ai_artist.persistence.db import Database
from ai_artist.pipeline.context import TRACK_JSON, TrackContext
from ai_artist.pipeline.runner import EventHandler, Stage, run_stages
from ai_artist.pipeline.stages import STAGES
from ai_artist.services.artists import artist_folder, find_artist, profile_of

log = logging.getLogger(__name__)


def new_track_id() -> str:
    """A short unique track id, e.g. ``t3f9a1c07b2e4``."""
    return "t" + uuid.uuid4().hex[:12]


def plan_track(
    database: Database,
    settings: Settings,
    artist_ref: str,
    *,
    seed: int | None = None,
    duration_s: float | None = None,
    variant: str | None = None,
) -> str:
    """Plan a new song for an artist, create its folder and ``track.json``; return its id."""
    from ai_artist.engines.llm import make_title
    from ai_artist.engines.music.plan import plan_song
    from ai_artist.services.llm import orchestrator

    duration_s = settings.song_duration_s if duration_s is None else duration_s
    if not 8.0 <= duration_s <= 600.0:
        raise InputError(f"duration {duration_s} s is out of range: give 8 to 600 seconds")
    with database.transaction() as session:
        artist = find_artist(session, artist_ref)
        profile = profile_of(artist)
        if artist.state == "retired":
            raise InputError(f"artist '{artist.slug}' is retired: it makes no new songs")
        seed = settings.seed if seed is None else seed
        rng = random.Random(f"theme:{profile.slug}:{seed}")
        theme = rng.choice(profile.persona.themes) if profile.persona.themes else profile.genre
        mood = profile.persona.mood
        earlier = session.scalars(
            select(models.Track.title).where(models.Track.artist_id == artist.id)
        ).all()
        with orchestrator(database, settings) as llm:
            title = make_title(
                theme, mood, profile.genre, seed=seed, orchestrator=llm,
                artist_name=profile.name, avoid=list(earlier),
            ).value  # fmt: skip
        plan: SongPlan = plan_song(
            profile, seed=seed, duration_s=duration_s, title=title, theme=theme, mood=mood
        )
        if variant is not None:
            plan = plan.model_copy(update={"variant": variant})
        track_id = new_track_id()
        folder = artist_folder(settings, profile.slug) / "tracks" / track_id
        doc = TrackDocument(
            track_id=track_id,
            artist_slug=profile.slug,
            artist_version=artist.current_version,
            plan=plan,
        )
        write_json(folder / TRACK_JSON, doc)
        session.add(
            models.Track(
                id=track_id,
                artist_id=artist.id,
                artist_version=artist.current_version,
                title=plan.title,
                seed=seed,
                status="planned",
                variant=variant,
                plan=plan.model_dump(mode="json"),
                folder=str(folder.relative_to(settings.data_dir)),
                paths={},
            )
        )
    log.info("planned track %s '%s' for %s", track_id, plan.title, profile.slug)
    return track_id


def find_track(session: Session, track_id: str) -> models.Track:
    """A track row by id; NotFoundError says how to list tracks."""
    track = session.get(models.Track, track_id)
    if track is None:
        raise NotFoundError(f"no track '{track_id}'. List tracks with: ai-artist track list")
    return track


def track_folder(settings: Settings, track: models.Track) -> Path:
    """Absolute folder of a track."""
    return settings.data_dir / track.folder


def load_document(settings: Settings, track: models.Track) -> TrackDocument:
    """Read a track's ``track.json``; a clear error when it is missing or damaged."""
    path = track_folder(settings, track) / TRACK_JSON
    if not path.is_file():
        raise InputError(f"{path} is missing: the track folder was moved or deleted")
    try:
        return TrackDocument.model_validate_json(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise InputError(f"{path} is not a valid track document: {error}") from error


def load_context(database: Database, settings: Settings, track_id: str) -> TrackContext:
    """Everything the stages need for one track."""
    with database.transaction() as session:
        track = find_track(session, track_id)
        artist = track.artist
        profile = profile_of(artist, track.artist_version)
        autopilot = artist.autopilot
        folder = track_folder(settings, track)
        doc = load_document(settings, track)
    return TrackContext(
        settings=settings,
        database=database,
        folder=folder,
        artist=profile,
        doc=doc,
        autopilot=autopilot,
    )


def run_track(
    database: Database,
    settings: Settings,
    track_id: str,
    *,
    stages: Sequence[Stage] = STAGES,
    stop_after: str | None = None,
    on_event: EventHandler | None = None,
) -> TrackDocument:
    """Run (or resume) a track's pipeline from its first unfinished stage."""
    names = [stage.name for stage in stages]
    if stop_after is not None and stop_after not in names:
        raise InputError(f"unknown stage '{stop_after}'; stages are: {', '.join(names)}")
    ctx = load_context(database, settings, track_id)
    return run_stages(ctx, stages, stop_after=stop_after, on_event=on_event)


def list_tracks(database: Database, artist_ref: str | None = None) -> list[models.Track]:
    """Tracks, newest first; only one artist's when ``artist_ref`` is given."""
    with database.transaction() as session:
        query = select(models.Track).order_by(models.Track.created_at.desc())
        if artist_ref is not None:
            query = query.where(models.Track.artist_id == find_artist(session, artist_ref).id)
        tracks = list(session.scalars(query).all())
        for track in tracks:
            _ = track.artist.slug
        return tracks


def get_track(database: Database, track_id: str) -> models.Track:
    """One track with its stage runs and reviews loaded."""
    with database.transaction() as session:
        track = find_track(session, track_id)
        _ = (track.stage_runs, track.reviews, track.artist.slug)
        return track
