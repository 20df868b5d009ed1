"""Judgement and release stages: reflect, review, release."""

from __future__ import annotations

from ai_artist.pipeline.context import StageOutcome, TrackContext
from ai_artist.pipeline.quality import autopilot_verdict


def reflect(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.llm import reflect as reflect_track
    from ai_artist.engines.lyrics.constraints import check_lyrics

    explicit = ctx.artist.explicit or ctx.doc.plan.explicit
    problems = (
        check_lyrics(ctx.doc.lyrics, ctx.score(), explicit=explicit)
        if ctx.doc.lyrics
        else ["no lyrics"]
    )
    result = reflect_track(ctx.doc, problems, orchestrator=ctx.orchestrator())
    ctx.doc.reflection = result.value
    ctx.doc.llm["reflect"] = result.summary()
    return StageOutcome(provider=result.source)


def review(ctx: TrackContext) -> StageOutcome:
    """Autopilot decides by the quality gates; otherwise the pipeline waits for a person."""
    from ai_artist.services.reviews import record_review

    if ctx.doc.review is not None:
        return StageOutcome(provider=ctx.doc.review.get("reviewer", "person"))
    if not ctx.autopilot:
        return StageOutcome(provider="person", waiting=True, note="awaiting review")
    verdict = autopilot_verdict(ctx.doc, true_peak_ceiling_dbtp=ctx.settings.true_peak_dbtp)
    record_review(
        ctx.database,
        ctx,
        decision=verdict.decision,
        reviewer="autopilot",
        notes="; ".join(verdict.reasons) or "all quality gates passed",
    )
    return StageOutcome(provider="autopilot")


def release(ctx: TrackContext) -> StageOutcome:
    """Package an approved track as a single; rejected tracks are not released."""
    from ai_artist.services.releases import make_release

    if ctx.doc.review is None or ctx.doc.review.get("decision") != "approved":
        return StageOutcome(provider="none", skipped=True, note="not approved")
    if ctx.doc.release_id is None:
        make_release(ctx.database, ctx.settings, [ctx.track_id], track_contexts={ctx.track_id: ctx})
    return StageOutcome(provider="embedded")
