"""Music video and vertical short: streams, duration, lyrics on screen at their LRC times,
beat pulses, the short's excerpt and fades."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from ai_artist.audio import write_audio
from ai_artist.engines.visuals.frames import lyric_strip, video_layout
from ai_artist.engines.visuals.video import (
    ffmpeg_exe,
    lyric_events,
    probe_media,
    render_short,
    render_video,
)
from ai_artist.errors import InputError

SR = 44_100
LINES = [
    (0.3, 1.3, "city lights are falling"),
    (1.5, 2.5, "neon rain on me"),
    (2.7, 3.7, "hold the night"),
]
ACCENT = "#ff2e88"


def _tone(path: Path, seconds: float) -> Path:
    t = np.arange(int(seconds * SR)) / SR
    tone = 0.3 * np.sin(2 * np.pi * 220.0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.7 * t))
    return write_audio(path, np.stack([tone, tone]), sample_rate_hz=SR)


def _cover(path: Path) -> Path:
    Image.new("RGB", (200, 200), (40, 60, 120)).save(path, quality=90)
    return path


def _frame(video: Path, at_s: float, folder: Path) -> np.ndarray:
    frame = folder / f"frame-{at_s}.png"
    command = [ffmpeg_exe(), "-loglevel", "error", "-i", str(video), "-ss", str(at_s)]
    subprocess.run([*command, "-frames:v", "1", "-y", str(frame)], check=True)
    with Image.open(frame) as image:
        pixels = np.asarray(image.convert("RGB"), dtype=np.float64)
    frame.unlink()
    return pixels


def _luma(rgb: np.ndarray) -> np.ndarray:
    return rgb @ np.array([0.299, 0.587, 0.114])


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("video")
    audio = _tone(folder / "song.wav", 4.0)
    out = render_video(
        folder / "video.mp4",
        audio_path=audio,
        cover_path=_cover(folder / "cover.jpg"),
        title="Neon Rain",
        artist_name="Nova Vale",
        lyrics_lines=LINES,
        beat_times_s=[1.0, 2.0, 3.0],
        accent_colour=ACCENT,
        width_px=640,
        height_px=360,
    )
    return out, folder


def test_video_is_h264_aac_30fps_and_as_long_as_the_audio(video: tuple[Path, Path]) -> None:
    out, folder = video
    info = probe_media(out)
    assert (info["video_codec"], info["audio_codec"]) == ("h264", "aac")
    assert (info["width"], info["height"]) == (640, 360)
    assert info["fps"] == pytest.approx(30.0)
    assert info["duration_s"] == pytest.approx(4.0, abs=0.1)
    assert (info["audio_sample_rate_hz"], info["audio_channels"]) == (SR, 2)
    assert sorted(p.name for p in folder.iterdir()) == ["cover.jpg", "song.wav", "video.mp4"]


def test_the_lyric_on_screen_is_the_line_of_that_time(video: tuple[Path, Path]) -> None:
    """Frames taken inside each line are matched against a reference render of every line;
    the closest is the line sung at that time, and a frame in a gap matches none."""
    out, folder = video
    layout = video_layout(640, 360)
    left, top, width, height = layout.lyrics
    references = []
    for _, _, text in LINES:
        strip = np.asarray(lyric_strip(text, layout, typeface="DejaVuSans-Bold"), np.float64)
        alpha = strip[:, :, 3:] / 255.0
        references.append(_luma(strip[:, :, :3] * alpha + 128.0 * (1.0 - alpha)).ravel())

    def closeness(at_s: float) -> list[float]:
        region = _luma(_frame(out, at_s, folder)[top : top + height, left : left + width])
        scores = [np.corrcoef(region.ravel(), ref)[0, 1] for ref in references]
        return [float(np.nan_to_num(score)) for score in scores]  # a flat region gives nan

    for expected, at_s in enumerate((0.8, 2.0, 3.2)):
        scores = closeness(at_s)
        assert int(np.argmax(scores)) == expected, (at_s, scores)
        assert scores[expected] > 0.6, (at_s, scores)
    assert max(closeness(1.4)) < 0.3  # between lines nothing is shown


def test_the_glow_pulses_on_the_beats(video: tuple[Path, Path]) -> None:
    out, folder = video
    layout = video_layout(640, 360)
    left, top, side, _ = layout.glow
    ring = np.ones((side, side), dtype=bool)
    margin = layout.glow_margin_px
    ring[margin:-margin, margin:-margin] = False  # only the border around the cover

    def redness(at_s: float) -> float:
        pixels = _frame(out, at_s, folder)[top : top + side, left : left + side]
        return float(np.mean(pixels[ring][:, 0] - pixels[ring][:, 2]))

    assert redness(2.0) > redness(2.5) + 20.0
    assert redness(1.0) > redness(1.5) + 20.0


def test_short_is_vertical_excerpt_with_fades(tmp_path: Path) -> None:
    audio = _tone(tmp_path / "song.wav", 6.0)
    out = render_short(
        tmp_path / "short.mp4",
        audio_path=audio,
        cover_path=_cover(tmp_path / "cover.jpg"),
        title="Neon Rain",
        artist_name="Nova Vale",
        lyrics_lines=[(2.0, 3.5, "neon rain on me"), (0.2, 0.9, "before the excerpt")],
        beat_times_s=[2.5, 3.0],
        start_s=1.5,
        duration_s=3.0,
        width_px=360,
        height_px=640,
    )
    info = probe_media(out)
    assert (info["width"], info["height"]) == (360, 640)
    assert info["fps"] == pytest.approx(30.0)
    assert info["duration_s"] == pytest.approx(3.0, abs=0.1)
    assert (info["video_codec"], info["audio_codec"]) == ("h264", "aac")
    wav = tmp_path / "short.wav"
    subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-i", str(out), "-vn", "-y", str(wav)], check=True
    )
    sound, rate = sf.read(wav)
    rms = [np.sqrt(np.mean(sound[int(a * rate) : int(b * rate)] ** 2)) for a, b in
           ((0.0, 0.1), (1.0, 1.5), (2.85, 2.95))]  # fmt: skip
    assert rms[0] < 0.3 * rms[1] and rms[2] < 0.3 * rms[1]  # faded in and out
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".mp4"] == ["short.mp4"]


def test_lyric_events_shift_clip_and_never_overlap() -> None:
    events = lyric_events(
        [(5.0, 7.0, "third"), (1.0, 3.5, "first  line"), (3.0, 4.0, "second"), (9.0, 9.5, "x")],
        duration_s=7.0,
        offset_s=1.0,
    )
    assert events == [(0.0, 2.0, "first line"), (2.0, 3.0, "second"), (4.0, 6.0, "third")]


def test_bad_inputs_are_named(tmp_path: Path) -> None:
    audio = _tone(tmp_path / "song.wav", 1.0)
    cover = _cover(tmp_path / "cover.jpg")
    common = {"audio_path": audio, "cover_path": cover, "title": "T", "artist_name": "A"}
    with pytest.raises(InputError, match="even"):
        render_video(tmp_path / "v.mp4", **common, lyrics_lines=[], width_px=321, height_px=180)
    with pytest.raises(InputError, match="ends"):
        render_video(tmp_path / "v.mp4", **common, lyrics_lines=[(1.0, 0.5, "backwards")])
    with pytest.raises(InputError, match="hex"):
        render_video(tmp_path / "v.mp4", **common, lyrics_lines=[], accent_colour="pink")
    with pytest.raises(InputError, match="1 to 60 seconds"):
        render_short(tmp_path / "s.mp4", **common, lyrics_lines=[], start_s=0.0, duration_s=90)
    with pytest.raises(InputError, match="outside the audio"):
        render_short(tmp_path / "s.mp4", **common, lyrics_lines=[], start_s=5.0, duration_s=2)
    with pytest.raises(InputError, match="not found"):
        probe_media(tmp_path / "missing.mp4")
    assert not (tmp_path / "v.mp4").exists() and not (tmp_path / "s.mp4").exists()
