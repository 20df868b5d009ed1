"""Per-stem effect chains (pedalboard) built from the style's :class:`Effect` data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pedalboard

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.engines.music.styles import Effect, get_style
from ai_artist.errors import InputError

_KINDS: dict[str, type[pedalboard.Plugin]] = {
    "reverb": pedalboard.Reverb,
    "compressor": pedalboard.Compressor,
    "chorus": pedalboard.Chorus,
    "delay": pedalboard.Delay,
    "lowpass": pedalboard.LowpassFilter,
    "highpass": pedalboard.HighpassFilter,
    "distortion": pedalboard.Distortion,
}

GENERIC_EFFECTS: dict[str, tuple[Effect, ...]] = {
    "Drums": (Effect("compressor", (("ratio", 3.0), ("threshold_db", -16.0))),),
    "Keys": (Effect("reverb", (("room_size", 0.5), ("wet_level", 0.15))),),
    "Pad": (Effect("reverb", (("room_size", 0.8), ("wet_level", 0.3))),),
    "Lead": (Effect("reverb", (("room_size", 0.5), ("wet_level", 0.18))),),
    "Arp": (Effect("reverb", (("room_size", 0.5), ("wet_level", 0.18))),),
}
"""Light effects used when the genre is not known."""


def build_plugin(effect: Effect, *, tempo_bpm: float) -> pedalboard.Plugin:
    """One pedalboard plugin; a delay's ``delay_beats`` becomes seconds at ``tempo_bpm``."""
    if effect.kind not in _KINDS:
        raise InputError(f"unknown effect '{effect.kind}'; accepted: {', '.join(_KINDS)}")
    params = dict(effect.params)
    if "delay_beats" in params:
        params["delay_seconds"] = params.pop("delay_beats") * 60.0 / tempo_bpm
    return _KINDS[effect.kind](**params)


DC_BLOCK_HZ = 20.0
"""Cut-off (Hz) of the high-pass that removes DC offset from every stem."""


def effect_chain(
    part_name: str, *, genre: str | None, tempo_bpm: float
) -> Callable[[np.ndarray], np.ndarray]:
    """A function applying the part's effects to ``(channels, samples)`` audio at 44.1 kHz.

    Every chain starts with a :data:`DC_BLOCK_HZ` high-pass: some SoundFont samples carry a
    DC offset (FluidR3's warm pad is mostly offset), which would eat headroom.
    """
    table = get_style(genre).effects if genre else GENERIC_EFFECTS
    effects = table.get(part_name, ())
    board = pedalboard.Pedalboard(
        [
            pedalboard.HighpassFilter(cutoff_frequency_hz=DC_BLOCK_HZ),
            *(build_plugin(e, tempo_bpm=tempo_bpm) for e in effects),
        ]
    )

    def apply(audio: np.ndarray) -> np.ndarray:
        return board(np.ascontiguousarray(audio), SAMPLE_RATE_HZ, reset=True)

    return apply
