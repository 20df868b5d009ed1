"""WORLD vocoder helpers: analyse speech, reshape its timbre, resynthesise on a new F0.

Frames are :data:`FRAME_PERIOD_MS` apart. The spectral envelope ``sp`` is power per FFT bin
(shape ``(frames, fft_size // 2 + 1)``), the aperiodicity ``ap`` is 0 (periodic) … 1 (noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyworld

FRAME_PERIOD_MS = 5.0
"""Hop between WORLD frames (milliseconds)."""


@dataclass(frozen=True)
class Analysis:
    """WORLD parameters of one utterance at ``sample_rate_hz``."""

    sp: np.ndarray
    ap: np.ndarray
    f0_hz: np.ndarray
    sample_rate_hz: int


def analyse(audio: np.ndarray, voiced: np.ndarray, *, sample_rate_hz: int) -> Analysis:
    """Spectral envelope and aperiodicity of ``audio`` (float, mono).

    ``voiced`` (one bool per frame) says which frames are voiced phonemes; the F0 used for
    analysis is filled in there when WORLD's tracker lost it (creaky voice) and cleared
    elsewhere, so the envelope and aperiodicity follow the phonemes, not the tracker.
    """
    x = np.ascontiguousarray(audio, dtype=np.float64)
    f0, times = pyworld.dio(x, sample_rate_hz, frame_period=FRAME_PERIOD_MS, f0_floor=60.0)
    f0 = pyworld.stonemask(x, f0, times, sample_rate_hz)
    frames = f0.size
    mask = np.zeros(frames, dtype=bool)
    mask[: min(frames, voiced.size)] = voiced[:frames]
    tracked = f0 > 0
    fallback = float(np.median(f0[tracked])) if tracked.any() else 110.0
    if tracked.any():
        filled = np.interp(np.arange(frames), np.flatnonzero(tracked), f0[tracked])
    else:
        filled = np.full(frames, fallback)
    f0_fixed = np.where(mask, np.where(tracked, f0, filled), 0.0)
    sp = pyworld.cheaptrick(x, f0_fixed, times, sample_rate_hz)
    # Aperiodicity changes slowly: analyse every other frame (halves D4C's cost).
    every_other = (np.ascontiguousarray(f0_fixed[::2]), np.ascontiguousarray(times[::2]))
    coarse = pyworld.d4c(x, *every_other, sample_rate_hz, threshold=0.0)
    ap = np.repeat(coarse, 2, axis=0)[:frames]
    return Analysis(sp=sp, ap=ap, f0_hz=f0_fixed, sample_rate_hz=sample_rate_hz)


def warp_envelope(sp: np.ndarray, formant_shift: float) -> np.ndarray:
    """Stretch the envelope along frequency: ``formant_shift`` > 1 moves formants up."""
    if abs(formant_shift - 1.0) < 1e-6:
        return sp
    bins = sp.shape[1]
    source = np.clip(np.arange(bins) / formant_shift, 0, bins - 1)
    low = np.floor(source).astype(int)
    high = np.minimum(low + 1, bins - 1)
    weight = source - low
    return sp[:, low] * (1.0 - weight) + sp[:, high] * weight


def shape_aperiodicity(
    ap: np.ndarray, voiced: np.ndarray, *, breathiness: float, sample_rate_hz: int
) -> np.ndarray:
    """Clean voiced frames of creak, then add ``breathiness`` (0…1) of noise, more up high."""
    bins = ap.shape[1]
    freqs = np.linspace(0.0, sample_rate_hz / 2.0, bins)
    ceiling = np.clip(0.02 + freqs / 6000.0, 0.02, 1.0)  # periodic lows, noisy highs
    cleaned = np.where(voiced[:, None], np.minimum(ap, ceiling[None, :]), ap)
    weight = 0.25 + 0.75 * np.clip(freqs / 5000.0, 0.0, 1.0)
    added = 0.6 * breathiness * weight[None, :]
    shaped = cleaned + (1.0 - cleaned) * np.where(voiced[:, None], added, 0.0)
    return np.clip(shaped, 0.0, 1.0)


def synthesize(
    f0_hz: np.ndarray, sp: np.ndarray, ap: np.ndarray, *, sample_rate_hz: int
) -> np.ndarray:
    """Audio (float64 mono) from WORLD parameters; F0 0 marks unvoiced frames."""
    return pyworld.synthesize(
        np.ascontiguousarray(f0_hz, dtype=np.float64),
        np.ascontiguousarray(sp, dtype=np.float64),
        np.ascontiguousarray(ap, dtype=np.float64),
        sample_rate_hz,
        frame_period=FRAME_PERIOD_MS,
    )
