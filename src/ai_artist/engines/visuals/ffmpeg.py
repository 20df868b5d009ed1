"""The bundled ffmpeg (``imageio-ffmpeg``): running it and reading media properties.

``imageio-ffmpeg`` ships a static ffmpeg with x264, AAC, libass and the audio visualizers but
no ffprobe, so :func:`probe_media` reads the stream lines ffmpeg prints for an input.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import soundfile as sf

from ai_artist.errors import InputError, ProviderError


def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary bundled with ``imageio-ffmpeg``."""
    import imageio_ffmpeg

    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as error:
        raise ProviderError(f"ffmpeg is not available: {error}", provider="ffmpeg") from error


def run_ffmpeg(args: list[str], *, cwd: Path | None = None) -> None:
    """Run the bundled ffmpeg quietly; :class:`ProviderError` with its last lines on failure."""
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


def audio_duration_s(audio_path: Path) -> float:
    """Length of an audio file in seconds (soundfile, else ffmpeg)."""
    if not audio_path.is_file():
        raise InputError(f"audio file not found: {audio_path}")
    try:
        return float(sf.info(str(audio_path)).duration)
    except (sf.LibsndfileError, RuntimeError):
        return float(probe_media(audio_path)["duration_s"])
