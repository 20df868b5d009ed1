"""Production stages: mix, humanize, master (+ chorus preview), artwork, video (+ short)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ, read_audio, to_mono, write_audio
from ai_artist.errors import InputError
from ai_artist.pipeline.context import StageOutcome, TrackContext
from ai_artist.pipeline.stages.voice import VOCAL_STEM

if TYPE_CHECKING:
    from ai_artist.engines.music.styles import Feel
    from ai_artist.engines.production.highlight import Window

HUMANIZED = "humanized.wav"
PREVIEW = "preview.mp3"
SHORT = "short.mp4"
SHORT_LENGTH_S = (15.0, 30.0)
"""Shortest and longest vertical short (seconds); it follows the chorus' length."""


def mix(ctx: TrackContext) -> StageOutcome:
    """Stems + lead vocal (+ backing vocals when the sing stage made them) → ``mix.wav``."""
    from ai_artist.engines.production.mix import mix as mix_audio

    stems = {
        role.removeprefix("stem_"): read_audio(ctx.path(path))
        for role, path in ctx.doc.files.items()
        if role.startswith("stem_")
    }
    vocal = to_mono(read_audio(ctx.require(VOCAL_STEM, stage="sing")))
    backing = None
    if "vocal_backing" in ctx.doc.files:
        audio = read_audio(ctx.require(ctx.doc.files["vocal_backing"], stage="sing"))
        backing = audio[0] if audio.shape[0] == 1 else audio
    mixed, report = mix_audio(
        stems,
        vocal,
        sample_rate_hz=SAMPLE_RATE_HZ,
        genre=ctx.doc.plan.genre,
        backing_vocal=backing,
    )
    write_audio(ctx.path("mix.wav"), mixed)
    ctx.doc.mix = report
    return StageOutcome(provider="embedded-pedalboard", files={"mix": "mix.wav"})


def _tape_feel(genre: str) -> Feel:
    """The genre style's feel (tape amount, wow and flutter); a clean feel if unknown."""
    from ai_artist.engines.music.styles import Feel, get_style

    try:
        return get_style(genre).feel
    except InputError:
        return Feel()


def humanize(ctx: TrackContext) -> StageOutcome:
    """Tape character as the genre's feel asks (HUMANIZE_AMOUNT overrides); clean otherwise.

    The genre's wow and flutter come with it (lo-fi)."""
    from ai_artist.engines.production.tape import humanize as humanize_audio

    feel = _tape_feel(ctx.doc.plan.genre)
    amount = ctx.settings.humanize_amount
    if amount is None:
        amount = feel.tape
    if amount <= 0:
        ctx.doc.files.pop("humanized", None)
        return StageOutcome(provider="none", skipped=True, note="clean genre")
    mixed = read_audio(ctx.require("mix.wav", stage="mix"))
    warm = humanize_audio(
        mixed,
        sample_rate_hz=SAMPLE_RATE_HZ,
        seed=ctx.doc.plan.seed,
        amount=amount,
        wow_flutter_depth=feel.wow_flutter,
    )
    write_audio(ctx.path(HUMANIZED), warm)
    return StageOutcome(provider="embedded", files={"humanized": HUMANIZED})


def _chorus(
    ctx: TrackContext, *, length_s: float | tuple[float, float], audio: np.ndarray
) -> Window:
    """The chorus window of the track: from its score, else its analysis and ``audio``."""
    from ai_artist.engines.production.highlight import chorus_window

    score = ctx.score() if ctx.path("score.json").is_file() else None
    return chorus_window(
        duration_s=audio.shape[-1] / SAMPLE_RATE_HZ,
        length_s=length_s,
        score=score,
        analysis=ctx.doc.analysis,
        audio=audio,
        sample_rate_hz=SAMPLE_RATE_HZ,
    )


def master(ctx: TrackContext) -> StageOutcome:
    """``master.wav`` (24-bit, loudness target, true-peak ceiling) and a 30 s chorus
    ``preview.mp3`` for the review channels."""
    from ai_artist.engines.production.master import master as master_audio
    from ai_artist.engines.release.export import AudioTags, export_preview

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
    window = _chorus(ctx, length_s=30.0, audio=mastered)
    export_preview(
        ctx.path("master.wav"),
        ctx.path(PREVIEW),
        start_s=window.start_s,
        duration_s=window.duration_s,
        tags=AudioTags(
            title=f"{ctx.doc.plan.title} (preview)",
            artist=ctx.artist.name,
            genre=ctx.doc.plan.genre,
        ),
    )
    return StageOutcome(
        provider="embedded-pedalboard",
        files={"master": "master.wav", "preview": PREVIEW},
        note=f"preview {window.start_s:.1f}–{window.end_s:.1f} s ({window.source})",
    )


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


def lyric_lines(ctx: TrackContext) -> list[tuple[float, float, str]]:
    """(start_s, end_s, text) of each sung line: starts from ``lyrics.lrc``, ends from the
    sung timings in ``track.json`` (else the next line's start, at most 6 s later)."""
    from ai_artist.engines.lyrics.lrc import parse_lrc

    lrc = ctx.doc.files.get("lrc")
    if lrc is None or not ctx.path(lrc).is_file():
        return []
    entries = parse_lrc(ctx.path(lrc).read_text(encoding="utf-8"))
    sung_ends = {}
    if ctx.doc.lyrics is not None:
        for line in ctx.doc.lyrics.lines:
            if line.timings:
                sung_ends[round(line.timings[0].start_s, 2)] = line.timings[-1].end_s
    lines = []
    for index, (start_s, text) in enumerate(entries):
        following = entries[index + 1][0] if index + 1 < len(entries) else start_s + 6.0
        end_s = sung_ends.get(round(start_s, 2), min(following, start_s + 6.0))
        lines.append((start_s, max(end_s + 0.3, start_s + 0.5), text))
    return lines


def video(ctx: TrackContext) -> StageOutcome:
    """``video.mp4`` (VIDEO_WIDTH_PX × VIDEO_HEIGHT_PX at VIDEO_FPS) and the vertical
    ``short.mp4`` (1080×1920, 15–30 s around the chorus)."""
    from ai_artist.engines.visuals.video import render_short, render_video

    master_path = ctx.require("master.wav", stage="master")
    cover_path = ctx.require("cover.jpg", stage="artwork")
    visual = ctx.artist.visual
    accent = visual.palette[1] if len(visual.palette) > 1 else visual.palette[0]
    beats = ctx.doc.analysis.beat_times_s if ctx.doc.analysis is not None else []
    common: dict[str, Any] = {
        "audio_path": master_path,
        "cover_path": cover_path,
        "title": ctx.doc.plan.title,
        "artist_name": ctx.artist.name,
        "lyrics_lines": lyric_lines(ctx),
        "beat_times_s": beats,
        "typeface": visual.typeface,
        "accent_colour": accent if accent.startswith("#") and len(accent) == 7 else "#f8f4e3",
        "fps": ctx.settings.video_fps,
    }
    window = _chorus(ctx, length_s=SHORT_LENGTH_S, audio=read_audio(master_path))
    render_video(
        ctx.path("video.mp4"),
        width_px=ctx.settings.video_width_px,
        height_px=ctx.settings.video_height_px,
        **common,
    )
    render_short(ctx.path(SHORT), start_s=window.start_s, duration_s=window.duration_s, **common)
    return StageOutcome(
        provider="embedded-ffmpeg",
        files={"video": "video.mp4", "short": SHORT},
        note=f"short {window.start_s:.1f}–{window.end_s:.1f} s ({window.source})",
    )
