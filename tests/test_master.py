"""Mastering reaches loudness targets under a true-peak ceiling."""

from __future__ import annotations

import numpy as np
import pytest

from ai_artist.engines.production.loudness import (
    gated_loudness_lufs,
    integrated_lufs,
    k_weighted_power,
    true_peak_dbtp,
)
from ai_artist.engines.production.master import limiter_gain, master
from ai_artist.errors import InputError

SR = 44_100


def _tone_and_noise(level_dbfs: float, *, seconds: float = 4.0, seed: int = 0) -> np.ndarray:
    """A pulsing 220 Hz tone plus noise bursts (a crest factor like drums), peak at level_dbfs."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SR)) / SR
    tone = 0.4 * np.sin(2 * np.pi * 220.0 * t) * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t))
    bursts = np.zeros_like(t)
    for start in range(0, t.size - 4000, int(0.3 * SR)):
        bursts[start : start + 4000] += np.exp(-np.arange(4000) / 500.0) * rng.standard_normal(4000)
    left = tone + 0.8 * bursts
    stereo = np.stack([left, 0.9 * left + 0.1 * np.roll(left, 50)])
    stereo *= 10 ** (level_dbfs / 20) / np.max(np.abs(stereo))
    return stereo.astype(np.float32)


def test_gated_loudness_matches_pyloudnorm() -> None:
    audio = _tone_and_noise(-12.0, seconds=3.3)
    expected = integrated_lufs(audio, SR)
    assert gated_loudness_lufs(k_weighted_power(audio, SR), SR) == pytest.approx(expected, abs=1e-6)


def test_true_peak_sees_inter_sample_peaks() -> None:
    # A full-scale sine at fs/4 sampled at 45°: every sample is ±0.707, the true peak is 1.0.
    t = np.arange(SR)
    audio = np.sin(2 * np.pi * t / 4 + np.pi / 4).astype(np.float32)[np.newaxis, :]
    assert 20 * np.log10(np.max(np.abs(audio))) == pytest.approx(-3.01, abs=0.01)
    assert true_peak_dbtp(audio, SR) == pytest.approx(0.0, abs=0.2)


@pytest.mark.parametrize("level_dbfs", [-30.0, -6.0, 0.0])
@pytest.mark.parametrize("target_lufs", [-14.0, -16.0])
def test_master_reaches_target_under_ceiling(level_dbfs: float, target_lufs: float) -> None:
    audio = _tone_and_noise(level_dbfs)
    mastered, report = master(audio, sample_rate_hz=SR, target_lufs=target_lufs)
    assert mastered.shape == audio.shape
    assert mastered.dtype == np.float32
    assert integrated_lufs(mastered, SR) == pytest.approx(target_lufs, abs=0.5)
    assert report.integrated_lufs == pytest.approx(target_lufs, abs=0.1)
    assert true_peak_dbtp(mastered, SR) <= -1.0
    assert report.true_peak_dbtp <= -1.0
    assert np.max(np.abs(mastered)) <= 1.0
    assert report.duration_s == pytest.approx(4.0, abs=0.001)


def test_master_loud_target_needs_limiting_and_stays_under_ceiling() -> None:
    audio = _tone_and_noise(-3.0)
    mastered, report = master(audio, sample_rate_hz=SR, target_lufs=-9.0, true_peak_dbtp=-1.5)
    assert report.integrated_lufs == pytest.approx(-9.0, abs=0.5)
    assert true_peak_dbtp(mastered, SR) <= -1.5


def test_master_is_deterministic_and_keeps_mono() -> None:
    mono = _tone_and_noise(-10.0, seconds=2.0)[0]
    first, _ = master(mono, sample_rate_hz=SR)
    second, _ = master(mono, sample_rate_hz=SR)
    assert first.shape == mono.shape
    assert np.array_equal(first, second)


def test_limiter_gain_never_lets_a_peak_through() -> None:
    rng = np.random.default_rng(3)
    envelope = np.abs(rng.standard_normal(SR)) * 2.0
    gain = limiter_gain(envelope, ceiling=0.5, sample_rate_hz=SR)
    assert np.all(envelope * gain <= 0.5 + 1e-12)
    assert np.all((gain > 0) & (gain <= 1.0))


def test_master_rejects_silence_and_bad_targets() -> None:
    with pytest.raises(InputError, match="silent"):
        master(np.zeros((2, SR), dtype=np.float32), sample_rate_hz=SR)
    with pytest.raises(InputError, match="target_lufs"):
        master(_tone_and_noise(-6.0, seconds=1.0), sample_rate_hz=SR, target_lufs=3.0)


def _seeded_song(seed: int, seconds: float = 10.0) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Stems and a lead vocal of a short song: tempo, key, levels and crest vary with the seed."""
    rng = np.random.default_rng(seed)
    samples = int(seconds * SR)
    t = np.arange(samples) / SR
    beat = 60.0 / rng.uniform(70.0, 150.0)
    root = 55.0 * 2 ** (rng.integers(0, 12) / 12)
    drums = np.zeros(samples)
    for start in np.arange(0.0, seconds - 0.2, beat / rng.choice([1, 2])):
        hit = int(start * SR)
        length = min(6000, samples - hit)
        decay = np.exp(-np.arange(length) / rng.uniform(300.0, 1500.0))
        drums[hit : hit + length] += rng.uniform(0.3, 1.0) * decay * rng.standard_normal(length)
    bass = (
        rng.uniform(0.2, 0.8)
        * np.sin(2 * np.pi * root * t)
        * (0.5 + 0.5 * np.sign(np.sin(2 * np.pi * t / beat)))
    )
    chords = sum(
        rng.uniform(0.05, 0.2) * np.sin(2 * np.pi * root * 4 * 2 ** (step / 12) * t)
        for step in (0, 3 + int(rng.integers(0, 2)), 7)
    )
    melody = root * 8 * 2 ** (rng.integers(0, 8, size=int(seconds)) / 12)
    phase = 2 * np.pi * np.cumsum(melody[(t).astype(int)]) / SR
    vocal = rng.uniform(0.02, 0.3) * np.sin(phase) * ((t % 2.5) < rng.uniform(1.2, 2.2))
    level = 10 ** (rng.uniform(-30.0, -3.0) / 20)
    stems = {
        "drums": (level * np.stack([drums, drums])).astype(np.float32),
        "bass": (level * bass[np.newaxis, :]).astype(np.float32),
        "chords": (level * np.stack([chords, 0.9 * chords])).astype(np.float32),
    }
    return stems, vocal.astype(np.float32)


def test_ten_seeded_songs_master_to_target_without_clipping() -> None:
    from ai_artist.engines.production.mix import mix

    figures = []
    for seed in range(10):
        stems, vocal = _seeded_song(seed)
        genre = ("pop", "lofi", "synthwave", "trap", "ambient")[seed % 5]
        mixed, mix_report = mix(stems, vocal, sample_rate_hz=SR, genre=genre)
        mastered, report = master(mixed, sample_rate_hz=SR, target_lufs=-14.0)
        lufs = integrated_lufs(mastered, SR)
        peak_dbtp = true_peak_dbtp(mastered, SR)
        figures.append((seed, round(lufs, 2), round(peak_dbtp, 2)))
        assert abs(lufs + 14.0) <= 0.5, figures
        assert peak_dbtp <= -1.0, figures
        assert np.max(np.abs(mastered)) < 1.0
        assert report.true_peak_dbtp == pytest.approx(peak_dbtp, abs=0.01)
        assert mix_report.vocal_to_instrumental_db == pytest.approx(1.0, abs=0.5)
