"""Voice stages: lyrics and singing."""

from __future__ import annotations

from ai_artist.audio import write_audio
from ai_artist.engines.registry import engine
from ai_artist.errors import StageError
from ai_artist.files import write_text
from ai_artist.pipeline.context import StageOutcome, TrackContext

VOCAL_STEM = "stems/vocal_dry.wav"
"""The dry lead vocal (mono), relative to the track folder."""
BACKING_STEM = "stems/vocal_backing.wav"
"""The dry backing vocals of the choruses (stereo: double left, harmony right)."""
LRC = "lyrics.lrc"


def lyrics(ctx: TrackContext) -> StageOutcome:
    """Lyrics from the task's LLM chain, validated against the melody; embedded writer last."""
    from ai_artist.engines.llm import write_lyrics

    result = write_lyrics(
        ctx.score(),
        ctx.doc.plan,
        ctx.artist,
        orchestrator=ctx.orchestrator(),
        track_id=ctx.track_id,
    )
    ctx.doc.lyrics = result.value
    ctx.doc.llm["lyrics"] = result.summary()
    return StageOutcome(provider=result.source)


def sing(ctx: TrackContext) -> StageOutcome:
    """Sing the lyrics: the lead and backing stems, sung timings in track.json, the LRC."""
    from ai_artist.engines.lyrics.lrc import to_lrc

    if ctx.doc.lyrics is None:
        raise StageError("no lyrics in track.json: run the lyrics stage first", stage="lyrics")
    score = ctx.score()
    singer = engine("singer", tts=ctx.settings.tts_engine)
    sung = singer.sing(score, ctx.doc.lyrics, ctx.artist.voice, seed=ctx.doc.plan.seed)
    write_audio(ctx.path(VOCAL_STEM), sung.audio, sample_rate_hz=sung.sample_rate_hz)
    files = {"vocal_dry": VOCAL_STEM, "lrc": LRC}
    if sung.backing is not None:
        write_audio(ctx.path(BACKING_STEM), sung.backing, sample_rate_hz=sung.sample_rate_hz)
        files["vocal_backing"] = BACKING_STEM
    else:
        ctx.doc.files.pop("vocal_backing", None)
        ctx.path(BACKING_STEM).unlink(missing_ok=True)
    ctx.doc.lyrics = sung.lyrics
    lrc = to_lrc(
        sung.lyrics,
        artist=ctx.artist.name,
        title=ctx.doc.plan.title,
        duration_s=score.duration_s,
    )
    write_text(ctx.path(LRC), lrc)
    return StageOutcome(provider=singer.name, files=files)
