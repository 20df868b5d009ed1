"""Run a track's stages in order, record each one, resume from the first unfinished stage.

A stage recorded as ``done`` in ``track.json`` is skipped. A stage that raises is recorded as
``failed`` (with the error) in the database and in ``track.json``; files of earlier stages are
left as they are, so ``resume`` continues from the failed stage.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ai_artist.domain import StageRecord, TrackDocument
from ai_artist.errors import StageError
from ai_artist.persistence import models
from ai_artist.pipeline.context import StageOutcome, TrackContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stage:
    """A named step of the pipeline."""

    name: str
    run: Callable[[TrackContext], StageOutcome]
    description: str = ""


@dataclass(frozen=True)
class StageEvent:
    """Reported to ``on_event`` when a stage starts (``status='running'``) and ends."""

    stage: str
    index: int
    total: int
    status: str
    seconds: float = 0.0
    provider: str | None = None
    error: str | None = None


EventHandler = Callable[[StageEvent], None]


def first_unfinished(doc: TrackDocument, stages: Sequence[Stage]) -> str | None:
    """Name of the first stage not recorded as done (None when all are done)."""
    for stage in stages:
        record = doc.stages.get(stage.name)
        if record is None or record.status not in ("done", "skipped"):
            return stage.name
    return None


def run_stages(
    ctx: TrackContext,
    stages: Sequence[Stage],
    *,
    stop_after: str | None = None,
    on_event: EventHandler | None = None,
) -> TrackDocument:
    """Run every unfinished stage of ``ctx`` in order; return the updated document.

    Stops early after ``stop_after`` or when a stage must wait (a review by a person).
    Raises :class:`StageError` (cause attached) when a stage fails.
    """
    total = len(stages)
    try:
        for index, stage in enumerate(stages):
            record = ctx.doc.stages.get(stage.name)
            if record is not None and record.status in ("done", "skipped"):
                _emit(on_event, StageEvent(stage.name, index, total, "skipped-done"))
            else:
                outcome = _run_one(ctx, stage, index, total, on_event)
                if outcome.waiting:
                    break
            if stop_after == stage.name:
                break
    finally:
        ctx.close()
    return ctx.doc


def _run_one(
    ctx: TrackContext, stage: Stage, index: int, total: int, on_event: EventHandler | None
) -> StageOutcome:
    _emit(on_event, StageEvent(stage.name, index, total, "running"))
    with ctx.database.transaction() as session:
        run = models.StageRun(track_id=ctx.track_id, stage=stage.name, status="running")
        session.add(run)
        session.flush()
        run_id = run.id
        _set_track_status(session, ctx.track_id, "running")
    started = time.perf_counter()
    try:
        outcome = stage.run(ctx)
    except Exception as error:
        seconds = time.perf_counter() - started
        message = f"{type(error).__name__}: {error}"
        log.error("stage %s of track %s failed: %s", stage.name, ctx.track_id, message)
        ctx.doc.stages[stage.name] = StageRecord(status="failed", seconds=seconds, error=message)
        ctx.save()
        with ctx.database.transaction() as session:
            _finish_run(session, run_id, "failed", seconds, None, message)
            _set_track_status(session, ctx.track_id, "failed")
            session.add(
                models.ErrorEvent(
                    source=f"stage:{stage.name}",
                    track_id=ctx.track_id,
                    error_type=type(error).__name__,
                    message=str(error),
                    traceback=traceback.format_exc(),
                )
            )
        _emit(on_event, StageEvent(stage.name, index, total, "failed", seconds, error=message))
        raise StageError(
            f"stage '{stage.name}' failed for track {ctx.track_id}: {message}. "
            f"Fix the cause, then run: ai-artist track resume {ctx.track_id}",
            stage=stage.name,
        ) from error

    seconds = time.perf_counter() - started
    status = "waiting" if outcome.waiting else ("skipped" if outcome.skipped else "done")
    ctx.doc.stages[stage.name] = StageRecord(
        status=status,
        seconds=round(seconds, 3),
        provider=outcome.provider,
        note=outcome.note or None,
    )
    ctx.doc.providers[stage.name] = outcome.provider
    ctx.doc.files.update(outcome.files)
    ctx.save()
    with ctx.database.transaction() as session:
        _finish_run(session, run_id, status, seconds, outcome.provider, None)
        track = session.get(models.Track, ctx.track_id)
        if track is not None:
            track.paths = dict(ctx.doc.files)
            track.status = _track_status_after(stage.name, status, ctx.doc)
    log.debug("stage %s of track %s: %s in %.2f s", stage.name, ctx.track_id, status, seconds)
    _emit(
        on_event, StageEvent(stage.name, index, total, status, seconds, provider=outcome.provider)
    )
    return outcome


def _track_status_after(stage: str, status: str, doc: TrackDocument) -> str:
    if status == "waiting":
        return "awaiting_review"
    if doc.release_id:
        return "released"
    if doc.review:
        return doc.review.get("decision", "running")
    return "running" if stage != "release" else "done"


def _finish_run(
    session: Session,
    run_id: int,
    status: str,
    seconds: float,
    provider: str | None,
    error: str | None,
) -> None:
    run = session.get(models.StageRun, run_id)
    if run is None:
        return
    run.status = status
    run.finished_at = datetime.now(UTC)
    run.seconds = round(seconds, 3)
    run.provider = provider
    run.error = error


def _set_track_status(session: Session, track_id: str, status: str) -> None:
    track = session.get(models.Track, track_id)
    if track is not None:
        track.status = status


def _emit(handler: EventHandler | None, event: StageEvent) -> None:
    if handler is not None:
        handler(event)
