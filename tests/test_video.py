"""Lyric video: H.264/AAC, as long as the audio, lyrics timed as given."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ai_artist.audio import write_audio
from ai_artist.engines.visuals.video import ffmpeg_exe, lyrics_ass, probe_media, render_video
from ai_artist.errors import InputError

SR = 44_100


def _tone(path: Path, seconds: float) -> Path:
    t = np.arange(int(seconds * SR)) / SR
    tone = 0.3 * np.sin(2 * np.pi * 220.0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t))
    return write_audio(path, np.stack([tone, tone]), sample_rate_hz=SR)


def _cover(path: Path) -> Path:
    Image.new("RGB", (200, 200), (200, 40, 120)).save(path, quality=90)
    return path


def test_video_is_h264_aac_and_as_long_as_the_audio(tmp_path: Path) -> None:
    audio = _tone(tmp_path / "song.wav", 4.0)
    out = render_video(
        tmp_path / "video.mp4",
        audio_path=audio,
        cover_path=_cover(tmp_path / "cover.jpg"),
        title="Neon Rain",
        artist_name="Nova Vale",
        lyrics_lines=[(0.5, 1.5, "city lights are falling"), (2.5, 3.6, "neon rain {on} me")],
        wave_colour="#ff2e88",
        width_px=320,
        height_px=180,
    )
    info = probe_media(out)
    assert info["video_codec"] == "h264"
    assert info["audio_codec"] == "aac"
    assert (info["width"], info["height"]) == (320, 180)
    assert info["fps"] == pytest.approx(30.0)
    assert info["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert info["audio_sample_rate_hz"] == SR
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cover.jpg", "song.wav", "video.mp4"]
    # lyrics are on screen while sung and gone in the gap between lines
    lit = [_white_pixels_in_lyric_band(out, at_s, tmp_path) for at_s in (1.0, 2.0, 3.0)]
    assert lit[0] > 40 and lit[2] > 40
    assert lit[1] < 5


def _white_pixels_in_lyric_band(video: Path, at_s: float, folder: Path) -> int:
    frame = folder / f"frame-{at_s}.png"
    command = [ffmpeg_exe(), "-loglevel", "error", "-ss", str(at_s), "-i", str(video)]
    subprocess.run([*command, "-frames:v", "1", "-y", str(frame)], check=True)
    with Image.open(frame) as image:
        pixels = np.asarray(image.convert("RGB"))
    frame.unlink()
    band = pixels[int(0.55 * 180) : int(0.82 * 180)]
    return int(np.sum(np.all(band > 220, axis=2)))


def test_lyrics_script_times_and_escapes_lines() -> None:
    script = lyrics_ass(
        [(2.0, 3.555, "second {line}"), (0.25, 1.5, "first line"), (9.0, 10.0, "too late")],
        width_px=1280,
        height_px=720,
        font_family="DejaVu Sans",
        bold=True,
        duration_s=5.0,
    )
    events = [line for line in script.splitlines() if line.startswith("Dialogue:")]
    assert len(events) == 2
    assert events[0].startswith("Dialogue: 0,0:00:00.25,0:00:01.50,Lyric")
    assert events[0].endswith("first line")
    assert ",0:00:02.00,0:00:03.56," in events[1]
    assert events[1].endswith("second (line)")
    assert "PlayResY: 720" in script
    assert "Style: Lyric,DejaVu Sans,45," in script


def test_bad_inputs_are_named(tmp_path: Path) -> None:
    audio = _tone(tmp_path / "song.wav", 1.0)
    cover = _cover(tmp_path / "cover.jpg")
    common = {"audio_path": audio, "cover_path": cover, "title": "T", "artist_name": "A"}
    with pytest.raises(InputError, match="even"):
        render_video(tmp_path / "v.mp4", **common, lyrics_lines=[], width_px=321, height_px=180)
    with pytest.raises(InputError, match="ends"):
        render_video(tmp_path / "v.mp4", **common, lyrics_lines=[(1.0, 0.5, "backwards")])
    with pytest.raises(InputError, match="not found"):
        probe_media(tmp_path / "missing.mp4")
    assert not (tmp_path / "v.mp4").exists()
