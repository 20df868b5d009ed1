"""Releases: approved tracks of one artist become a single or an EP package."""

from __future__ import annotations

import logging
import re
import tempfile
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.config import Settings
from ai_artist.domain import ReleaseManifest, ReleaseTrack
from ai_artist.errors import InputError
from ai_artist.persistence import models
from ai_artist.persistence.db import Database
from ai_artist.pipeline.context import TrackContext

if TYPE_CHECKING:
    from ai_artist.engines.production.highlight import Window

log = logging.getLogger(__name__)

AI_CREDITS = {
    "composition": "embedded composer (ai-artist)",
    "instrumentation": "embedded SoundFont renderer (ai-artist)",
    "lyrics": "embedded lyric writer (ai-artist)",
    "vocals": "embedded singing voice, lead and backing: piper TTS + WORLD (ai-artist)",
    "mix_master": "embedded mix, tape humanize and mastering (ai-artist, pedalboard)",
    "artwork": "embedded generative cover (ai-artist)",
    "video": "embedded visualizer with synced lyrics, and vertical short (ai-artist, ffmpeg)",
    "preview": "30 s chorus excerpt chosen from the score (ai-artist)",
}


def new_release_id() -> str:
    """A short unique release id, e.g. ``r1a2b3c4d5e6f``."""
    return "r" + uuid.uuid4().hex[:12]


def _next_isrc_sequence(session: Session, stem: str) -> int:
    """Next 5-digit sequence for ISRCs starting with ``stem`` (prefix + 2-digit year)."""
    taken = session.scalars(
        select(models.ReleaseTrack.isrc).where(models.ReleaseTrack.isrc.like(f"{stem}%"))
    ).all()
    return max((int(isrc[-5:]) for isrc in taken), default=0) + 1


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "track"


def make_release(
    database: Database,
    settings: Settings,
    track_ids: list[str],
    *,
    title: str | None = None,
    track_contexts: dict[str, TrackContext] | None = None,
) -> ReleaseManifest:
    """Package approved tracks of one artist as a single (1 track) or an EP (2–8 tracks).

    Per track: WAV (24-bit/44.1 kHz), FLAC and MP3 (320 kbps, ID3v2.4) with tags, a 30 s
    chorus preview MP3, the LRC, the video and the vertical short; plus the cover,
    ``release.json`` and ``README.txt``. The package is built in a temporary folder (and zip)
    and renamed into place as ``<release-id>/`` and ``<release-id>.zip``, then recorded in the
    database; a failure leaves neither a half-written package nor database rows.
    """
    from ai_artist.engines.release.export import (
        AudioTags,
        export_flac,
        export_mp3,
        export_preview,
    )
    from ai_artist.engines.release.package import (
        new_isrc,
        remove_release_package,
        write_release_package,
    )
    from ai_artist.services.tracks import load_context

    if not track_ids:
        raise InputError("give at least one track id to release")
    if len(set(track_ids)) != len(track_ids):
        raise InputError("a track id is given twice: each track appears once in a release")
    if len(track_ids) > 8:
        raise InputError(f"{len(track_ids)} tracks: a single has 1 track, an EP 2 to 8")
    contexts = [
        (track_contexts or {}).get(tid) or load_context(database, settings, tid)
        for tid in track_ids
    ]
    artists = {ctx.artist.slug for ctx in contexts}
    if len(artists) > 1:
        raise InputError(
            f"tracks of several artists ({', '.join(sorted(artists))}): one per release"
        )
    for ctx in contexts:
        if ctx.doc.review is None or ctx.doc.review.get("decision") != "approved":
            state = ctx.doc.review["decision"] if ctx.doc.review else "not reviewed"
            raise InputError(
                f"track {ctx.track_id} is {state}: only approved tracks are released "
                f"(approve with: ai-artist track approve {ctx.track_id})"
            )
        if ctx.doc.release_id is not None:
            raise InputError(f"track {ctx.track_id} is already in release {ctx.doc.release_id}")
        for role in ("master", "cover", "lrc", "video"):
            ctx.require(ctx.doc.files.get(role, role), stage=role)
    artist = contexts[0].artist
    release_type = "single" if len(contexts) == 1 else "ep"
    release_title = title or contexts[0].doc.plan.title
    release_id = new_release_id()
    today = date.today()
    year = today.year

    release_dir = settings.releases_dir / release_id
    written: Path | None = None
    try:
        with database.transaction() as session:
            stem = f"{settings.isrc_prefix}{year % 100:02d}"
            first = _next_isrc_sequence(session, stem)
            isrcs = [new_isrc(settings.isrc_prefix, year, first + n) for n in range(len(contexts))]
            artist_row = session.scalar(
                select(models.Artist).where(models.Artist.slug == artist.slug)
            )
            assert artist_row is not None

            tracks: list[ReleaseTrack] = []
            files: list[tuple[Path, str, str]] = []
            with tempfile.TemporaryDirectory(prefix="release-", dir=settings.data_dir) as scratch:
                for number, (ctx, isrc) in enumerate(zip(contexts, isrcs, strict=True), start=1):
                    doc = ctx.doc
                    assert doc.master is not None and doc.analysis is not None
                    base = f"{number:02d}_{_safe_name(doc.plan.title)}"
                    lrc_path = ctx.path(doc.files["lrc"])
                    synced = [
                        (line.timings[0].start_s, line.text)
                        for line in (doc.lyrics.lines if doc.lyrics else [])
                        if line.timings
                    ]
                    tags = AudioTags(
                        title=doc.plan.title,
                        artist=artist.name,
                        album=release_title,
                        year=year,
                        genre=doc.plan.genre,
                        isrc=isrc,
                        track_number=number,
                        cover_path=ctx.path(doc.files["cover"]),
                        lyrics=doc.lyrics.text if doc.lyrics else None,
                        synced_lyrics=synced or None,
                    )
                    master_path = ctx.path(doc.files["master"])
                    mp3_path = Path(scratch) / f"{base}.mp3"
                    flac_path = Path(scratch) / f"{base}.flac"
                    export_mp3(master_path, mp3_path, tags=tags)
                    export_flac(master_path, flac_path, tags=tags)
                    preview_path = Path(scratch) / f"{base}_preview.mp3"
                    window = _preview_window(ctx)
                    export_preview(
                        master_path,
                        preview_path,
                        start_s=window.start_s,
                        duration_s=window.duration_s,
                        tags=tags.model_copy(
                            update={
                                "title": f"{doc.plan.title} (preview)",
                                "synced_lyrics": [
                                    (start_s - window.start_s, text)
                                    for start_s, text in synced
                                    if window.start_s <= start_s < window.end_s
                                ],
                            }
                        ),
                    )
                    files += [
                        (master_path, f"{base}.wav", "master_wav"),
                        (flac_path, f"{base}.flac", "flac"),
                        (mp3_path, f"{base}.mp3", "mp3"),
                        (preview_path, f"{base}_preview.mp3", "preview"),
                        (lrc_path, f"{base}.lrc", "lrc"),
                        (ctx.path(doc.files["video"]), f"{base}.mp4", "video"),
                    ]
                    if "short" in doc.files and ctx.path(doc.files["short"]).is_file():
                        files.append((ctx.path(doc.files["short"]), f"{base}_short.mp4", "short"))
                    tracks.append(
                        ReleaseTrack(
                            track_id=ctx.track_id,
                            number=number,
                            title=doc.plan.title,
                            isrc=isrc,
                            duration_s=round(doc.master.duration_s, 3),
                            genre=doc.plan.genre,
                            language=doc.plan.language,
                            explicit=doc.plan.explicit or artist.explicit,
                            tempo_bpm=doc.plan.tempo_bpm,
                            key=f"{doc.plan.key} {doc.plan.mode}",
                        )
                    )
                files.append(
                    (contexts[0].path(contexts[0].doc.files["cover"]), "cover.jpg", "cover")
                )
                manifest = ReleaseManifest(
                    release_id=release_id,
                    title=release_title,
                    release_type=release_type,
                    artist=artist.name,
                    release_date=today.isoformat(),
                    label=settings.label_name,
                    p_line=f"℗ {year} {settings.label_name}",
                    c_line=f"© {year} {settings.label_name}",
                    tracks=tracks,
                    contributors=[{"name": artist.name, "role": "main artist"}],
                    ai_credits=dict(AI_CREDITS),
                )
                manifest = write_release_package(release_dir, manifest, files)
            written = release_dir

            session.add(
                models.Release(
                    id=release_id,
                    artist_id=artist_row.id,
                    title=release_title,
                    release_type=release_type,
                    release_date=manifest.release_date,
                    folder=_stored_path(release_dir, settings),
                    created_at=datetime.now(UTC),
                )
            )
            for track in tracks:
                session.add(
                    models.ReleaseTrack(
                        release_id=release_id,
                        track_id=track.track_id,
                        number=track.number,
                        isrc=track.isrc,
                    )
                )
                row = session.get(models.Track, track.track_id)
                if row is not None:
                    row.status = "released"
            session.flush()
    except BaseException:
        if written is not None:  # the database refused the release: take the package back
            remove_release_package(written)
        raise

    for ctx in contexts:
        ctx.doc.release_id = release_id
        ctx.save()
    log.info(
        "released %s '%s' (%s, %d tracks)", release_id, release_title, release_type, len(tracks)
    )
    return manifest


def _preview_window(ctx: TrackContext) -> Window:
    """The 30 s chorus window of a track (from its score, else its analysis and master)."""
    from ai_artist.audio import read_audio
    from ai_artist.engines.production.highlight import chorus_window

    master = read_audio(ctx.path(ctx.doc.files["master"]))
    return chorus_window(
        duration_s=master.shape[-1] / SAMPLE_RATE_HZ,
        length_s=30.0,
        score=ctx.score() if ctx.path("score.json").is_file() else None,
        analysis=ctx.doc.analysis,
        audio=master,
        sample_rate_hz=SAMPLE_RATE_HZ,
    )


def release_archive(database: Database, settings: Settings, release_id: str) -> Path:
    """The zip of a release package (``<release-id>.zip`` next to its folder)."""
    from ai_artist.engines.release.package import archive_path

    return archive_path(release_folder(database, settings, release_id))


def _stored_path(path: Path, settings: Settings) -> str:
    """Path as stored in the database: relative to the data directory when inside it."""
    resolved, data_dir = path.resolve(), settings.data_dir.resolve()
    return (
        str(resolved.relative_to(data_dir)) if resolved.is_relative_to(data_dir) else str(resolved)
    )


def release_folder(database: Database, settings: Settings, release_id: str) -> Path:
    """Folder of a release package."""
    with database.transaction() as session:
        release = session.get(models.Release, release_id)
        if release is None:
            raise InputError(f"no release '{release_id}'")
        return settings.data_dir / release.folder
