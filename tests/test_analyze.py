"""Analysing audio: tempo, beats, downbeats, key, loudness, sections and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ai_artist.audio import write_audio
from ai_artist.domain import Analysis, SectionPlan, SongPlan
from ai_artist.engines.music import EmbeddedComposer, EmbeddedRenderer
from ai_artist.engines.music.analyze import analyze, integrated_lufs
from ai_artist.errors import InputError
from factories import make_artist, make_plan

RELATIVE_MINOR = {"C": "A", "G": "E", "F": "D", "D": "B", "A": "F#"}


def _render(plan: SongPlan, genre: str, out: Path) -> Path:
    artist = make_artist(genre=genre)
    score = EmbeddedComposer().compose(plan, artist)
    path = out / "instrumental.wav"
    EmbeddedRenderer().render(score, stems_dir=out / "stems", instrumental_path=path)
    return path


@pytest.fixture(scope="module")
def pop_song(tmp_path_factory: pytest.TempPathFactory) -> tuple[SongPlan, Path]:
    """16 bars of pop in C major at 112 BPM (34.3 s + 3 s ring-out)."""
    plan = make_plan(
        genre="pop",
        key="C",
        mode="major",
        tempo_bpm=112.0,
        seed=4,
        form=[
            SectionPlan(name="verse", bars=8, energy=0.6),
            SectionPlan(name="chorus", bars=8, energy=0.85),
        ],
    )
    return plan, _render(plan, "pop", tmp_path_factory.mktemp("pop"))


@pytest.fixture(scope="module")
def pop_analysis(pop_song: tuple[SongPlan, Path]) -> Analysis:
    return analyze(pop_song[1])


def test_tempo_beats_and_downbeats(pop_song: tuple[SongPlan, Path], pop_analysis: Analysis) -> None:
    plan, analysis = pop_song[0], pop_analysis
    assert abs(analysis.tempo_bpm - plan.tempo_bpm) / plan.tempo_bpm < 0.02
    period_s = 60.0 / plan.tempo_bpm
    beats = np.array(analysis.beat_times_s)
    assert len(beats) >= 60
    assert abs(float(np.median(np.diff(beats))) - period_s) < 0.02
    # beats fall on the grid of the score (start at 0 s)
    phase = (beats[:64] / period_s) % 1.0
    assert np.mean(np.minimum(phase, 1 - phase)) < 0.08
    downbeats = np.array(analysis.downbeat_times_s)
    assert abs(float(np.median(np.diff(downbeats))) - 4 * period_s) < 0.05
    bar_phase = (downbeats / (4 * period_s)) % 1.0
    assert np.median(np.minimum(bar_phase, 1 - bar_phase)) < 0.05


def test_key_duration_loudness_and_sections(
    pop_song: tuple[SongPlan, Path], pop_analysis: Analysis
) -> None:
    plan, analysis = pop_song[0], pop_analysis
    assert (analysis.key, analysis.mode) in {("C", "major"), (RELATIVE_MINOR["C"], "minor")}
    assert 0.0 < analysis.key_confidence <= 1.0
    assert abs(analysis.duration_s - (plan.duration_s + 3.0)) < 0.05
    assert analysis.sample_rate_hz == 44100
    assert abs(analysis.peak_dbfs - (-3.0)) < 0.1
    assert -30.0 < analysis.integrated_lufs < -10.0
    assert all(0 < t < analysis.duration_s for t in analysis.section_boundaries_s)


def test_loudness_of_a_known_tone(tmp_path: Path) -> None:
    """A full-scale-minus-20 dB 1 kHz stereo sine reads about −20 LUFS (+ K-weighting ~0.7)."""
    t = np.arange(44100 * 5) / 44100
    tone = 0.1 * np.sin(2 * np.pi * 1000 * t)
    path = write_audio(tmp_path / "tone.wav", np.stack([tone, tone]))
    lufs = integrated_lufs(np.stack([tone, tone]).astype(np.float32), 44100)
    assert -21.5 < lufs < -19.0
    assert abs(analyze(path).integrated_lufs - lufs) < 0.05


def test_minor_trap_at_140_is_not_read_at_half_tempo(tmp_path: Path) -> None:
    plan = make_plan(
        genre="trap",
        key="D",
        mode="minor",
        tempo_bpm=140.0,
        seed=2,
        form=[
            SectionPlan(name="verse", bars=8, energy=0.65),
            SectionPlan(name="chorus", bars=8, energy=0.85),
        ],
    )
    analysis = analyze(_render(plan, "trap", tmp_path))
    assert abs(analysis.tempo_bpm - 140.0) / 140.0 < 0.02
    assert (analysis.key, analysis.mode) in {("D", "minor"), ("F", "major")}


def test_bad_input_is_rejected_with_what_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="audio file not found"):
        analyze(tmp_path / "nothing.wav")
    text = tmp_path / "notes.txt"
    text.write_text("la la la")
    with pytest.raises(InputError, match=r"unsupported format '\.txt'; accepted: \.wav, .*\.flac"):
        analyze(text)
    corrupt = tmp_path / "broken.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk")
    with pytest.raises(InputError, match=r"broken\.wav: it is corrupt or not WAV audio.*accepted"):
        analyze(corrupt)
    mislabelled = tmp_path / "song.flac"
    mislabelled.write_bytes(
        write_audio(tmp_path / "real.wav", 0.3 * np.ones(44100 * 3)).read_bytes()
    )
    with pytest.raises(InputError, match=r"holds WAV data but is named '\.flac'"):
        analyze(mislabelled)
    silent = write_audio(tmp_path / "silent.wav", np.zeros((2, 44100 * 3), dtype=np.float32))
    with pytest.raises(InputError, match=r"silent.*accepted: audio with a peak above"):
        analyze(silent)
    t = np.arange(44100) / 44100
    short = write_audio(tmp_path / "short.flac", 0.3 * np.sin(2 * np.pi * 440 * t))
    with pytest.raises(InputError, match=r"lasts 1\.00 s; accepted: at least 2 s"):
        analyze(short)


@pytest.mark.parametrize("suffix", [".m4a", ".mp3", ".aiff"])
def test_any_common_audio_format_is_read(suffix: str, tmp_path: Path) -> None:
    """M4A/AAC goes through the bundled ffmpeg; MP3 and AIFF through libsndfile."""
    import subprocess

    import imageio_ffmpeg

    t = np.arange(44100 * 4) / 44100
    clicks = (np.sin(2 * np.pi * 2 * t) > 0.95) * np.sin(2 * np.pi * 880 * t)  # 120 BPM pulses
    tone = 0.2 * np.sin(2 * np.pi * 220 * t) + 0.5 * clicks
    source = write_audio(tmp_path / "source.wav", np.stack([tone, tone]))
    target = tmp_path / f"song{suffix}"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(source), str(target)],
        check=True,
    )
    heard = analyze(target)
    assert heard.duration_s == pytest.approx(4.0, abs=0.08)
    assert heard.peak_dbfs == pytest.approx(20 * np.log10(np.max(np.abs(tone))), abs=1.0)
