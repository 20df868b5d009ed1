"""Audio arrays and files shared by every engine.

Convention: audio is a float32 ``np.ndarray`` of shape ``(channels, samples)`` (pedalboard's
layout) with values in [-1, 1]; sample rates are in Hz. Files are written atomically.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from ai_artist.errors import InputError
from ai_artist.files import atomic_path

SAMPLE_RATE_HZ = 44_100
"""Sample rate of every stem, mix and master (Hz)."""


def read_audio(path: Path | str, *, sample_rate_hz: int | None = SAMPLE_RATE_HZ) -> np.ndarray:
    """Read an audio file as float32 ``(channels, samples)``, resampled to ``sample_rate_hz``.

    Pass ``sample_rate_hz=None`` to keep the file's own rate (see :func:`read_audio_with_rate`).
    Raises :class:`InputError` naming the file when it is missing or not decodable audio.
    """
    audio, rate = read_audio_with_rate(path)
    if sample_rate_hz is not None and rate != sample_rate_hz:
        audio = resample(audio, rate, sample_rate_hz)
    return audio


def read_audio_with_rate(path: Path | str) -> tuple[np.ndarray, int]:
    """Read an audio file as float32 ``(channels, samples)`` and its sample rate (Hz)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"audio file not found: {path}")
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, ValueError) as error:
        raise InputError(
            f"cannot decode audio file {path}: {error}. Accepted: WAV, FLAC, OGG, MP3."
        ) from error
    return np.ascontiguousarray(data.T), int(rate)


def resample(audio: np.ndarray, from_hz: int, to_hz: int) -> np.ndarray:
    """Resample ``(channels, samples)`` audio from ``from_hz`` to ``to_hz`` (high quality)."""
    if from_hz == to_hz:
        return audio
    import soxr  # a librosa dependency

    return np.ascontiguousarray(soxr.resample(audio.T, from_hz, to_hz, quality="HQ").T).astype(
        np.float32
    )


def write_audio(
    path: Path | str,
    audio: np.ndarray,
    *,
    sample_rate_hz: int = SAMPLE_RATE_HZ,
    subtype: str = "PCM_24",
) -> Path:
    """Write ``(channels, samples)`` or mono ``(samples,)`` audio atomically.

    The format follows the extension (``.wav``, ``.flac``); ``subtype`` is soundfile's
    (``PCM_16``, ``PCM_24``, ``FLOAT``).
    """
    data = np.asarray(audio, dtype=np.float32)
    if data.ndim == 1:
        data = data[np.newaxis, :]
    with atomic_path(path) as tmp:
        sf.write(str(tmp), data.T, sample_rate_hz, subtype=subtype)
    return Path(path)


def to_stereo(audio: np.ndarray) -> np.ndarray:
    """Return ``(2, samples)`` audio from mono ``(samples,)``, ``(1, n)`` or stereo input."""
    data = np.asarray(audio, dtype=np.float32)
    if data.ndim == 1:
        data = data[np.newaxis, :]
    if data.shape[0] == 1:
        data = np.repeat(data, 2, axis=0)
    return data[:2]


def to_mono(audio: np.ndarray) -> np.ndarray:
    """Return mono ``(samples,)`` audio (channel mean)."""
    data = np.asarray(audio, dtype=np.float32)
    return data if data.ndim == 1 else data.mean(axis=0)


def fit_length(audio: np.ndarray, samples: int) -> np.ndarray:
    """Zero-pad or cut ``(channels, samples)`` audio to exactly ``samples`` samples."""
    current = audio.shape[-1]
    if current >= samples:
        return audio[..., :samples]
    pad = [(0, 0)] * (audio.ndim - 1) + [(0, samples - current)]
    return np.pad(audio, pad)


def db_to_gain(gain_db: float) -> float:
    """Linear amplitude factor for a gain in dB."""
    return float(10.0 ** (gain_db / 20.0))


def peak_dbfs(audio: np.ndarray) -> float:
    """Sample peak in dBFS (−inf for silence)."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    return 20.0 * np.log10(peak) if peak > 0 else float("-inf")
