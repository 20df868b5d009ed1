"""Music video: cover, title and name on a blurred backdrop, a live waveform, timed lyrics.

Static parts are drawn once with Pillow into one background image; ffmpeg (the static build of
``imageio-ffmpeg``) loops that single frame, overlays ``showwaves`` from the audio, burns the
lyrics in from an ASS subtitle file (libass) and encodes H.264 (yuv420p) + AAC. Times are
seconds, sizes pixels. Output is written atomically.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import soundfile as sf
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from ai_artist.engines.visuals.fonts import DEFAULT_TYPEFACE, font_path, load_font
from ai_artist.engines.visuals.text import draw_text, fit_text
from ai_artist.errors import InputError, ProviderError
from ai_artist.files import atomic_path

WAVE_COLOUR = "#f8f4e3"
LYRIC_FONT_RATIO = 0.062
"""Lyric font size as a fraction of the video height."""

_X264_PRESET = "veryfast"


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary bundled with ``imageio-ffmpeg``."""
    import imageio_ffmpeg

    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as error:
        raise ProviderError(f"ffmpeg is not available: {error}", provider="ffmpeg") from error


def _run_ffmpeg(args: list[str], *, cwd: Path | None = None) -> None:
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-8:])
        raise ProviderError(f"ffmpeg failed (exit {result.returncode}): {tail}", provider="ffmpeg")


def probe_media(path: Path) -> dict[str, Any]:
    """Duration (s), video size (px), frame rate and codecs of a media file, read by ffmpeg.

    Keys: ``duration_s``, ``width``, ``height``, ``fps``, ``video_codec``, ``audio_codec``,
    ``audio_sample_rate_hz``, ``audio_channels`` (``None`` when the file has no such stream).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"media file not found: {path}")
    result = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    text = result.stderr
    duration = re.search(r"Duration: (\d+):(\d{2}):(\d{2}(?:\.\d+)?)", text)
    if duration is None:
        raise InputError(f"cannot read {path} as audio or video: {text.strip()[-200:]}")
    hours, minutes, seconds = duration.groups()
    info: dict[str, Any] = {
        "duration_s": int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        "width": None,
        "height": None,
        "fps": None,
        "video_codec": None,
        "audio_codec": None,
        "audio_sample_rate_hz": None,
        "audio_channels": None,
    }
    for line in text.splitlines():
        stream = re.search(r"Stream #\d+:\d+.*?: (Video|Audio): (\w+)(.*)", line)
        if stream is None:
            continue
        kind, codec, rest = stream.groups()
        if kind == "Video" and info["video_codec"] is None:
            info["video_codec"] = codec
            size = re.search(r"(\d{2,5})x(\d{2,5})", rest)
            if size:
                info["width"], info["height"] = int(size.group(1)), int(size.group(2))
            fps = re.search(r"([\d.]+) fps", rest)
            if fps:
                info["fps"] = float(fps.group(1))
        elif kind == "Audio" and info["audio_codec"] is None:
            info["audio_codec"] = codec
            rate = re.search(r"(\d+) Hz", rest)
            if rate:
                info["audio_sample_rate_hz"] = int(rate.group(1))
            channels = re.search(r"Hz, (mono|stereo|\d+ channels)", rest)
            if channels:
                word = channels.group(1)
                info["audio_channels"] = {"mono": 1, "stereo": 2}.get(word) or int(word.split()[0])
    return info


def _audio_duration_s(audio_path: Path) -> float:
    if not audio_path.is_file():
        raise InputError(f"audio file not found: {audio_path}")
    try:
        return float(sf.info(str(audio_path)).duration)
    except (sf.LibsndfileError, RuntimeError):
        return float(probe_media(audio_path)["duration_s"])


def _ass_time(seconds: float) -> str:
    centis = max(0, round(seconds * 100))
    hours, rest = divmod(centis, 360_000)
    minutes, rest = divmod(rest, 6000)
    secs, centis = divmod(rest, 100)
    return f"{hours}:{minutes:02d}:{secs:02d}.{centis:02d}"


def _ass_text(text: str) -> str:
    cleaned = text.replace("\\", "/").replace("{", "(").replace("}", ")")
    return "\\N".join(part.strip() for part in cleaned.splitlines() if part.strip())


def lyrics_ass(
    lyrics_lines: list[tuple[float, float, str]],
    *,
    width_px: int,
    height_px: int,
    font_family: str,
    bold: bool,
    duration_s: float,
) -> str:
    """An ASS subtitle script with one event per ``(start_s, end_s, text)`` line.

    Lines are centred above the waveform, white with a dark outline and a short fade.
    Lines outside ``[0, duration_s]`` are dropped, ends are clipped to the duration.
    """
    font_px = max(10, round(height_px * LYRIC_FONT_RATIO))
    outline = max(1, round(font_px / 14))
    margin_v = round(height_px * 0.2)
    margin_h = round(width_px * 0.06)
    header = [
        "[Script Info]",
        "ScriptType: v4.00+",
        f"PlayResX: {width_px}",
        f"PlayResY: {height_px}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
        f"Style: Lyric,{font_family},{font_px},&H00FFFFFF,&H00FFFFFF,&H00201010,&H80000000,"
        f"{-1 if bold else 0},0,0,0,100,100,0,0,1,{outline},1,2,{margin_h},{margin_h},"
        f"{margin_v},1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    events = []
    for start_s, end_s, text in sorted(lyrics_lines):
        if end_s <= start_s:
            raise InputError(
                f"lyric line {text!r} ends ({end_s} s) before it starts ({start_s} s); "
                "give (start_s, end_s, text) with end_s > start_s"
            )
        if start_s >= duration_s or not text.strip():
            continue
        begin, finish = _ass_time(max(0.0, start_s)), _ass_time(min(end_s, duration_s))
        body = "{\\fad(120,120)}" + _ass_text(text)
        events.append(f"Dialogue: 0,{begin},{finish},Lyric,,0,0,0,,{body}")
    return "\n".join([*header, *events]) + "\n"


def _background(
    cover_path: Path,
    *,
    title: str,
    artist_name: str,
    width_px: int,
    height_px: int,
    typeface: str,
) -> Image.Image:
    """The still frame: blurred cover backdrop, the cover, title and artist name."""
    try:
        with Image.open(cover_path) as opened:
            cover = opened.convert("RGB")
    except (OSError, ValueError) as error:
        raise InputError(f"cannot open cover image {cover_path}: {error}") from error
    backdrop = ImageOps.fit(cover, (max(1, width_px // 8), max(1, height_px // 8)))
    backdrop = backdrop.filter(ImageFilter.GaussianBlur(radius=max(1, width_px // 200)))
    backdrop = backdrop.resize((width_px, height_px), Image.Resampling.BILINEAR)
    frame = Image.blend(backdrop, Image.new("RGB", backdrop.size, (0, 0, 0)), 0.55)

    side = round(height_px * 0.5)
    left, top = round(width_px * 0.07), round(height_px * 0.1)
    shadow = Image.new("L", (width_px, height_px), 0)
    offset = max(2, side // 40)
    ImageDraw.Draw(shadow).rectangle(
        (left + offset, top + offset, left + side + offset, top + side + offset), fill=160
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius=max(1, side // 30)))
    frame.paste((0, 0, 0), (0, 0), shadow)
    frame.paste(cover.resize((side, side), Image.Resampling.LANCZOS), (left, top))

    text_left = left + side + round(width_px * 0.05)
    text_width = width_px - text_left - round(width_px * 0.06)
    draw = ImageDraw.Draw(frame)
    title_block = fit_text(
        title,
        typeface,
        max_width_px=text_width,
        max_height_px=round(side * 0.55),
        max_lines=3,
        largest_px=max(12, round(height_px * 0.09)),
        smallest_px=max(8, round(height_px * 0.03)),
    )
    artist_block = fit_text(
        artist_name,
        typeface,
        max_width_px=text_width,
        max_height_px=round(side * 0.25),
        max_lines=2,
        largest_px=max(10, round(height_px * 0.05)),
        smallest_px=max(8, round(height_px * 0.022)),
    )
    gap = round(height_px * 0.02)
    block_top = top + (side - title_block.height_px - gap - artist_block.height_px) // 2
    draw_text(
        draw,
        title_block,
        left_px=text_left,
        top_px=block_top,
        fill=(255, 255, 255),
        stroke_fill=(16, 16, 32),
    )
    draw_text(
        draw,
        artist_block,
        left_px=text_left,
        top_px=block_top + title_block.height_px + gap,
        fill=(225, 225, 235),
        stroke_fill=(16, 16, 32),
    )
    return frame


def render_video(
    out_path: Path,
    *,
    audio_path: Path,
    cover_path: Path,
    title: str,
    artist_name: str,
    lyrics_lines: list[tuple[float, float, str]],
    width_px: int = 1280,
    height_px: int = 720,
    fps: int = 30,
    typeface: str = DEFAULT_TYPEFACE,
    wave_colour: str = WAVE_COLOUR,
) -> Path:
    """Render an H.264/AAC MP4 as long as the audio (±0.1 s) and return ``out_path``.

    ``lyrics_lines`` are ``(start_s, end_s, text)``; width and height must be even (yuv420p);
    ``wave_colour`` is the waveform's hex colour (e.g. the artist's accent ``"#ff2e88"``).
    """
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", wave_colour):
        raise InputError(f"wave_colour must be a hex colour like '#ff2e88', got {wave_colour!r}")
    audio_path, cover_path, out_path = Path(audio_path), Path(cover_path), Path(out_path)
    if width_px % 2 or height_px % 2 or width_px < 64 or height_px < 64:
        raise InputError(f"video size must be even and at least 64×64, got {width_px}×{height_px}")
    if not 1 <= fps <= 60:
        raise InputError(f"fps must be within 1…60, got {fps}")
    if not cover_path.is_file():
        raise InputError(f"cover image not found: {cover_path}")
    duration_s = _audio_duration_s(audio_path)
    font_file = font_path(typeface) or font_path(DEFAULT_TYPEFACE)
    family, style = load_font(typeface, 20).getname()
    wave_height = max(16, round(height_px * 0.12)) // 2 * 2
    wave_top = height_px - wave_height - round(height_px * 0.04)

    with tempfile.TemporaryDirectory(prefix="ai-artist-video-") as work:
        workdir = Path(work)
        _background(
            cover_path,
            title=title,
            artist_name=artist_name,
            width_px=width_px,
            height_px=height_px,
            typeface=typeface,
        ).save(workdir / "background.png")
        (workdir / "lyrics.ass").write_text(
            lyrics_ass(
                lyrics_lines,
                width_px=width_px,
                height_px=height_px,
                font_family=family or "DejaVu Sans",
                bold="bold" in (style or "").lower(),
                duration_s=duration_s,
            ),
            encoding="utf-8",
        )
        (workdir / "fonts").mkdir()
        if font_file is not None:
            shutil.copy(font_file, workdir / "fonts" / font_file.name)
        graph = (
            f"[0:v]loop=loop=-1:size=1:start=0,fps={fps},format=rgb24[bg];"
            f"[1:a]aformat=channel_layouts=mono,"
            f"showwaves=s={width_px}x{wave_height}:mode=cline:rate={fps}:scale=sqrt:"
            f"colors=0x{wave_colour[1:]}@0.85,format=rgba[wave];"
            f"[bg][wave]overlay=x=0:y={wave_top}:shortest=1,"
            f"subtitles=lyrics.ass:fontsdir=fonts,format=yuv420p[v]"
        )
        with atomic_path(out_path, suffix=".mp4") as tmp:
            _run_ffmpeg(
                [
                    "-i", "background.png",
                    "-i", str(audio_path.resolve()),
                    "-filter_complex", graph,
                    "-map", "[v]", "-map", "1:a",
                    "-c:v", "libx264", "-preset", _X264_PRESET, "-crf", "22",
                    "-pix_fmt", "yuv420p", "-r", str(fps),
                    "-c:a", "aac", "-b:a", "192k",
                    "-t", f"{duration_s:.3f}",
                    "-movflags", "+faststart",
                    str(tmp.resolve()),
                ],
                cwd=workdir,
            )  # fmt: skip
    return out_path
