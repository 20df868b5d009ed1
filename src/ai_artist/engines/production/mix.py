"""Mix: instrument stems, the lead vocal and backing vocals into a balanced stereo mix.

Audio is float32 ``(channels, samples)``; the lead vocal is mono ``(samples,)``, backing
vocals mono or stereo. Levels are in dB, loudness in LUFS. The lead is set so that its
loudness over the sung regions sits ``vocal_to_instrumental_db`` above the instrument bus over
the same regions (the lead on top); backing vocals sit ``backing_to_lead_db`` under the lead.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from pedalboard import Compressor, HighpassFilter, PeakFilter, Pedalboard

from ai_artist.audio import db_to_gain, fit_length, peak_dbfs, to_stereo
from ai_artist.domain import MixReport
from ai_artist.engines.production.loudness import (
    GATE_BLOCK_S,
    gated_loudness_lufs,
    integrated_lufs,
    k_weighted_power,
)
from ai_artist.engines.production.vocal import VocalSends, balance, process_vocal_regions
from ai_artist.errors import InputError

VOCAL_TO_INSTRUMENTAL_DB = 1.0
"""Default loudness of the lead over the instrument bus in the sung regions (dB)."""

VOCAL_BAND_DB = (-1.0, 4.0)
"""Band the lead-over-instruments difference must fall in for a balanced mix (dB)."""

BACKING_TO_LEAD_DB = -7.0
"""Default loudness of the backing vocals relative to the lead where both sing (dB)."""

VOCAL_POCKET_HZ = 3000.0
"""Centre of the dip cut into the instrument bus where the lead's presence lives (Hz)."""

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
class GenreMix(VocalSends):
    """How a genre colours the mix: vocal sends (dB, room, echo s) and stem emphasis (dB)."""

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


def _masked_lufs(power: np.ndarray, mask: np.ndarray, sample_rate_hz: int) -> float:
    """Gated loudness (LUFS) of the masked samples of a K-weighted power curve; the curve is
    filtered once over the whole bus, so the joins between sung regions add no transients."""
    if mask.sum() < GATE_BLOCK_S * sample_rate_hz:
        return float("-inf")
    return gated_loudness_lufs(power[mask], sample_rate_hz)


def _bus(
    stems: dict[str, np.ndarray], colour: GenreMix, samples: int
) -> tuple[np.ndarray, dict[str, float]]:
    """The instrument bus ``(2, samples)`` before its trim, and each stem's gain (dB)."""
    gains_db: dict[str, float] = {}
    bed = np.zeros((2, samples), dtype=np.float32)
    for index, (name, audio) in enumerate(sorted(stems.items())):
        data = np.asarray(audio, dtype=np.float32)
        if data.ndim not in (1, 2):
            raise InputError(f"stem {name!r} must be (channels, samples), got {data.shape}")
        stereo = fit_length(to_stereo(data), samples)
        gain_db = _stem_emphasis_db(name, colour)
        bed += balance(stereo, stem_pan(name, index)) * np.float32(db_to_gain(gain_db))
        gains_db[name] = gain_db
    return bed, gains_db


def _instrument_bus(
    stems: dict[str, np.ndarray],
    colour: GenreMix,
    samples: int,
    *,
    sample_rate_hz: int,
    pocket: bool,
) -> tuple[np.ndarray, dict[str, float], np.ndarray]:
    """The instrument bus at −20 LUFS through its chain, each stem's gain (dB) and the bus'
    K-weighted power (for loudness over the sung regions)."""
    bed, gains_db = _bus(stems, colour, samples)
    bed_lufs = integrated_lufs(bed, sample_rate_hz) if stems else float("-inf")
    if not np.isfinite(bed_lufs):
        return bed, gains_db, np.zeros(samples)
    trim_db = BED_REFERENCE_LUFS - bed_lufs
    bed = _bus_chain(pocket=pocket)(bed * np.float32(db_to_gain(trim_db)), sample_rate_hz)
    gains_db = {name: gain + trim_db for name, gain in gains_db.items()}
    return bed, gains_db, k_weighted_power(bed, sample_rate_hz)


def _bus_chain(*, pocket: bool) -> Pedalboard:
    """Instrument bus: sub-sonic high-pass, a presence pocket for the lead, glue compression."""
    plugins = [HighpassFilter(cutoff_frequency_hz=30.0)]
    if pocket:
        plugins.append(PeakFilter(cutoff_frequency_hz=VOCAL_POCKET_HZ, gain_db=-2.0, q=0.9))
    plugins.append(Compressor(threshold_db=-18.0, ratio=2.0, attack_ms=15.0, release_ms=200.0))
    return Pedalboard(plugins)


def _mono_vocal(vocal: np.ndarray | None, samples: int, name: str) -> np.ndarray | None:
    if vocal is None:
        return None
    data = np.asarray(vocal, dtype=np.float32)
    if data.ndim != 1:
        raise InputError(f"{name} must be mono with shape (samples,), got {data.shape}")
    return fit_length(data, samples)


def mix(
    stems: dict[str, np.ndarray],
    vocal: np.ndarray | None,
    *,
    sample_rate_hz: int,
    genre: str,
    vocal_to_instrumental_db: float = VOCAL_TO_INSTRUMENTAL_DB,
    backing_vocal: np.ndarray | None = None,
    backing_to_lead_db: float = BACKING_TO_LEAD_DB,
) -> tuple[np.ndarray, MixReport]:
    """Mix instrument ``stems``, a mono lead ``vocal`` and backing vocals into stereo float32.

    - stems (``{name: (channels, samples)}``) are placed in the stereo field (rhythm and bass
      centred, the others spread), summed on the instrument bus, brought to −20 LUFS and glued
      (high-pass 30 Hz, a 2 dB dip at 3 kHz when a lead sings, 2:1 compression);
    - the lead gets high-pass (90 Hz), EQ, de-essing, compression and reverb/delay sends, stays
      centred, and is set so its loudness over the sung regions is ``vocal_to_instrumental_db``
      (dB) above the bus over the same regions;
    - ``backing_vocal`` (doubles and harmonies; mono ``(samples,)`` or stereo ``(2, samples)``)
      gets the same chain with a higher high-pass and more reverb, is spread wide and set
      ``backing_to_lead_db`` (dB, negative) relative to the lead where both sing;
    - the sum is scaled down, if needed, so its sample peak is at most −1 dBFS.

    The report gives the measured lead-over-instruments difference (dB) and its target, the
    backing-to-lead difference (dB), the peak (dBFS), the de-esser's largest reduction (dB)
    and the gain applied to each stem, ``"vocal"`` and ``"vocal_backing"`` (dB).
    """
    if not stems and vocal is None:
        raise InputError("mix needs at least one stem or a vocal; got neither")
    if backing_to_lead_db > 0.0:
        raise InputError(
            f"backing_to_lead_db must be ≤ 0 dB (backing under the lead), got {backing_to_lead_db}"
        )
    colour = genre_mix(genre)
    backing_data = None if backing_vocal is None else np.asarray(backing_vocal, dtype=np.float32)
    if backing_data is not None and not (
        backing_data.ndim == 1 or (backing_data.ndim == 2 and backing_data.shape[0] in (1, 2))
    ):
        raise InputError(
            f"backing_vocal must be (samples,) or (channels, samples), got {backing_data.shape}"
        )
    lengths = [np.asarray(audio).shape[-1] for audio in stems.values()]
    lengths += [np.asarray(v).shape[-1] for v in (vocal, backing_data) if v is not None]
    samples = max(lengths)
    if samples < GATE_BLOCK_S * sample_rate_hz:
        raise InputError(f"mix material must be at least {GATE_BLOCK_S} s long")
    lead = _mono_vocal(vocal, samples, "vocal")
    backing = None if backing_data is None else fit_length(backing_data, samples)

    # the vocal buses are independent of the instrument bus: process them on other threads
    # (pedalboard and numpy release the GIL); results do not depend on the scheduling
    with ThreadPoolExecutor(max_workers=2) as pool:
        lead_job = (
            pool.submit(process_vocal_regions, lead, colour, sample_rate_hz=sample_rate_hz)
            if lead is not None
            else None
        )
        backing_job = (
            pool.submit(
                process_vocal_regions, backing, colour, sample_rate_hz=sample_rate_hz, backing=True
            )
            if backing is not None
            else None
        )
        bed, gains_db, bed_power = _instrument_bus(
            stems, colour, samples, sample_rate_hz=sample_rate_hz, pocket=lead is not None
        )
        lead_result = lead_job.result() if lead_job is not None else None
        backing_result = backing_job.result() if backing_job is not None else None

    total = bed
    measured_db: float | None = None
    backing_db: float | None = None
    deess_db = 0.0
    lead_power: np.ndarray | None = None
    lead_mask = np.zeros(samples, dtype=bool)
    if lead is not None and lead_result is not None:
        lead_bus, deess_db = lead_result
        lead_power = k_weighted_power(lead_bus, sample_rate_hz)
        lead_mask = sung_mask(lead, sample_rate_hz=sample_rate_hz)
        vocal_db = 0.0
        vocal_lufs = _masked_lufs(lead_power, lead_mask, sample_rate_hz)
        if np.isfinite(vocal_lufs):
            bed_sung_lufs = _masked_lufs(bed_power, lead_mask, sample_rate_hz)
            if np.isfinite(bed_sung_lufs):
                vocal_db = (bed_sung_lufs + vocal_to_instrumental_db) - vocal_lufs
            else:
                vocal_db = BED_REFERENCE_LUFS - vocal_lufs
            lead_bus *= np.float32(db_to_gain(vocal_db))
            lead_power *= db_to_gain(vocal_db) ** 2
            if np.isfinite(bed_sung_lufs):
                measured_db = _masked_lufs(lead_power, lead_mask, sample_rate_hz) - bed_sung_lufs
        gains_db["vocal"] = vocal_db
        total = total + lead_bus

    if backing is not None and backing_result is not None:
        backing_bus, backing_deess_db = backing_result
        deess_db = max(deess_db, backing_deess_db)
        backing_power = k_weighted_power(backing_bus, sample_rate_hz)
        both = sung_mask(np.abs(to_stereo(backing)).max(axis=0), sample_rate_hz=sample_rate_hz)
        if lead_power is not None:
            both &= lead_mask
        gain_db = 0.0
        backing_lufs = _masked_lufs(backing_power, both, sample_rate_hz)
        if np.isfinite(backing_lufs):
            lead_both_lufs = (
                _masked_lufs(lead_power, both, sample_rate_hz)
                if lead_power is not None
                else float("-inf")
            )
            anchor = lead_both_lufs if np.isfinite(lead_both_lufs) else BED_REFERENCE_LUFS
            gain_db = anchor + backing_to_lead_db - backing_lufs
            backing_bus *= np.float32(db_to_gain(gain_db))
            backing_power *= db_to_gain(gain_db) ** 2
            if np.isfinite(lead_both_lufs):
                backing_db = _masked_lufs(backing_power, both, sample_rate_hz) - lead_both_lufs
        gains_db["vocal_backing"] = gain_db
        total = total + backing_bus

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
        target_vocal_to_instrumental_db=vocal_to_instrumental_db if lead is not None else None,
        backing_to_lead_db=None if backing_db is None else round(backing_db, 3),
        deessing_max_db=round(deess_db, 2),
    )
    return total, report
