"""Music video and vertical short: cover, title, an audio-reactive spectrum, beat pulses and
the lyrics in sync, encoded by ffmpeg as H.264 (yuv420p) + AAC.

Everything static is drawn once with Pillow (``frames.py``): the still frame, one transparent
strip per lyric line and the beat glow. ffmpeg loops the still, overlays a constant-Q spectrum
(``showcqt``) computed from the audio at a low resolution and scaled up, switches the glow on
at each beat time, and plays the lyric strips as an image sequence timed by a concat list.
The moving layers run at ``visual_fps`` (15 by default) and the output is duplicated up to
``fps`` (30): x264 codes a repeated frame almost for free, which halves the encode time.
Times are seconds, sizes pixels. Output is written atomically.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ai_artist.engines.visuals.ffmpeg import (
    audio_duration_s,
    ffmpeg_exe,
    probe_media,
    run_ffmpeg,
)
from ai_artist.engines.visuals.fonts import DEFAULT_TYPEFACE
from ai_artist.engines.visuals.frames import (
    VideoLayout,
    glow_image,
    lyric_strip,
    still_frame,
    video_layout,
)
from ai_artist.errors import InputError
from ai_artist.files import atomic_path

__all__ = ["ffmpeg_exe", "lyric_events", "probe_media", "render_short", "render_video"]

ACCENT_COLOUR = "#f8f4e3"
X264_PRESET = "ultrafast"
"""x264 preset; measured fastest with acceptable quality for these mostly still frames."""
X264_CRF = 23
VISUAL_FPS = 15
"""Rate of the moving layers (spectrum, glow, lyrics) before duplication to the output rate."""
SPECTRUM_SCALE = 4
"""The spectrum is computed this many times smaller than its box and scaled up."""
GLOW_STRONG_S = 0.08
GLOW_SOFT_S = 0.2
"""The glow is full for ``GLOW_STRONG_S`` after a beat and half until ``GLOW_SOFT_S``."""
SHORT_FADE_IN_S = 0.5
SHORT_FADE_OUT_S = 1.5

LyricLines = Sequence[tuple[float, float, str]]


def lyric_events(
    lyrics_lines: LyricLines, *, duration_s: float, offset_s: float = 0.0
) -> list[tuple[float, float, str]]:
    """``(start_s, end_s, text)`` lines shifted by ``-offset_s``, sorted, clipped to
    ``[0, duration_s]``, and cut where the next line starts (one line on screen at a time)."""
    events: list[tuple[float, float, str]] = []
    for start_s, end_s, text in sorted(lyrics_lines):
        if end_s <= start_s:
            raise InputError(
                f"lyric line {text!r} ends ({end_s} s) before it starts ({start_s} s); "
                "give (start_s, end_s, text) with end_s > start_s"
            )
        start, end = max(0.0, start_s - offset_s), min(duration_s, end_s - offset_s)
        if end - start < 0.05 or not text.strip():
            continue
        if events and events[-1][1] > start:
            previous = events[-1]
            events[-1] = (previous[0], start, previous[2])
            if events[-1][1] - events[-1][0] < 0.05:
                events.pop()
        events.append((start, end, " ".join(text.split())))
    return events


def _concat_list(events: list[tuple[float, float, str]], duration_s: float) -> str:
    """An ffconcat script showing ``lyric_<n>.png`` during each event and ``blank.png`` else."""
    lines = ["ffconcat version 1.0"]
    cursor = 0.0
    for index, (start_s, end_s, _) in enumerate(events):
        if start_s > cursor:
            lines += ["file 'blank.png'", f"duration {start_s - cursor:.4f}"]
        lines += [f"file 'lyric_{index}.png'", f"duration {end_s - start_s:.4f}"]
        cursor = end_s
    lines += ["file 'blank.png'", f"duration {max(duration_s - cursor, 0.0) + 1.0:.4f}"]
    lines.append("file 'blank.png'")  # the concat demuxer ignores the last entry's duration
    return "\n".join(lines) + "\n"


def _beat_expression(beats_s: Sequence[float], begin_s: float, end_s: float) -> str:
    """An ffmpeg expression true during ``[beat + begin_s, beat + end_s)``, as a balanced
    sum (a long flat sum overflows ffmpeg's parser)."""
    terms = [f"between(t,{b + begin_s:.3f},{b + end_s - 0.001:.3f})" for b in beats_s]
    if not terms:
        return "0"

    def tree(items: list[str]) -> str:
        if len(items) == 1:
            return items[0]
        middle = len(items) // 2
        return f"({tree(items[:middle])}+{tree(items[middle:])})"

    return tree(terms)


def _graph(
    layout: VideoLayout,
    *,
    fps: int,
    visual_fps: int,
    accent_colour: str,
    beats: bool,
    duration_s: float,
    fade: bool,
) -> str:
    """The filter graph: inputs 0 still, 1 audio, 2 lyric strips, 3 strong glow, 4 soft glow."""
    spec_left, spec_top, spec_w, spec_h = layout.spectrum
    small_w = max(64, spec_w // SPECTRUM_SCALE // 2 * 2)
    small_h = max(16, spec_h // SPECTRUM_SCALE // 2 * 2)
    red, green, blue = (int(accent_colour[i : i + 2], 16) / 255.0 for i in (1, 3, 5))
    scheme = f"{red:.3f}|{green:.3f}|{blue:.3f}|{red:.3f}|{green:.3f}|{blue:.3f}"
    glow_left, glow_top, _, _ = layout.glow
    lyric_left, lyric_top, _, _ = layout.lyrics
    audio = "[1:a]"
    parts: list[str] = []
    if fade:
        out_start = max(0.0, duration_s - SHORT_FADE_OUT_S)
        parts.append(
            f"[1:a]afade=t=in:d={SHORT_FADE_IN_S},"
            f"afade=t=out:st={out_start:.3f}:d={SHORT_FADE_OUT_S},asplit[aout][avis]"
        )
        audio = "[avis]"
    parts += [
        f"[0:v]format=yuv420p,loop=loop=-1:size=1:start=0,fps={visual_fps}[still]",
        f"{audio}showcqt=s={small_w}x{small_h}:fps={visual_fps}:axis_h=0:sono_h=0:bar_g=2:bar_v=9:basefreq=40:endfreq=12000:"
        f"cscheme={scheme},colorkey=0x000000:0.1:0.08,"
        f"scale={spec_w}:{spec_h}:flags=bilinear,format=yuva420p[spectrum]",
        f"[2:v]format=yuva420p,fps={visual_fps}[lyrics]",
        f"[3:v]format=yuva420p,loop=loop=-1:size=1:start=0,fps={visual_fps}[strong]",
        f"[4:v]format=yuva420p,loop=loop=-1:size=1:start=0,fps={visual_fps}[soft]",
    ]
    chain = "[still]"
    if beats:
        parts.append(
            f"{chain}[strong]overlay=x={glow_left}:y={glow_top}:enable='@STRONG@'[g1];"
            f"[g1][soft]overlay=x={glow_left}:y={glow_top}:enable='@SOFT@'[g2]"
        )
        chain = "[g2]"
    parts.append(
        f"{chain}[spectrum]overlay=x={spec_left}:y={spec_top}:shortest=1[s];"
        f"[s][lyrics]overlay=x={lyric_left}:y={lyric_top}:eof_action=pass,"
        f"fps={fps},format=yuv420p[v]"
    )
    return ";\n".join(parts)


def _render(
    out_path: Path,
    *,
    audio_path: Path,
    cover_path: Path,
    title: str,
    artist_name: str,
    lyrics_lines: LyricLines,
    beat_times_s: Sequence[float],
    width_px: int,
    height_px: int,
    fps: int,
    visual_fps: int,
    typeface: str,
    accent_colour: str,
    start_s: float,
    duration_s: float | None,
    fade: bool,
    keyframe_s: float,
) -> Path:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", accent_colour):
        raise InputError(f"accent colour must be hex like '#ff2e88', got {accent_colour!r}")
    audio_path, cover_path, out_path = Path(audio_path), Path(cover_path), Path(out_path)
    layout = video_layout(width_px, height_px)
    if not 1 <= fps <= 60:
        raise InputError(f"fps must be within 1…60, got {fps}")
    if not 1 <= visual_fps <= fps:
        raise InputError(f"visual_fps must be within 1…fps ({fps}), got {visual_fps}")
    if not cover_path.is_file():
        raise InputError(f"cover image not found: {cover_path}")
    total_s = audio_duration_s(audio_path)
    if not 0.0 <= start_s < total_s:
        raise InputError(f"start {start_s} s is outside the audio (0…{total_s:.2f} s)")
    length_s = total_s - start_s if duration_s is None else min(duration_s, total_s - start_s)
    events = lyric_events(lyrics_lines, duration_s=length_s, offset_s=start_s)
    beats = [b - start_s for b in beat_times_s if start_s <= b < start_s + length_s]

    with tempfile.TemporaryDirectory(prefix="ai-artist-video-") as work:
        workdir = Path(work)
        still_frame(
            cover_path, layout, title=title, artist_name=artist_name, typeface=typeface
        ).save(workdir / "still.png", compress_level=1)
        lyric_strip("", layout, typeface=typeface).save(workdir / "blank.png")
        for index, (_, _, text) in enumerate(events):
            lyric_strip(text, layout, typeface=typeface).save(
                workdir / f"lyric_{index}.png", compress_level=1
            )
        (workdir / "lyrics.ffconcat").write_text(_concat_list(events, length_s), encoding="utf-8")
        glow_image(layout, accent_colour, strength=1.0).save(workdir / "strong.png")
        glow_image(layout, accent_colour, strength=0.5).save(workdir / "soft.png")
        graph = _graph(
            layout,
            fps=fps,
            visual_fps=visual_fps,
            accent_colour=accent_colour,
            beats=bool(beats),
            duration_s=length_s,
            fade=fade,
        )
        graph = graph.replace("@STRONG@", _beat_expression(beats, 0.0, GLOW_STRONG_S))
        graph = graph.replace("@SOFT@", _beat_expression(beats, GLOW_STRONG_S, GLOW_SOFT_S))
        (workdir / "graph.txt").write_text(graph, encoding="utf-8")
        audio_input = ["-ss", f"{start_s:.3f}", "-t", f"{length_s:.3f}"] if start_s > 0 else []
        with atomic_path(out_path, suffix=".mp4") as tmp:
            run_ffmpeg(
                [
                    "-i", "still.png",
                    *audio_input, "-i", str(audio_path.resolve()),
                    "-f", "concat", "-safe", "0", "-i", "lyrics.ffconcat",
                    "-i", "strong.png",
                    "-i", "soft.png",
                    "-/filter_complex", "graph.txt",
                    "-map", "[v]", "-map", "[aout]" if fade else "1:a",
                    "-c:v", "libx264", "-preset", X264_PRESET, "-crf", str(X264_CRF),
                    "-g", str(max(1, round(keyframe_s * fps))),
                    "-pix_fmt", "yuv420p", "-r", str(fps),
                    "-c:a", "aac", "-b:a", "192k", "-ar", "44100",
                    "-t", f"{length_s:.3f}",
                    "-movflags", "+faststart",
                    str(tmp.resolve()),
                ],
                cwd=workdir,
            )  # fmt: skip
    return out_path


def render_video(
    out_path: Path,
    *,
    audio_path: Path,
    cover_path: Path,
    title: str,
    artist_name: str,
    lyrics_lines: LyricLines,
    beat_times_s: Sequence[float] = (),
    width_px: int = 1920,
    height_px: int = 1080,
    fps: int = 30,
    visual_fps: int = VISUAL_FPS,
    typeface: str = DEFAULT_TYPEFACE,
    accent_colour: str = ACCENT_COLOUR,
) -> Path:
    """Render the music video, an H.264/AAC MP4 as long as the audio (±0.1 s); return it.

    ``lyrics_lines`` are ``(start_s, end_s, text)``; ``beat_times_s`` (seconds) pulse a glow
    around the cover; width and height must be even (yuv420p); ``accent_colour`` (hex) colours
    the spectrum and the glow. The moving layers run at ``visual_fps``, the file at ``fps``.
    """
    return _render(
        out_path,
        audio_path=audio_path,
        cover_path=cover_path,
        title=title,
        artist_name=artist_name,
        lyrics_lines=lyrics_lines,
        beat_times_s=beat_times_s,
        width_px=width_px,
        height_px=height_px,
        fps=fps,
        visual_fps=visual_fps,
        typeface=typeface,
        accent_colour=accent_colour,
        start_s=0.0,
        duration_s=None,
        fade=False,
        keyframe_s=10.0,
    )


def render_short(
    out_path: Path,
    *,
    audio_path: Path,
    cover_path: Path,
    title: str,
    artist_name: str,
    lyrics_lines: LyricLines,
    start_s: float,
    duration_s: float,
    beat_times_s: Sequence[float] = (),
    width_px: int = 1080,
    height_px: int = 1920,
    fps: int = 30,
    visual_fps: int = VISUAL_FPS,
    typeface: str = DEFAULT_TYPEFACE,
    accent_colour: str = ACCENT_COLOUR,
) -> Path:
    """Render a vertical short: ``duration_s`` seconds of the song from ``start_s`` (seconds;
    the chorus) with the same visuals stacked for a 9:16 frame, audio faded in (0.5 s) and out
    (1.5 s). Lyric and beat times are song times; they are shifted to the excerpt."""
    if not 1.0 <= duration_s <= 60.0:
        raise InputError(f"a short lasts 1 to 60 seconds, got {duration_s}")
    return _render(
        out_path,
        audio_path=audio_path,
        cover_path=cover_path,
        title=title,
        artist_name=artist_name,
        lyrics_lines=lyrics_lines,
        beat_times_s=beat_times_s,
        width_px=width_px,
        height_px=height_px,
        fps=fps,
        visual_fps=visual_fps,
        typeface=typeface,
        accent_colour=accent_colour,
        start_s=start_s,
        duration_s=duration_s,
        fade=True,
        keyframe_s=2.0,
    )
