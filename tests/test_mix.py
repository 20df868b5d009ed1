"""Mixing stems and a vocal: vocal level against the bed, peak ceiling, humanization."""

from __future__ import annotations

import numpy as np
import pytest

from ai_artist.engines.production.loudness import integrated_lufs
from ai_artist.engines.production.mix import humanize, mix, stem_pan, sung_mask
from ai_artist.errors import InputError

SR = 44_100
SECONDS = 4.0


def _stems() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    t = np.arange(int(SECONDS * SR)) / SR
    kicks = np.zeros_like(t)
    for start in range(0, t.size - 3000, SR // 2):
        kicks[start : start + 3000] += np.exp(-np.arange(3000) / 400.0) * rng.standard_normal(3000)
    bass = 0.5 * np.sin(2 * np.pi * 55.0 * t)
    chords = np.stack([0.2 * np.sin(2 * np.pi * 440.0 * t), 0.2 * np.sin(2 * np.pi * 554.4 * t)])
    return {
        "drums": np.stack([kicks, kicks]).astype(np.float32),
        "bass": bass[np.newaxis, :].astype(np.float32),
        "chords": chords.astype(np.float32),
    }


def _vocal() -> np.ndarray:
    """A vibrato 'voice' singing 1.4 s phrases every 2 s (silence in between)."""
    t = np.arange(int(SECONDS * SR)) / SR
    voice = 0.05 * np.sin(2 * np.pi * 330.0 * t + 3.0 * np.sin(2 * np.pi * 5.0 * t))
    voice += 0.02 * np.sin(2 * np.pi * 990.0 * t)
    return (voice * ((t % 2.0) < 1.4)).astype(np.float32)


@pytest.mark.parametrize("target_db", [1.0, -3.0])
def test_vocal_sits_at_the_requested_level_over_the_bed(target_db: float) -> None:
    stems, vocal = _stems(), _vocal()
    mixed, report = mix(
        stems, vocal, sample_rate_hz=SR, genre="synthwave", vocal_to_instrumental_db=target_db
    )
    assert mixed.shape == (2, int(SECONDS * SR))
    assert report.vocal_to_instrumental_db == pytest.approx(target_db, abs=0.5)
    # independent check: subtract the bed (same processing, same trim) and measure both parts
    bed, bed_report = mix(stems, None, sample_rate_hz=SR, genre="synthwave")
    bed *= 10 ** ((report.stems["drums"] - bed_report.stems["drums"]) / 20)
    sung = sung_mask(vocal, sample_rate_hz=SR)
    vocal_part = (mixed - bed)[:, sung]
    measured = integrated_lufs(vocal_part, SR) - integrated_lufs(bed[:, sung], SR)
    assert measured == pytest.approx(target_db, abs=0.5)
    assert set(report.stems) == {"drums", "bass", "chords", "vocal"}


def test_mix_peak_stays_under_minus_one_dbfs() -> None:
    stems = {name: audio * 8.0 for name, audio in _stems().items()}  # far too hot
    mixed, report = mix(stems, _vocal() * 8.0, sample_rate_hz=SR, genre="rock")
    peak_db = 20 * np.log10(np.max(np.abs(mixed)))
    assert peak_db <= -1.0
    assert report.peak_dbfs == pytest.approx(peak_db, abs=0.01)


def test_instrumental_mix_has_no_vocal_ratio_and_centres_the_rhythm() -> None:
    mixed, report = mix(_stems(), None, sample_rate_hz=SR, genre="pop")
    again, _ = mix(_stems(), None, sample_rate_hz=SR, genre="pop")
    assert np.array_equal(mixed, again)
    assert report.vocal_to_instrumental_db is None
    assert "vocal" not in report.stems
    assert stem_pan("drums", 0) == 0.0 and stem_pan("bass", 1) == 0.0
    assert stem_pan("chords", 0) < 0 < stem_pan("pad", 1)
    assert mixed.dtype == np.float32


def test_mix_rejects_empty_input_and_stereo_vocal() -> None:
    with pytest.raises(InputError, match="at least one stem"):
        mix({}, None, sample_rate_hz=SR, genre="pop")
    with pytest.raises(InputError, match="vocal must be mono"):
        mix(_stems(), np.zeros((2, SR), dtype=np.float32), sample_rate_hz=SR, genre="pop")


def test_humanize_bypass_determinism_and_character() -> None:
    mixed, _ = mix(_stems(), _vocal(), sample_rate_hz=SR, genre="lofi")
    assert np.array_equal(humanize(mixed, sample_rate_hz=SR, seed=5, amount=0.0), mixed)
    first = humanize(mixed, sample_rate_hz=SR, seed=5, amount=0.6)
    again = humanize(mixed, sample_rate_hz=SR, seed=5, amount=0.6)
    other = humanize(mixed, sample_rate_hz=SR, seed=6, amount=0.6)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
    # level is kept within a dB, and there is now a noise floor where there was silence
    assert integrated_lufs(first, SR) == pytest.approx(integrated_lufs(mixed, SR), abs=1.0)
    silence = humanize(np.zeros((2, SR), dtype=np.float32), sample_rate_hz=SR, seed=1, amount=1.0)
    floor_db = 20 * np.log10(np.sqrt(np.mean(silence**2)))
    assert -70.0 < floor_db < -62.0
    with pytest.raises(InputError, match="amount"):
        humanize(mixed, sample_rate_hz=SR, seed=1, amount=1.5)
