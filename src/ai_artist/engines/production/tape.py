"""Humanize: tape character for genres that want it — saturation, a noise floor, wow and flutter.

Audio is float32 ``(channels, samples)`` or mono ``(samples,)``; levels in dB, rates in Hz,
pitch deviations in cents. All randomness (noise, wow/flutter phases and drift) comes from
``seed``: the same input and seed give the same samples.
"""

from __future__ import annotations

import numpy as np
from pedalboard import LowpassFilter, LowShelfFilter, Pedalboard

from ai_artist.audio import db_to_gain
from ai_artist.errors import InputError

WOW_RATE_HZ = 0.55
"""Rate of the slow pitch drift of a worn tape transport (Hz)."""

WOW_DEPTH_CENTS = 9.0
"""Peak pitch deviation of the wow at ``wow_flutter = 1`` (cents)."""

FLUTTER_RATE_HZ = 7.5
"""Rate of the fast pitch wobble from capstan and pinch roller (Hz)."""

FLUTTER_DEPTH_CENTS = 2.5
"""Peak pitch deviation of the flutter at ``wow_flutter = 1`` (cents)."""

_CENTS_PER_RATIO = 1200.0 / np.log(2.0)


def _delay_curve(samples: int, *, sample_rate_hz: int, depth: float, seed: int) -> np.ndarray:
    """Time offset (in samples, ≥ 0) of a tape transport with wow and flutter.

    A sine of rate ``f`` moving the read head by ``A`` seconds bends the pitch by at most
    ``2πfA`` (as a ratio), so ``A = cents / 1200 · ln 2 / (2πf)``. The wow's rate drifts
    slowly (±15 %) so the wobble does not sound like a vibrato.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(samples, dtype=np.float64) / sample_rate_hz
    offset = np.zeros(samples, dtype=np.float64)
    drift = 0.15 * np.sin(2.0 * np.pi * rng.uniform(0.03, 0.07) * t + rng.uniform(0, 2 * np.pi))
    for rate_hz, cents in ((WOW_RATE_HZ, WOW_DEPTH_CENTS), (FLUTTER_RATE_HZ, FLUTTER_DEPTH_CENTS)):
        amplitude_s = depth * cents / _CENTS_PER_RATIO / (2.0 * np.pi * rate_hz)
        phase = rng.uniform(0.0, 2.0 * np.pi)
        rate = rate_hz * (1.0 + drift) if rate_hz == WOW_RATE_HZ else np.full(samples, rate_hz)
        instantaneous = 2.0 * np.pi * np.cumsum(rate) / sample_rate_hz
        offset += amplitude_s * (1.0 + np.sin(instantaneous + phase))
    return offset * sample_rate_hz


def wow_flutter(audio: np.ndarray, *, sample_rate_hz: int, seed: int, depth: float) -> np.ndarray:
    """Read ``audio`` through a wobbling tape head: pitch bends ≤ 9 + 2.5 cents at depth 1.

    ``depth`` in [0, 1] scales both the wow (0.55 Hz) and the flutter (7.5 Hz). The signal
    is resampled at the moving read position with linear interpolation; length is kept.
    """
    data = np.asarray(audio, dtype=np.float32)
    if depth == 0.0 or data.shape[-1] < 2:
        return data
    samples = data.shape[-1]
    position = np.arange(samples, dtype=np.float64) - _delay_curve(
        samples, sample_rate_hz=sample_rate_hz, depth=depth, seed=seed
    )
    position = np.clip(position, 0.0, samples - 1.0)
    index = np.arange(samples, dtype=np.float64)
    channels = data[np.newaxis, :] if data.ndim == 1 else data
    out = np.stack([np.interp(position, index, channel) for channel in channels])
    out32 = out.astype(np.float32)
    return out32[0] if data.ndim == 1 else out32


def humanize(
    audio: np.ndarray,
    *,
    sample_rate_hz: int,
    seed: int,
    amount: float,
    wow_flutter_depth: float = 0.0,
) -> np.ndarray:
    """Tape character: soft asymmetric saturation, top-end roll-off, noise, wow and flutter.

    ``amount`` in [0, 1]: 0 returns the input unchanged; 1 drives the saturation 2.5× (blended
    half wet) and lifts the hiss to about −66 dBFS RMS. ``wow_flutter_depth`` in [0, 1] adds a
    wobbling transport (see :func:`wow_flutter`), scaled by ``amount``; lo-fi uses 1.
    """
    if not 0.0 <= amount <= 1.0:
        raise InputError(f"humanize amount must be within [0, 1], got {amount}")
    if not 0.0 <= wow_flutter_depth <= 1.0:
        raise InputError(f"wow_flutter_depth must be within [0, 1], got {wow_flutter_depth}")
    data = np.asarray(audio, dtype=np.float32)
    if amount == 0.0:
        return data
    drive = 1.0 + 1.5 * amount
    bias = 0.08 * amount
    x = data.astype(np.float64)
    offset = np.tanh(drive * bias)
    slope = drive * (1.0 - offset**2)
    shaped = (np.tanh(drive * (x + bias)) - offset) / slope
    wet = (1.0 - 0.5 * amount) * x + 0.5 * amount * shaped
    tone = Pedalboard(
        [
            LowShelfFilter(cutoff_frequency_hz=90.0, gain_db=0.8 * amount, q=0.7),
            LowpassFilter(cutoff_frequency_hz=20000.0 - 5000.0 * amount),
        ]
    )
    shaped32 = tone(wet.astype(np.float32), sample_rate_hz)
    shaped32 = wow_flutter(
        shaped32, sample_rate_hz=sample_rate_hz, seed=seed + 1, depth=amount * wow_flutter_depth
    )
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(shaped32.shape).astype(np.float32)
    noise_db = -80.0 + 14.0 * amount
    noise = LowpassFilter(cutoff_frequency_hz=12000.0)(noise, sample_rate_hz)
    noise *= np.float32(db_to_gain(noise_db) / max(float(np.std(noise)), 1e-9))
    return (shaped32 + noise).astype(np.float32)
