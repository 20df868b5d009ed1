"""Vocal chain: high-pass, EQ, de-essing, compression, reverb and delay sends; stereo placement.

Audio is float32; a dry vocal is mono ``(samples,)`` or stereo ``(2, samples)``, a processed
vocal bus is stereo ``(2, samples)``. Frequencies in Hz, levels in dB, times in seconds.
The lead sits in the centre; backing vocals (doubles and harmonies) are spread wide with a
complementary comb (left = x + k·x(t−d), right = x − k·x(t−d)) whose mono sum is the dry
signal, so the width never combs the mono fold-down.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pedalboard import (
    Compressor,
    Delay,
    HighpassFilter,
    HighShelfFilter,
    LowpassFilter,
    LowShelfFilter,
    PeakFilter,
    Pedalboard,
    Reverb,
)
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import butter, sosfiltfilt

from ai_artist.audio import db_to_gain, to_stereo

DEESS_CROSSOVER_HZ = 5500.0
"""Lower edge of the sibilance band the de-esser watches and turns down (Hz)."""

DEESS_RELATIVE_DB = -9.0
"""The band counts as sibilance above the vocal's momentary level plus this much (dB)..."""

DEESS_ABSOLUTE_DB = -12.0
"""... and above the vocal's average sung level plus this much (dB)."""

DEESS_RATIO = 4.0
"""Compression ratio applied to the sibilance band above the threshold."""

DEESS_MAX_REDUCTION_DB = 10.0
"""Most the de-esser turns the sibilance band down (dB)."""

DEESS_WINDOW_S = 0.005
"""Envelope window of the de-esser's detector (seconds)."""

BACKING_WIDTH_DELAY_S = 0.007
"""Delay of the complementary comb that spreads a mono backing vocal (seconds)."""

BACKING_WIDTH = 0.6
"""Depth ``k`` of that comb (0 = mono centre … 1 = widest)."""


@dataclass(frozen=True)
class VocalSends:
    """Send levels (dB, wet only) and the room and echo of a vocal bus."""

    reverb_send_db: float = -12.0
    delay_send_db: float = -20.0
    room_size: float = 0.45
    delay_s: float = 0.32


_DETECTOR_HOP = 32
"""The de-esser's detector works on 32-sample blocks (0.7 ms at 44.1 kHz); the gain curve is
interpolated back to every sample."""


def _block_power(signal: np.ndarray) -> np.ndarray:
    """Mean power of each ``_DETECTOR_HOP``-sample block (the last one zero-padded)."""
    blocks = -(-signal.size // _DETECTOR_HOP)
    padded = np.zeros(blocks * _DETECTOR_HOP, dtype=np.float64)
    padded[: signal.size] = signal
    return np.mean(padded.reshape(blocks, _DETECTOR_HOP) ** 2, axis=1)


def _envelope_db(power: np.ndarray, window: int) -> np.ndarray:
    """RMS envelope in dB: block powers averaged over ``window`` blocks."""
    return 10.0 * np.log10(np.maximum(uniform_filter1d(power, size=window), 1e-20))


def deess(vocal: np.ndarray, *, sample_rate_hz: int) -> tuple[np.ndarray, float]:
    """Turn down sibilance (≥ 5.5 kHz) where it dominates the vocal; mono ``(samples,)`` in/out.

    The band is split off with a zero-phase 4th-order Butterworth high-pass, so
    ``band + rest`` is the input exactly. Where the band's 5 ms envelope rises above both the
    vocal's momentary level − 9 dB and its average sung level − 12 dB, the band is compressed
    4:1 (at most 10 dB) with a gain held over 10 ms so it does not flutter. Vowels, whose
    energy is far below 5.5 kHz, pass untouched. Returns the de-essed vocal and the largest
    reduction applied (dB, ≥ 0).
    """
    data = np.asarray(vocal, dtype=np.float64)
    if data.size < 4 * _DETECTOR_HOP or not np.any(data):
        return data.astype(np.float32), 0.0
    sos = butter(4, DEESS_CROSSOVER_HZ, btype="highpass", fs=sample_rate_hz, output="sos")
    band = sosfiltfilt(sos, data)
    block_rate_hz = sample_rate_hz / _DETECTOR_HOP
    window = max(2, round(DEESS_WINDOW_S * block_rate_hz))
    full_power = _block_power(data)
    full_db = _envelope_db(full_power, window)
    sung = full_db > full_db.max() - 40.0
    average_db = 10.0 * np.log10(np.mean(full_power[sung]) + 1e-20)
    threshold_db = np.maximum(full_db + DEESS_RELATIVE_DB, average_db + DEESS_ABSOLUTE_DB)
    over_db = _envelope_db(_block_power(band), window) - threshold_db
    reduction_db = np.clip(over_db * (1.0 - 1.0 / DEESS_RATIO), 0.0, DEESS_MAX_REDUCTION_DB)
    if not np.any(reduction_db):
        return data.astype(np.float32), 0.0
    hold = max(1, round(0.01 * block_rate_hz))
    smooth = uniform_filter1d(maximum_filter1d(reduction_db, size=hold), size=hold)
    centres = (np.arange(smooth.size) + 0.5) * _DETECTOR_HOP
    gain_db = np.interp(np.arange(data.size), centres, smooth)
    active = gain_db > 1e-3  # only where the de-esser acts: the rest is the input itself
    out = data.copy()
    out[active] -= band[active] * (1.0 - np.power(10.0, -gain_db[active] / 20.0))
    return out.astype(np.float32), float(np.max(smooth))


def vocal_inserts(*, backing: bool = False) -> Pedalboard:
    """Insert chain before de-essing: high-pass (90 Hz; 150 Hz for backing) and tone EQ."""
    return Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=150.0 if backing else 90.0),
            LowShelfFilter(cutoff_frequency_hz=250.0, gain_db=-3.0 if backing else -1.5, q=0.7),
            PeakFilter(cutoff_frequency_hz=3200.0, gain_db=1.0 if backing else 2.5, q=0.9),
            HighShelfFilter(cutoff_frequency_hz=9000.0, gain_db=0.5 if backing else 1.5, q=0.7),
        ]
    )


def _compressor(*, backing: bool) -> Compressor:
    if backing:  # backing vocals are held flatter so they stay a bed behind the lead
        return Compressor(threshold_db=-26.0, ratio=5.0, attack_ms=3.0, release_ms=80.0)
    return Compressor(threshold_db=-22.0, ratio=3.5, attack_ms=5.0, release_ms=90.0)


def widen(audio: np.ndarray, *, sample_rate_hz: int, width: float = BACKING_WIDTH) -> np.ndarray:
    """Stereo ``(2, samples)`` spread of mono or stereo ``audio``; ``width`` in [0, 1].

    Mono: complementary comb (left = x + k·x(t−d), right = x − k·x(t−d), d = 7 ms); the
    mono sum is ``2x`` whatever ``width`` is. Stereo: the side signal is raised by
    ``1 + width`` (mid unchanged).
    """
    data = np.asarray(audio, dtype=np.float32)
    if data.ndim == 2 and data.shape[0] == 2 and not np.array_equal(data[0], data[1]):
        mid = 0.5 * (data[0] + data[1])
        side = 0.5 * (data[0] - data[1]) * np.float32(1.0 + width)
        return np.stack([mid + side, mid - side]).astype(np.float32)
    mono = data if data.ndim == 1 else data[0]
    delay = max(1, round(BACKING_WIDTH_DELAY_S * sample_rate_hz))
    delayed = np.concatenate([np.zeros(delay, dtype=np.float32), mono[:-delay]])
    wet = np.float32(width) * delayed
    return np.stack([mono + wet, mono - wet]).astype(np.float32)


def balance(audio: np.ndarray, pan: float) -> np.ndarray:
    """Constant-power balance of stereo audio; ``pan`` −1 (left) … 0 (centre) … +1 (right)."""
    angle = (pan + 1.0) * np.pi / 4.0
    gains = np.array([np.cos(angle), np.sin(angle)], dtype=np.float32) * np.float32(np.sqrt(2.0))
    return audio * gains[:, np.newaxis]


def process_vocal(
    vocal: np.ndarray,
    sends: VocalSends,
    *,
    sample_rate_hz: int,
    backing: bool = False,
) -> tuple[np.ndarray, float]:
    """A vocal bus, stereo ``(2, samples)``: inserts, de-esser, compressor, reverb/delay sends.

    The lead (mono) stays centred; a backing vocal (mono or stereo) is spread with
    :func:`widen` and gets 4 dB more reverb. Returns the bus and the de-esser's largest
    reduction (dB).
    """
    data = np.asarray(vocal, dtype=np.float32)
    channels = data[np.newaxis, :] if data.ndim == 1 else data
    toned = vocal_inserts(backing=backing)(channels, sample_rate_hz)
    deessed = []
    most_db = 0.0
    for channel in toned:
        clean, reduction_db = deess(channel, sample_rate_hz=sample_rate_hz)
        deessed.append(clean)
        most_db = max(most_db, reduction_db)
    dry = _compressor(backing=backing)(np.stack(deessed), sample_rate_hz)
    if backing:
        dry_stereo = widen(dry if dry.shape[0] == 2 else dry[0], sample_rate_hz=sample_rate_hz)
    else:
        dry_stereo = to_stereo(dry)
    reverb = Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=200.0),
            LowpassFilter(cutoff_frequency_hz=7000.0),
            Reverb(room_size=sends.room_size, damping=0.5, wet_level=1.0, dry_level=0.0, width=1.0),
        ]
    )
    reverb_db = sends.reverb_send_db + (4.0 if backing else 0.0)
    wet = reverb(dry_stereo, sample_rate_hz) * np.float32(db_to_gain(reverb_db))
    echo = Delay(delay_seconds=sends.delay_s, feedback=0.3, mix=1.0)(dry_stereo, sample_rate_hz)
    echo = balance(echo, 0.3) * np.float32(db_to_gain(sends.delay_send_db))
    return (dry_stereo + wet + echo).astype(np.float32), most_db


SILENCE_DBFS = -80.0
"""A 0.1 s frame whose peak is under this is silence the vocal chain does not process (dBFS)."""

TAIL_S = 4.0
"""Reverb and echo ring-out kept after each sung region; also the shortest gap that splits
two regions (seconds)."""


def sung_regions(audio: np.ndarray, *, sample_rate_hz: int) -> list[tuple[int, int]]:
    """Sample spans ``[start, end)`` where ``audio`` is not silent, merged across gaps shorter
    than ``TAIL_S`` and extended by ``TAIL_S`` (clipped to the audio)."""
    data = np.asarray(audio, dtype=np.float32)
    level = np.abs(data).reshape(-1, data.shape[-1]).max(axis=0)
    frame = max(1, sample_rate_hz // 10)
    count = -(-level.size // frame)
    padded = np.zeros(count * frame, dtype=np.float32)
    padded[: level.size] = level
    active = np.flatnonzero(padded.reshape(count, frame).max(axis=1) > db_to_gain(SILENCE_DBFS))
    regions: list[tuple[int, int]] = []
    tail = round(TAIL_S * sample_rate_hz)
    for index in active:
        start, end = int(index) * frame, min(level.size, (int(index) + 1) * frame)
        if regions and start - regions[-1][1] < tail:
            regions[-1] = (regions[-1][0], end)
        else:
            regions.append((start, end))
    return [(start, min(level.size, end + tail)) for start, end in regions]


def process_vocal_regions(
    vocal: np.ndarray, sends: VocalSends, *, sample_rate_hz: int, backing: bool = False
) -> tuple[np.ndarray, float]:
    """:func:`process_vocal` on each sung region with its tail, silence skipped: the same bus
    ``(2, samples)`` for a fraction of the work when the vocal sings only part of the song
    (backing vocals sing only the choruses)."""
    data = np.asarray(vocal, dtype=np.float32)
    out = np.zeros((2, data.shape[-1]), dtype=np.float32)
    most_db = 0.0
    for start, end in sung_regions(data, sample_rate_hz=sample_rate_hz):
        bus, reduction_db = process_vocal(
            data[..., start:end], sends, sample_rate_hz=sample_rate_hz, backing=backing
        )
        out[:, start:end] += bus
        most_db = max(most_db, reduction_db)
    return out, most_db
