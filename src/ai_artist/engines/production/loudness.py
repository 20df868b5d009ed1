"""Loudness meters: integrated loudness (ITU-R BS.1770 / EBU R128) and true peak.

Audio is float32 ``(channels, samples)`` or mono ``(samples,)``; loudness is in LUFS,
true peak in dBTP (dB relative to full scale, measured on a 4× oversampled signal).
"""

from __future__ import annotations

import numpy as np
import pyloudnorm
from pyloudnorm.iirfilter import IIRfilter
from scipy.signal import resample_poly

from ai_artist.errors import InputError

OVERSAMPLING = 4
"""Oversampling factor of the true-peak meter (BS.1770 asks for at least 4× at 44.1/48 kHz)."""

GATE_BLOCK_S = 0.4
"""Length of one gating block of the loudness meter (seconds)."""


def _channels_first(audio: np.ndarray) -> np.ndarray:
    data = np.asarray(audio, dtype=np.float64)
    if data.ndim == 1:
        data = data[np.newaxis, :]
    if data.ndim != 2 or data.shape[0] > 5:
        raise InputError(
            f"audio must have shape (channels, samples) with 1–5 channels, got {data.shape}"
        )
    return data


def integrated_lufs(audio: np.ndarray, sample_rate_hz: int) -> float:
    """Integrated loudness in LUFS (gated, K-weighted); ``-inf`` for silence.

    ``audio`` is ``(channels, samples)`` or ``(samples,)`` at ``sample_rate_hz`` (Hz) and must be
    at least 0.4 s long (one gating block).
    """
    data = _channels_first(audio)
    if data.shape[1] < GATE_BLOCK_S * sample_rate_hz:
        raise InputError(
            f"audio of {data.shape[1] / sample_rate_hz:.3f} s is too short for a loudness "
            f"measurement; at least {GATE_BLOCK_S} s is needed"
        )
    if not np.any(data):
        return float("-inf")
    meter = pyloudnorm.Meter(sample_rate_hz)
    return float(meter.integrated_loudness(data.T))


def k_weighted_power(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Per-sample K-weighted power summed over channels (BS.1770 weights 1.0 for L, R, C).

    Returns float64 ``(samples,)``. Scaling the audio by a slowly varying gain ``g(t)`` scales
    this by about ``g(t)²``, which lets a limiter loop estimate loudness without re-filtering.
    """
    data = _channels_first(audio)
    shelf = IIRfilter(4.0, 1.0 / np.sqrt(2.0), 1500.0, sample_rate_hz, "high_shelf")
    highpass = IIRfilter(0.0, 0.5, 38.0, sample_rate_hz, "high_pass")
    power = np.zeros(data.shape[1], dtype=np.float64)
    for channel in data[:3]:
        weighted = highpass.apply_filter(shelf.apply_filter(channel))
        power += weighted * weighted
    for channel in data[3:]:  # surround channels weigh 1.41 in BS.1770
        weighted = highpass.apply_filter(shelf.apply_filter(channel))
        power += 1.41 * weighted * weighted
    return power


def gated_loudness_lufs(power: np.ndarray, sample_rate_hz: int) -> float:
    """Integrated loudness (LUFS) from :func:`k_weighted_power` with BS.1770 gating.

    400 ms blocks with 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU.
    """
    samples = power.shape[0]
    block = GATE_BLOCK_S * sample_rate_hz
    if samples < block:
        raise InputError(f"audio must be at least {GATE_BLOCK_S} s long for a loudness measurement")
    cumulative = np.concatenate([[0.0], np.cumsum(power)])
    count = int(np.round((samples / sample_rate_hz - GATE_BLOCK_S) / (GATE_BLOCK_S * 0.25))) + 1
    offsets = np.arange(count) * 0.25
    lower = np.minimum((GATE_BLOCK_S * offsets * sample_rate_hz).astype(np.int64), samples)
    upper = np.minimum((GATE_BLOCK_S * (offsets + 1.0) * sample_rate_hz).astype(np.int64), samples)
    energy = (cumulative[upper] - cumulative[lower]) / block
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10.0 * np.log10(energy)
    gated = energy[block_lufs >= -70.0]
    if gated.size == 0:
        return float("-inf")
    relative_gate = -0.691 + 10.0 * np.log10(gated.mean()) - 10.0
    gated = energy[(block_lufs >= -70.0) & (block_lufs > relative_gate)]
    if gated.size == 0:
        return float("-inf")
    return float(-0.691 + 10.0 * np.log10(gated.mean()))


def true_peak_envelope(audio: np.ndarray) -> np.ndarray:
    """Per-sample true peak (linear, max over channels and the 4 oversampled points).

    Returns a float64 array of shape ``(samples,)``: entry ``n`` is the largest absolute value of
    the 4× band-limited interpolation between samples ``n`` and ``n + 1`` on any channel.
    """
    data = _channels_first(audio)
    samples = data.shape[1]
    envelope = np.zeros(samples, dtype=np.float64)
    for channel in data:
        upsampled = resample_poly(channel, OVERSAMPLING, 1)[: samples * OVERSAMPLING]
        peaks = np.abs(upsampled).reshape(samples, OVERSAMPLING).max(axis=1)
        np.maximum(envelope, np.maximum(peaks, np.abs(channel)), out=envelope)
    return envelope


def true_peak_dbtp(audio: np.ndarray, sample_rate_hz: int) -> float:
    """True peak in dBTP measured with 4× oversampling; ``-inf`` for silence.

    ``sample_rate_hz`` documents the rate of ``audio``; the oversampling ratio is fixed (4×).
    """
    peak = float(np.max(true_peak_envelope(audio))) if np.size(audio) else 0.0
    return 20.0 * float(np.log10(peak)) if peak > 0 else float("-inf")
