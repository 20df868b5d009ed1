"""Mix: instrument stems and a sung vocal into a balanced stereo mix, plus tape humanization.

Audio is float32 ``(channels, samples)``; the vocal is mono ``(samples,)``. Levels are in dB,
loudness in LUFS. The vocal is set so that its loudness over the sung regions sits
``vocal_to_instrumental_db`` above the instrumental bed over the same regions.
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

from ai_artist.audio import db_to_gain, fit_length, peak_dbfs, to_stereo
from ai_artist.domain import MixReport
from ai_artist.engines.production.loudness import GATE_BLOCK_S, integrated_lufs
from ai_artist.errors import InputError

BED_REFERENCE_LUFS = -20.0
"""Loudness the instrument bus is brought to before its glue compressor (LUFS)."""

MIX_CEILING_DBFS = -1.0
"""Highest sample peak of the mix (dBFS); the whole mix is scaled down to stay under it."""

SUNG_FRAME_S = 0.1
"""Frame length used to find where the vocal sings (seconds)."""

SUNG_RANGE_DB = 35.0
"""Frames quieter than the loudest vocal frame by more than this are treated as silence (dB)."""

_CENTRED_STEMS = ("drum", "kick", "snare", "bass", "perc", "beat")


@dataclass(frozen=True)
class GenreMix:
    """How a genre colours the mix: send levels (dB) and stem emphasis (dB)."""

    reverb_send_db: float = -12.0
    delay_send_db: float = -20.0
    room_size: float = 0.45
    delay_s: float = 0.32
    drums_db: float = 0.0
    bass_db: float = 0.0


_GENRES: dict[str, GenreMix] = {
    "synthwave": GenreMix(reverb_send_db=-10.0, delay_send_db=-16.0, room_size=0.6, delay_s=0.375),
    "pop": GenreMix(reverb_send_db=-13.0, delay_send_db=-20.0, room_size=0.4),
    "hiphop": GenreMix(reverb_send_db=-17.0, delay_send_db=-22.0, drums_db=1.5, bass_db=1.5),
    "trap": GenreMix(reverb_send_db=-16.0, delay_send_db=-20.0, drums_db=1.5, bass_db=2.0),
    "lofi": GenreMix(reverb_send_db=-12.0, delay_send_db=-22.0, room_size=0.35, drums_db=-1.0),
    "edm": GenreMix(reverb_send_db=-12.0, delay_send_db=-17.0, drums_db=1.0, bass_db=1.0),
    "house": GenreMix(reverb_send_db=-12.0, delay_send_db=-18.0, drums_db=1.0, bass_db=1.0),
    "rock": GenreMix(reverb_send_db=-14.0, delay_send_db=-22.0, room_size=0.35, drums_db=1.0),
    "ballad": GenreMix(reverb_send_db=-9.0, delay_send_db=-18.0, room_size=0.7, delay_s=0.45),
    "ambient": GenreMix(reverb_send_db=-7.0, delay_send_db=-14.0, room_size=0.85, delay_s=0.5),
    "folk": GenreMix(reverb_send_db=-13.0, delay_send_db=-24.0, room_size=0.4),
    "rnb": GenreMix(reverb_send_db=-11.0, delay_send_db=-18.0, bass_db=1.0),
}


def genre_mix(genre: str) -> GenreMix:
    """The mix colour of ``genre`` (case, spaces and dashes ignored); a neutral one if unknown."""
    key = "".join(ch for ch in genre.lower() if ch.isalnum())
    return _GENRES.get(key, GenreMix())


def stem_pan(name: str, index: int) -> float:
    """Stereo position of a stem in [-1, 1]: rhythm and bass centred, others spread L/R."""
    lowered = name.lower()
    if any(word in lowered for word in _CENTRED_STEMS):
        return 0.0
    spread = 0.25 + 0.1 * (index // 2 % 3)
    return -spread if index % 2 == 0 else spread


def _balance(audio: np.ndarray, pan: float) -> np.ndarray:
    """Constant-power balance of stereo audio; ``pan`` −1 (left) … 0 (centre) … +1 (right)."""
    angle = (pan + 1.0) * np.pi / 4.0
    gains = np.array([np.cos(angle), np.sin(angle)], dtype=np.float32) * np.float32(np.sqrt(2.0))
    return audio * gains[:, np.newaxis]


def _stem_emphasis_db(name: str, colour: GenreMix) -> float:
    lowered = name.lower()
    if "bass" in lowered:
        return colour.bass_db
    if any(word in lowered for word in ("drum", "kick", "snare", "perc", "beat")):
        return colour.drums_db
    return 0.0


def sung_mask(vocal: np.ndarray, *, sample_rate_hz: int) -> np.ndarray:
    """Boolean ``(samples,)`` mask of the frames where the mono ``vocal`` sings.

    A 0.1 s frame counts as sung when its RMS is within 35 dB of the loudest frame and above
    −70 dBFS.
    """
    frame = max(1, int(SUNG_FRAME_S * sample_rate_hz))
    count = vocal.shape[-1] // frame
    mask = np.zeros(vocal.shape[-1], dtype=bool)
    if count == 0:
        return mask
    frames = vocal[: count * frame].reshape(count, frame).astype(np.float64)
    rms_db = 10.0 * np.log10(np.mean(frames**2, axis=1) + 1e-20)
    active = rms_db > max(float(rms_db.max()) - SUNG_RANGE_DB, -70.0)
    mask[: count * frame] = np.repeat(active, frame)
    return mask


def _vocal_chain(colour: GenreMix) -> tuple[Pedalboard, Pedalboard]:
    """The insert chain (mono in) and the send effects (reverb + delay, wet only)."""
    inserts = Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=90.0),
            LowShelfFilter(cutoff_frequency_hz=250.0, gain_db=-1.5, q=0.7),
            PeakFilter(cutoff_frequency_hz=3200.0, gain_db=2.5, q=0.9),
            HighShelfFilter(cutoff_frequency_hz=9000.0, gain_db=1.5, q=0.7),
            Compressor(threshold_db=-22.0, ratio=3.5, attack_ms=5.0, release_ms=90.0),
        ]
    )
    sends = Pedalboard(
        [
            HighpassFilter(cutoff_frequency_hz=200.0),
            LowpassFilter(cutoff_frequency_hz=7000.0),
            Reverb(
                room_size=colour.room_size, damping=0.5, wet_level=1.0, dry_level=0.0, width=1.0
            ),
        ]
    )
    return inserts, sends


def _process_vocal(vocal: np.ndarray, colour: GenreMix, sample_rate_hz: int) -> np.ndarray:
    """Vocal bus: inserts, then dry centre + reverb send + delay send, stereo ``(2, samples)``."""
    inserts, reverb = _vocal_chain(colour)
    dry = inserts(vocal[np.newaxis, :].astype(np.float32), sample_rate_hz)
    dry_stereo = to_stereo(dry)
    wet = reverb(dry_stereo, sample_rate_hz) * np.float32(db_to_gain(colour.reverb_send_db))
    echo = Delay(delay_seconds=colour.delay_s, feedback=0.3, mix=1.0)(dry_stereo, sample_rate_hz)
    echo = _balance(echo, 0.3) * np.float32(db_to_gain(colour.delay_send_db))
    return (dry_stereo + wet + echo).astype(np.float32)


def _masked_lufs(audio: np.ndarray, mask: np.ndarray, sample_rate_hz: int) -> float:
    return integrated_lufs(audio[:, mask], sample_rate_hz)


def mix(
    stems: dict[str, np.ndarray],
    vocal: np.ndarray | None,
    *,
    sample_rate_hz: int,
    genre: str,
    vocal_to_instrumental_db: float = 1.0,
) -> tuple[np.ndarray, MixReport]:
    """Mix instrument ``stems`` and a mono ``vocal`` into stereo ``(2, samples)`` float32 audio.

    - stems (``{name: (channels, samples)}``) are brought to a common bed loudness, placed in
      the stereo field (rhythm and bass centred) and glued by a bus compressor;
    - the vocal gets high-pass (90 Hz), presence EQ, compression and reverb/delay sends, and a
      gain so that its loudness over the sung regions is ``vocal_to_instrumental_db`` (dB)
      above the bed's loudness over the same regions;
    - the sum is scaled down, if needed, so its sample peak is at most −1 dBFS.

    The report gives the measured vocal-to-instrumental difference (dB), the peak (dBFS) and the
    gain applied to each stem and to ``"vocal"`` (dB).
    """
    if not stems and vocal is None:
        raise InputError("mix needs at least one stem or a vocal; got neither")
    colour = genre_mix(genre)
    lengths = [np.asarray(audio).shape[-1] for audio in stems.values()]
    if vocal is not None:
        vocal = np.asarray(vocal, dtype=np.float32)
        if vocal.ndim != 1:
            raise InputError(f"vocal must be mono with shape (samples,), got {vocal.shape}")
        lengths.append(vocal.shape[0])
    samples = max(lengths)
    if samples < GATE_BLOCK_S * sample_rate_hz:
        raise InputError(f"mix material must be at least {GATE_BLOCK_S} s long")

    gains_db: dict[str, float] = {}
    bed = np.zeros((2, samples), dtype=np.float32)
    for index, (name, audio) in enumerate(sorted(stems.items())):
        data = np.asarray(audio, dtype=np.float32)
        if data.ndim not in (1, 2):
            raise InputError(f"stem {name!r} must be (channels, samples), got {data.shape}")
        stereo = fit_length(to_stereo(data), samples)
        gain_db = _stem_emphasis_db(name, colour)
        bed += _balance(stereo, stem_pan(name, index)) * np.float32(db_to_gain(gain_db))
        gains_db[name] = gain_db

    bed_lufs = integrated_lufs(bed, sample_rate_hz) if stems else float("-inf")
    if np.isfinite(bed_lufs):
        trim_db = BED_REFERENCE_LUFS - bed_lufs
        bed *= np.float32(db_to_gain(trim_db))
        glue = Compressor(threshold_db=-18.0, ratio=2.0, attack_ms=15.0, release_ms=200.0)
        bed = glue(bed, sample_rate_hz)
        gains_db = {name: gain + trim_db for name, gain in gains_db.items()}

    total = bed
    measured_db: float | None = None
    if vocal is not None:
        vocal = fit_length(vocal, samples)
        vocal_bus = _process_vocal(vocal, colour, sample_rate_hz)
        mask = sung_mask(vocal, sample_rate_hz=sample_rate_hz)
        vocal_db = 0.0
        if mask.sum() >= GATE_BLOCK_S * sample_rate_hz and np.any(vocal_bus):
            vocal_lufs = _masked_lufs(vocal_bus, mask, sample_rate_hz)
            bed_sung_lufs = _masked_lufs(bed, mask, sample_rate_hz) if stems else float("-inf")
            if np.isfinite(bed_sung_lufs):
                vocal_db = (bed_sung_lufs + vocal_to_instrumental_db) - vocal_lufs
            else:
                vocal_db = BED_REFERENCE_LUFS - vocal_lufs
            vocal_bus *= np.float32(db_to_gain(vocal_db))
            if np.isfinite(bed_sung_lufs):
                measured_db = _masked_lufs(vocal_bus, mask, sample_rate_hz) - bed_sung_lufs
        gains_db["vocal"] = vocal_db
        total = bed + vocal_bus

    peak = peak_dbfs(total)
    if peak > MIX_CEILING_DBFS:
        trim_db = MIX_CEILING_DBFS - peak - 0.01
        total = total * np.float32(db_to_gain(trim_db))
        gains_db = {name: gain + trim_db for name, gain in gains_db.items()}
    total = total.astype(np.float32)
    report = MixReport(
        vocal_to_instrumental_db=None if measured_db is None else round(measured_db, 3),
        peak_dbfs=round(peak_dbfs(total), 3) if np.any(total) else -200.0,
        stems={name: round(gain, 3) for name, gain in gains_db.items()},
    )
    return total, report


def humanize(audio: np.ndarray, *, sample_rate_hz: int, seed: int, amount: float) -> np.ndarray:
    """Tape character: soft asymmetric saturation, a slight top-end roll-off and a noise floor.

    ``amount`` in [0, 1]: 0 returns the input unchanged; 1 drives the saturation 2.5× (blended
    half wet) and lifts the hiss to about −66 dBFS RMS. The noise comes from ``seed`` (same
    seed → same samples).
    """
    if not 0.0 <= amount <= 1.0:
        raise InputError(f"humanize amount must be within [0, 1], got {amount}")
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
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(shaped32.shape).astype(np.float32)
    noise_db = -80.0 + 14.0 * amount
    noise = LowpassFilter(cutoff_frequency_hz=12000.0)(noise, sample_rate_hz)
    noise *= np.float32(db_to_gain(noise_db) / max(float(np.std(noise)), 1e-9))
    return (shaped32 + noise).astype(np.float32)
