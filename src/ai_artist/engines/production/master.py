"""Master: gentle EQ and compression, then loudness to a target under a true-peak ceiling.

The true-peak limiter is our own: its detector looks at the 4× oversampled signal, its gain
curve looks ahead so it is already down when a peak arrives, and it adds no make-up gain
(pedalboard's ``Limiter`` does, which breaks loudness targets). Loudness is reached by
iterating gain → limiter → measurement until the integrated loudness is within 0.05 LU.
Audio is float32 ``(channels, samples)``; loudness in LUFS, peaks in dBTP.
"""

from __future__ import annotations

import numpy as np
from pedalboard import Compressor, HighpassFilter, HighShelfFilter, PeakFilter, Pedalboard
from scipy.ndimage import minimum_filter1d

from ai_artist.audio import db_to_gain
from ai_artist.domain import MasterReport
from ai_artist.engines.production import loudness
from ai_artist.errors import InputError

PRE_MASTER_LUFS = -18.0
"""Loudness the mix is brought to before the tone chain, so thresholds mean the same (LUFS)."""

ATTACK_S = 0.0015
"""Length of each of the two smoothing boxes of the limiter's gain (seconds); the look-ahead
is twice this."""

HOLD_S = 0.02
"""How long the limiter holds its gain after a peak before releasing (seconds)."""

RELEASE_DB_PER_S = 40.0
"""Fastest rate at which the limiter's gain recovers (dB per second)."""

LOUDNESS_TOLERANCE_LU = 0.05
"""The loudness loop stops when the measured loudness is this close to the target (LU)."""

_MAX_LOUDNESS_STEPS = 12
_MAX_CEILING_STEPS = 4
_DETECTOR_MARGIN_DB = 0.05


def limiter_gain(
    peak_envelope: np.ndarray,
    *,
    ceiling: float,
    sample_rate_hz: int,
    release_db_per_s: float = RELEASE_DB_PER_S,
) -> np.ndarray:
    """Gain curve ``(samples,)`` that keeps ``peak_envelope * gain`` at or under ``ceiling``.

    ``peak_envelope`` is the per-sample true peak (linear) and ``ceiling`` is linear. The curve
    looks ahead ``2 × ATTACK_S``, ramps down smoothly (two box filters), holds for ``HOLD_S``
    and recovers at most ``release_db_per_s``; every step keeps ``gain ≤ ceiling / peak``.
    """
    needed = np.ones_like(peak_envelope)
    loud = peak_envelope > ceiling
    needed[loud] = ceiling / peak_envelope[loud]
    if not loud.any():
        return needed
    box = max(1, round(ATTACK_S * sample_rate_hz))
    hold = max(0, round(HOLD_S * sample_rate_hz))
    ahead = 2 * box - 2
    size = hold + ahead + 1
    held = minimum_filter1d(needed, size=size, mode="nearest", origin=hold - size // 2)
    smooth = held
    for _ in range(2):
        padded = np.concatenate([np.full(box, smooth[0]), smooth])
        cumulative = np.cumsum(padded)
        smooth = (cumulative[box:] - cumulative[:-box]) / box
    smooth = np.minimum(smooth, needed)  # guard against rounding in the running sums
    gain_db = 20.0 * np.log10(np.maximum(smooth, 1e-15))
    step_db = release_db_per_s / sample_rate_hz
    ramp = np.arange(gain_db.shape[0], dtype=np.float64) * step_db
    released_db = ramp + np.minimum.accumulate(gain_db - ramp)
    return np.power(10.0, np.minimum(released_db, gain_db) / 20.0)


def _tone(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Gentle mastering EQ and glue compression (expects about −18 LUFS in)."""
    chain = Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=28.0),
            PeakFilter(cutoff_frequency_hz=320.0, gain_db=-0.8, q=0.8),
            HighShelfFilter(cutoff_frequency_hz=11000.0, gain_db=1.0, q=0.7),
            Compressor(threshold_db=-22.0, ratio=1.6, attack_ms=25.0, release_ms=200.0),
        ]
    )
    return chain(audio, sample_rate_hz)


def master(
    audio: np.ndarray,
    *,
    sample_rate_hz: int,
    target_lufs: float = -14.0,
    true_peak_dbtp: float = -1.0,
) -> tuple[np.ndarray, MasterReport]:
    """Master ``audio`` to ``target_lufs`` (within 0.05 LU) with true peak ≤ ``true_peak_dbtp``.

    ``audio`` is ``(channels, samples)`` or mono ``(samples,)`` at ``sample_rate_hz`` (Hz), at
    least 0.4 s long and not silent. Returns float32 audio of the same shape and a
    :class:`MasterReport` with the measured loudness (LUFS) and true peak (dBTP).
    """
    data = np.asarray(audio, dtype=np.float32)
    mono = data.ndim == 1
    if mono:
        data = data[np.newaxis, :]
    if data.ndim != 2 or data.shape[0] not in (1, 2):
        raise InputError(
            f"master expects (channels, samples) with 1 or 2 channels, got {data.shape}"
        )
    if not np.all(np.isfinite(data)):
        raise InputError("master input contains NaN or infinite samples")
    if not -40.0 <= target_lufs <= -5.0:
        raise InputError(f"target_lufs must be within [-40, -5] LUFS, got {target_lufs}")
    if not -6.0 <= true_peak_dbtp <= 0.0:
        raise InputError(f"true_peak_dbtp must be within [-6, 0] dBTP, got {true_peak_dbtp}")
    start_lufs = loudness.integrated_lufs(data, sample_rate_hz)
    if not np.isfinite(start_lufs):
        raise InputError("master input is silent; nothing to master")

    toned = _tone(data * np.float32(db_to_gain(PRE_MASTER_LUFS - start_lufs)), sample_rate_hz)
    toned64 = toned.astype(np.float64)
    envelope = loudness.true_peak_envelope(toned64)

    power = loudness.k_weighted_power(toned64, sample_rate_hz)
    loop = _LoudnessLoop(toned64, envelope, power, sample_rate_hz=sample_rate_hz)

    ceiling_db = true_peak_dbtp - _DETECTOR_MARGIN_DB
    aim_lufs = target_lufs
    output = toned64
    measured_lufs = measured_tp = float("nan")
    for _ in range(_MAX_CEILING_STEPS):
        output = loop.reach(aim_lufs, ceiling=db_to_gain(ceiling_db))
        measured_lufs = loudness.integrated_lufs(output, sample_rate_hz)
        measured_tp = loudness.true_peak_dbtp(output, sample_rate_hz)
        if measured_tp > true_peak_dbtp:
            ceiling_db -= measured_tp - true_peak_dbtp + 0.02
        elif abs(measured_lufs - target_lufs) > LOUDNESS_TOLERANCE_LU:
            aim_lufs += target_lufs - measured_lufs  # the loop's estimate was slightly off
        else:
            break
    if measured_tp > true_peak_dbtp:  # last resort: trade loudness for the ceiling
        output = output * db_to_gain(true_peak_dbtp - measured_tp - 0.01)
        measured_lufs = loudness.integrated_lufs(output, sample_rate_hz)
        measured_tp = loudness.true_peak_dbtp(output, sample_rate_hz)

    result = output.astype(np.float32)
    report = MasterReport(
        target_lufs=target_lufs,
        integrated_lufs=round(measured_lufs, 3),
        true_peak_dbtp=round(measured_tp, 3),
        duration_s=round(result.shape[1] / sample_rate_hz, 3),
    )
    return (result[0] if mono else result), report


class _LoudnessLoop:
    """Finds the gain that, after the limiter, gives a loudness target.

    Loudness is estimated from the K-weighted power of the unlimited signal times the squared
    gain curve (no re-filtering per step). When the limiter cannot reach the target (its gain
    stays down between hits), the release is made faster and the search repeated.
    """

    _RELEASES_DB_PER_S = (RELEASE_DB_PER_S, 120.0, 400.0, 1500.0)
    _MAX_BOOST_DB = 60.0

    def __init__(
        self, audio: np.ndarray, envelope: np.ndarray, power: np.ndarray, *, sample_rate_hz: int
    ) -> None:
        self.audio = audio
        self.envelope = envelope
        self.power = power
        self.sample_rate_hz = sample_rate_hz
        self.start_lufs = loudness.gated_loudness_lufs(power, sample_rate_hz)

    def _curve(self, gain_db: float, ceiling: float, release_db_per_s: float) -> np.ndarray:
        gain = db_to_gain(gain_db)
        curve = limiter_gain(
            self.envelope * gain,
            ceiling=ceiling,
            sample_rate_hz=self.sample_rate_hz,
            release_db_per_s=release_db_per_s,
        )
        return gain * curve

    def _estimate(self, curve: np.ndarray) -> float:
        return loudness.gated_loudness_lufs(self.power * curve * curve, self.sample_rate_hz)

    def reach(self, target_lufs: float, *, ceiling: float) -> np.ndarray:
        """Limited audio whose estimated loudness is within 0.05 LU of ``target_lufs``."""
        best_error = float("inf")
        best_curve = np.ones_like(self.envelope)
        for release in self._RELEASES_DB_PER_S:
            gain_db = target_lufs - self.start_lufs
            max_gain_db = gain_db + self._MAX_BOOST_DB
            previous: tuple[float, float] | None = None
            for _ in range(_MAX_LOUDNESS_STEPS):
                curve = self._curve(gain_db, ceiling, release)
                lufs = self._estimate(curve)
                error = target_lufs - lufs
                if abs(error) < best_error:
                    best_error, best_curve = abs(error), curve
                if abs(error) <= LOUDNESS_TOLERANCE_LU:
                    return self.audio * curve[np.newaxis, :]
                slope = 1.0
                if previous is not None and gain_db != previous[0]:
                    slope = (lufs - previous[1]) / (gain_db - previous[0])
                    if slope < 0.05 and error > 0:
                        break  # saturated: this release cannot get louder
                previous = (gain_db, lufs)
                gain_db = min(gain_db + error / min(max(slope, 0.1), 1.0), max_gain_db)
        return self.audio * best_curve[np.newaxis, :]
