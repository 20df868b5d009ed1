"""Reviews: a decision on a track by the autopilot or a person."""

from __future__ import annotations

from datetime import UTC, datetime

from ai_artist.config import Settings
from ai_artist.domain import TrackDocument
from ai_artist.errors import InputError
from ai_artist.persistence import models
from ai_artist.persistence.db import Database
from ai_artist.pipeline.context import TrackContext

DECISIONS = ("approved", "rejected")


def record_review(
    database: Database, ctx: TrackContext, *, decision: str, reviewer: str, notes: str = ""
) -> None:
    """Store a decision in the database and in ``track.json``."""
    if decision not in DECISIONS:
        raise InputError(f"unknown decision '{decision}'; accepted: {', '.join(DECISIONS)}")
    ctx.doc.review = {
        "decision": decision,
        "reviewer": reviewer,
        "notes": notes,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    ctx.save()
    with database.transaction() as session:
        session.add(
            models.Review(track_id=ctx.track_id, decision=decision, reviewer=reviewer, notes=notes)
        )
        track = session.get(models.Track, ctx.track_id)
        if track is not None:
            track.status = decision


def review_track(
    database: Database,
    settings: Settings,
    track_id: str,
    *,
    decision: str,
    reviewer: str,
    notes: str = "",
) -> TrackDocument:
    """A person's decision on a track awaiting review; approved tracks go on to release."""
    from ai_artist.services.tracks import load_context, run_track

    ctx = load_context(database, settings, track_id)
    if ctx.doc.review is not None:
        raise InputError(
            f"track {track_id} was already {ctx.doc.review['decision']} "
            f"by {ctx.doc.review['reviewer']}"
        )
    if ctx.doc.master is None:
        raise InputError(f"track {track_id} is not finished yet: resume it before reviewing")
    record_review(database, ctx, decision=decision, reviewer=reviewer, notes=notes)
    return run_track(database, settings, track_id)
