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
    "bitcrush": pedalboard.Bitcrush,
    "phaser": pedalboard.Phaser,
    "ladder": pedalboard.LadderFilter,
    "gain": pedalboard.Gain,
}
WOW_CENTRE_DELAY_MS = 6.0
"""Centre delay (ms) of the wow effect: a fully wet, slowly modulated delay (tape wow)."""

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
    if effect.kind not in _KINDS and effect.kind not in ("wow", "saturation"):
        raise InputError(f"unknown effect '{effect.kind}'; accepted: {', '.join(_KINDS)}, wow")
    params = dict(effect.params)
    if effect.kind == "wow":
        return pedalboard.Chorus(
            rate_hz=params.get("rate_hz", 0.5),
            depth=params.get("depth", 0.1),
            centre_delay_ms=WOW_CENTRE_DELAY_MS,
            feedback=0.0,
            mix=1.0,
        )
    if "delay_beats" in params:
        params["delay_seconds"] = params.pop("delay_beats") * 60.0 / tempo_bpm
    return _KINDS[effect.kind](**params)


DC_BLOCK_HZ = 20.0
"""Cut-off (Hz) of the high-pass that removes DC offset from every stem."""


def _saturate(audio: np.ndarray, drive_db: float) -> np.ndarray:
    """Soft tanh saturation, output level matched to the input's for small signals."""
    drive = np.float32(10.0 ** (drive_db / 20.0))
    return np.tanh(audio * drive) / drive


def role_effects(role: str, *, genre: str | None) -> tuple[Effect, ...]:
    """The effects a role's stem goes through in ``genre`` (generic light ones when None)."""
    table = get_style(genre).effects if genre else GENERIC_EFFECTS
    return tuple(table.get(role, ()))


def effect_chain(
    role: str, *, genre: str | None, tempo_bpm: float, dc_block: bool = True
) -> Callable[[np.ndarray], np.ndarray]:
    """A function applying a role's effects to ``(channels, samples)`` audio at 44.1 kHz.

    With ``dc_block`` the chain starts with a :data:`DC_BLOCK_HZ` high-pass: some SoundFont
    samples carry a DC offset (FluidR3's warm pad is mostly offset), which would eat
    headroom. Synthesized voices have none and skip it.
    """
    effects = role_effects(role, genre=genre)
    stages: list[pedalboard.Pedalboard | float] = []
    plugins: list[pedalboard.Plugin] = (
        [pedalboard.HighpassFilter(cutoff_frequency_hz=DC_BLOCK_HZ)] if dc_block else []
    )
    for effect in effects:
        if effect.kind == "saturation":  # numpy: several times faster than a plugin
            stages += [pedalboard.Pedalboard(plugins), dict(effect.params).get("drive_db", 6.0)]
            plugins = []
        else:
            plugins.append(build_plugin(effect, tempo_bpm=tempo_bpm))
    stages.append(pedalboard.Pedalboard(plugins))

    def apply(audio: np.ndarray) -> np.ndarray:
        out = np.ascontiguousarray(audio)
        for stage in stages:
            if isinstance(stage, float):
                out = _saturate(out, stage)
            elif len(stage):
                out = stage(out, SAMPLE_RATE_HZ, reset=True)
        return out

    return apply
