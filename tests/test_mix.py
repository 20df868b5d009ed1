"""Mixing stems and vocals: lead level over the bed, de-essing, backing vocals, peak ceiling,
humanization with wow and flutter."""

from __future__ import annotations

import numpy as np
import pytest

from ai_artist.engines.production.loudness import integrated_lufs
from ai_artist.engines.production.mix import mix, stem_pan, sung_mask
from ai_artist.engines.production.tape import humanize, wow_flutter
from ai_artist.engines.production.vocal import deess, widen
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


def _pitch_cents(audio: np.ndarray, reference_hz: float) -> np.ndarray:
    """Pitch (cents from ``reference_hz``) of a sine, per 50 ms frame, from zero crossings."""
    frame = SR // 20
    cents = []
    for start in range(0, audio.size - frame, frame):
        chunk = audio[start : start + frame]
        rising = np.flatnonzero((chunk[:-1] < 0) & (chunk[1:] >= 0))
        # sub-sample crossing positions give the period to a small fraction of a sample
        exact = rising + chunk[rising] / (chunk[rising] - chunk[rising + 1])
        period = np.mean(np.diff(exact)) / SR
        cents.append(1200 * np.log2(1 / period / reference_hz))
    return np.array(cents)


def test_wow_and_flutter_bend_the_pitch_by_a_few_cents_and_are_seeded() -> None:
    t = np.arange(6 * SR) / SR
    tone = (0.5 * np.sin(2 * np.pi * 440.0 * t)).astype(np.float32)
    wobbly = wow_flutter(tone, sample_rate_hz=SR, seed=4, depth=1.0)
    assert wobbly.shape == tone.shape
    assert np.array_equal(wobbly, wow_flutter(tone, sample_rate_hz=SR, seed=4, depth=1.0))
    assert not np.array_equal(wobbly, wow_flutter(tone, sample_rate_hz=SR, seed=5, depth=1.0))
    assert np.array_equal(wow_flutter(tone, sample_rate_hz=SR, seed=4, depth=0.0), tone)
    straight = _pitch_cents(tone[SR:], 440.0)
    bent = _pitch_cents(wobbly[SR:], 440.0)
    assert np.max(np.abs(straight)) < 0.5
    assert 4.0 < np.max(np.abs(bent)) < 14.0  # wow ≤ 9 + flutter ≤ 2.5 cents at depth 1
    # the lo-fi humanize carries the wobble; without depth it does not
    lofi = humanize(tone, sample_rate_hz=SR, seed=4, amount=1.0, wow_flutter_depth=1.0)
    clean = humanize(tone, sample_rate_hz=SR, seed=4, amount=1.0)
    assert np.max(np.abs(_pitch_cents(lofi[SR:], 440.0))) > 4.0
    assert np.max(np.abs(_pitch_cents(clean[SR:], 440.0))) < 1.0


def _band_db(audio: np.ndarray, low_hz: float, high_hz: float) -> float:
    spectrum = np.abs(np.fft.rfft(audio.astype(np.float64))) ** 2
    freqs = np.fft.rfftfreq(audio.size, 1 / SR)
    return float(10 * np.log10(spectrum[(freqs >= low_hz) & (freqs < high_hz)].sum()))


def test_deesser_turns_down_sibilants_only() -> None:
    rng = np.random.default_rng(2)
    t = np.arange(2 * SR) / SR
    voiced = 0.2 * np.sin(2 * np.pi * 220.0 * t) + 0.05 * np.sin(2 * np.pi * 660.0 * t)
    hiss = np.zeros_like(t)
    burst = slice(int(1.2 * SR), int(1.4 * SR))  # an "s": loud noise above 5 kHz
    noise = rng.standard_normal(t.size)
    spectrum = np.fft.rfft(noise)
    spectrum[np.fft.rfftfreq(t.size, 1 / SR) < 6000] = 0
    hiss[burst] = 0.4 * np.fft.irfft(spectrum, t.size)[burst] / np.std(np.fft.irfft(spectrum))
    vocal = (voiced + hiss).astype(np.float32)
    out, most_db = deess(vocal, sample_rate_hz=SR)
    assert 4.0 <= most_db <= 10.0
    sibilant = slice(int(1.22 * SR), int(1.38 * SR))
    reduced = _band_db(vocal[sibilant], 6000, 16000) - _band_db(out[sibilant], 6000, 16000)
    assert reduced > 4.0
    vowel = slice(int(0.2 * SR), int(1.0 * SR))  # no sibilance: left as it was
    assert np.max(np.abs(out[vowel] - vocal[vowel])) < 1e-3
    assert deess(np.zeros(SR, dtype=np.float32), sample_rate_hz=SR)[1] == 0.0


def test_backing_vocals_sit_under_the_lead_and_wide() -> None:
    stems, lead = _stems(), _vocal()
    harmony = np.roll(lead, 200) * 0.8
    mixed, report = mix(
        stems, lead, sample_rate_hz=SR, genre="pop", backing_vocal=harmony, backing_to_lead_db=-6.0
    )
    assert report.backing_to_lead_db == pytest.approx(-6.0, abs=0.5)
    assert report.vocal_to_instrumental_db == pytest.approx(1.0, abs=0.5)
    assert report.target_vocal_to_instrumental_db == 1.0
    assert "vocal_backing" in report.stems and report.deessing_max_db is not None
    without, lead_only = mix(stems, lead, sample_rate_hz=SR, genre="pop")
    assert lead_only.stems["vocal"] == pytest.approx(report.stems["vocal"], abs=1e-6)  # no trim
    backing_part = mixed - without
    side = backing_part[0] - backing_part[1]
    mid = backing_part[0] + backing_part[1]
    assert np.sqrt(np.mean(side**2)) > 0.3 * np.sqrt(np.mean(mid**2))  # spread, not centred
    # the complementary comb keeps the mono fold-down of a mono source intact
    spread = widen(harmony, sample_rate_hz=SR)
    assert np.allclose(spread.sum(axis=0), 2 * harmony, atol=1e-6)
    with pytest.raises(InputError, match="backing_to_lead_db"):
        mix(
            stems, lead, sample_rate_hz=SR, genre="pop", backing_vocal=harmony, backing_to_lead_db=3
        )
