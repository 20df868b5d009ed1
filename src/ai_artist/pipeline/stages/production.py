"""Production stages: mix, humanize, master, artwork, video."""

from __future__ import annotations

from ai_artist.audio import SAMPLE_RATE_HZ, read_audio, to_mono, write_audio
from ai_artist.pipeline.context import StageOutcome, TrackContext
from ai_artist.pipeline.stages.voice import VOCAL_STEM

HUMANIZED = "humanized.wav"
HUMANIZE_BY_GENRE = {"lofi": 0.6}
"""Humanize amount (0..1) per genre when HUMANIZE_AMOUNT is not set; others stay clean."""


def mix(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.production.mix import mix as mix_audio

    stems = {
        role.removeprefix("stem_"): read_audio(ctx.path(path))
        for role, path in ctx.doc.files.items()
        if role.startswith("stem_")
    }
    vocal = to_mono(read_audio(ctx.require(VOCAL_STEM, stage="sing")))
    mixed, report = mix_audio(stems, vocal, sample_rate_hz=SAMPLE_RATE_HZ, genre=ctx.doc.plan.genre)
    write_audio(ctx.path("mix.wav"), mixed)
    ctx.doc.mix = report
    return StageOutcome(provider="embedded-pedalboard", files={"mix": "mix.wav"})


def humanize(ctx: TrackContext) -> StageOutcome:
    """Tape character for genres that want it (HUMANIZE_AMOUNT overrides); clean otherwise."""
    from ai_artist.engines.production.mix import humanize as humanize_audio

    amount = ctx.settings.humanize_amount
    if amount is None:
        amount = HUMANIZE_BY_GENRE.get(ctx.doc.plan.genre, 0.0)
    if amount <= 0:
        ctx.doc.files.pop("humanized", None)
        return StageOutcome(provider="none", skipped=True, note="clean genre")
    mixed = read_audio(ctx.require("mix.wav", stage="mix"))
    warm = humanize_audio(
        mixed, sample_rate_hz=SAMPLE_RATE_HZ, seed=ctx.doc.plan.seed, amount=amount
    )
    write_audio(ctx.path(HUMANIZED), warm)
    return StageOutcome(provider="embedded", files={"humanized": HUMANIZED})


def master(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.production.master import master as master_audio

    source = ctx.doc.files.get("humanized", "mix.wav")
    mixed = read_audio(ctx.require(source, stage="humanize" if source == HUMANIZED else "mix"))
    mastered, report = master_audio(
        mixed,
        sample_rate_hz=SAMPLE_RATE_HZ,
        target_lufs=ctx.settings.target_lufs,
        true_peak_dbtp=ctx.settings.true_peak_dbtp,
    )
    write_audio(ctx.path("master.wav"), mastered)
    ctx.doc.master = report
    return StageOutcome(provider="embedded-pedalboard", files={"master": "master.wav"})


def artwork(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.visuals.artwork import render_cover

    render_cover(
        ctx.path("cover.jpg"),
        artist_name=ctx.artist.name,
        title=ctx.doc.plan.title,
        visual=ctx.artist.visual,
        mood=ctx.doc.plan.mood,
        seed=ctx.doc.plan.seed,
    )
    return StageOutcome(provider="embedded-pillow", files={"cover": "cover.jpg"})


def video(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.visuals.video import render_video

    lines: list[tuple[float, float, str]] = []
    if ctx.doc.lyrics is not None:
        for line in ctx.doc.lyrics.lines:
            if line.timings:
                lines.append((line.timings[0].start_s, line.timings[-1].end_s, line.text))
    render_video(
        ctx.path("video.mp4"),
        audio_path=ctx.require("master.wav", stage="master"),
        cover_path=ctx.require("cover.jpg", stage="artwork"),
        title=ctx.doc.plan.title,
        artist_name=ctx.artist.name,
        lyrics_lines=lines,
        width_px=ctx.settings.video_width_px,
        height_px=ctx.settings.video_height_px,
        fps=ctx.settings.video_fps,
    )
    return StageOutcome(provider="embedded-ffmpeg", files={"video": "video.mp4"})
