"""Breaths: the soft in-breath the singer draws in the rest before a phrase."""

from __future__ import annotations

import numpy as np
from scipy.signal import butter, sosfilt

from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ


def breath(duration_s: float, rng: np.random.Generator, *, level: float) -> np.ndarray:
    """Soft band-passed noise with a rise-and-fall envelope (an in-breath) at 22050 Hz."""
    count = int(duration_s * TTS_SAMPLE_RATE_HZ)
    noise = rng.standard_normal(count)
    sos = butter(2, [700.0, 5000.0], btype="bandpass", fs=TTS_SAMPLE_RATE_HZ, output="sos")
    shaped = sosfilt(sos, noise) * np.sin(np.linspace(0.0, np.pi, count)) ** 2
    return level * shaped / (np.max(np.abs(shaped)) + 1e-12)
