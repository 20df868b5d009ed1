"""Voice stages: lyrics and singing."""

from __future__ import annotations

from ai_artist.audio import write_audio
from ai_artist.engines.registry import engine
from ai_artist.files import write_text
from ai_artist.pipeline.context import StageOutcome, TrackContext

VOCAL_STEM = "stems/vocal_dry.wav"
"""The dry lead vocal, relative to the track folder."""


def lyrics(ctx: TrackContext) -> StageOutcome:
    writer = engine("lyric_writer")
    ctx.doc.lyrics = writer.write(ctx.score(), ctx.doc.plan, ctx.artist)
    return StageOutcome(provider=writer.name)


def sing(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.lyrics.lrc import to_lrc

    if ctx.doc.lyrics is None:
        raise ValueError("no lyrics in track.json: run the lyrics stage first")
    score = ctx.score()
    singer = engine("singer")
    sung = singer.sing(score, ctx.doc.lyrics, ctx.artist.voice, seed=ctx.doc.plan.seed)
    write_audio(ctx.path(VOCAL_STEM), sung.audio, sample_rate_hz=sung.sample_rate_hz)
    ctx.doc.lyrics = sung.lyrics
    lrc = to_lrc(
        sung.lyrics,
        artist=ctx.artist.name,
        title=ctx.doc.plan.title,
        duration_s=score.duration_s,
    )
    write_text(ctx.path("lyrics.lrc"), lrc)
    return StageOutcome(provider=singer.name, files={"vocal_dry": VOCAL_STEM, "lrc": "lyrics.lrc"})
