"""Music stages: plan, compose, render, analyze."""

from __future__ import annotations

from ai_artist.engines.registry import engine
from ai_artist.files import write_bytes, write_json
from ai_artist.pipeline.context import SCORE_JSON, StageOutcome, TrackContext


def plan(ctx: TrackContext) -> StageOutcome:
    """The plan is made when the track is created; this stage records it in its own file."""
    write_json(ctx.path("plan.json"), ctx.doc.plan)
    return StageOutcome(provider="embedded", files={"plan": "plan.json"})


def compose(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.midi import score_to_midi

    composer = engine("composer")
    score = composer.compose(ctx.doc.plan, ctx.artist)
    write_json(ctx.path(SCORE_JSON), score)
    write_bytes(ctx.path("score.mid"), score_to_midi(score))
    return StageOutcome(provider=composer.name, files={"score": SCORE_JSON, "midi": "score.mid"})


def render(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.soundfont import find_soundfont

    renderer = engine("renderer")
    stems = renderer.render(
        ctx.score(),
        stems_dir=ctx.path("stems"),
        instrumental_path=ctx.path("instrumental.wav"),
        soundfont=find_soundfont(ctx.settings.soundfont_path),
    )
    files = {f"stem_{name}": str(path.relative_to(ctx.folder)) for name, path in stems.items()}
    files["instrumental"] = "instrumental.wav"
    return StageOutcome(provider=renderer.name, files=files)


def analyze(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.analyze import analyze as analyze_audio

    ctx.doc.analysis = analyze_audio(ctx.require("instrumental.wav", stage="render"))
    return StageOutcome(provider="embedded-librosa")
