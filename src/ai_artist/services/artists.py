"""Artists: creation (persona + voice sample), lookup, versions, autopilot."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ai_artist.config import Settings
from ai_artist.domain import ArtistProfile, LifecycleState
from ai_artist.errors import InputError, NotFoundError
from ai_artist.persistence import models
from ai_artist.persistence.db import Database

log = logging.getLogger(__name__)

VOICE_SAMPLE = "voice_sample.wav"


def artist_folder(settings: Settings, slug: str) -> Path:
    """``data/artists/<slug>/``."""
    return settings.artists_dir / slug


def find_artist(session: Session, ref: str) -> models.Artist:
    """An artist by slug or numeric id; NotFoundError lists the known slugs."""
    query = select(models.Artist)
    artist = session.scalar(
        query.where(models.Artist.id == int(ref))
        if ref.isdigit()
        else query.where(models.Artist.slug == ref)
    )
    if artist is None:
        known = session.scalars(select(models.Artist.slug).order_by(models.Artist.id)).all()
        hint = ", ".join(known) if known else "none yet — create one with: ai-artist artist create"
        raise NotFoundError(f"no artist '{ref}'. Known artists: {hint}")
    return artist


def profile_of(artist: models.Artist, version: int | None = None) -> ArtistProfile:
    """The artist's profile at ``version`` (default: the current one)."""
    if version is None or version == artist.current_version:
        return ArtistProfile.model_validate(artist.profile)
    for row in artist.versions:
        if row.version == version:
            return ArtistProfile.model_validate(row.profile)
    raise NotFoundError(f"artist '{artist.slug}' has no profile version {version}")


def _unique_slug(session: Session, slug: str) -> str:
    taken = set(session.scalars(select(models.Artist.slug)).all())
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def create_artist(
    database: Database,
    settings: Settings,
    *,
    genre: str,
    name: str | None = None,
    seed: int | None = None,
    autopilot: bool = False,
    voice_sample: bool = True,
) -> ArtistProfile:
    """Create an artist (Candidate) with a persona, voice profile and a rendered voice sample."""
    from ai_artist.engines.llm import create_persona
    from ai_artist.engines.music.styles import get_style
    from ai_artist.services.llm import orchestrator

    get_style(genre)  # raises InputError naming the accepted genres
    if name is not None and not name.strip():
        raise InputError("artist name is empty: give a name or leave --name out to generate one")
    seed = settings.seed if seed is None else seed
    with orchestrator(database, settings) as llm:
        profile = create_persona(genre, seed, name and name.strip(), orchestrator=llm).value
    with database.transaction() as session:
        profile = profile.model_copy(update={"slug": _unique_slug(session, profile.slug)})
        row = models.Artist(
            slug=profile.slug,
            name=profile.name,
            genre=profile.genre,
            state=LifecycleState.CANDIDATE.value,
            autopilot=autopilot,
            current_version=1,
            profile=profile.model_dump(mode="json"),
        )
        session.add(row)
        session.flush()
        session.add(
            models.ArtistVersion(artist_id=row.id, version=1, profile=row.profile, reason="created")
        )
        session.add(
            models.LifecycleEvent(
                artist_id=row.id, from_state=None, to_state=row.state, reason="created"
            )
        )
    if voice_sample:
        render_artist_voice(database, settings, profile.slug)
    log.info("created artist %s (%s, seed %d)", profile.slug, genre, seed)
    return profile


def render_artist_voice(database: Database, settings: Settings, ref: str) -> Path:
    """Render and store the artist's voice sample; return its path."""
    from ai_artist.audio import write_audio
    from ai_artist.engines.voice import render_voice_sample

    with database.transaction() as session:
        artist = find_artist(session, ref)
        profile = profile_of(artist)
    audio = render_voice_sample(
        profile.voice, name=profile.name, seed=profile.seed, tts=settings.tts_engine
    )
    path = artist_folder(settings, profile.slug) / VOICE_SAMPLE
    write_audio(path, audio)
    with database.transaction() as session:
        artist = find_artist(session, ref)
        artist.voice_sample_path = str(path.relative_to(settings.data_dir))
    return path


def list_artists(database: Database) -> list[models.Artist]:
    """All artists, oldest first."""
    with database.transaction() as session:
        return list(session.scalars(select(models.Artist).order_by(models.Artist.id)).all())


def get_artist(database: Database, ref: str) -> models.Artist:
    """One artist by slug or id (detached row, safe to read after the session)."""
    with database.transaction() as session:
        artist = find_artist(session, ref)
        _ = artist.versions
        return artist


def set_autopilot(database: Database, ref: str, *, enabled: bool) -> None:
    """Turn the autopilot (automatic review) on or off for an artist."""
    with database.transaction() as session:
        find_artist(session, ref).autopilot = enabled
