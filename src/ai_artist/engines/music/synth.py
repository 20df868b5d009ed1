"""SoundFont synthesizers: MIDI bytes in, 44.1 kHz stereo audio out.

Two backends share one interface. FluidSynth (``pyfluidsynth`` + the system library
``libfluidsynth3``) is used when it is installed; otherwise ``midirenderer``, which installs
with pip alone. Both run dry (the synthesizer's own reverb and chorus are off: the stem
effect chains add space), so a block renders the same wherever and whenever it is played.
"""

from __future__ import annotations

import ctypes
import functools
import io
import logging
import math
from typing import Any, Protocol

import mido
import numpy as np
import soundfile as sf

from ai_artist.audio import SAMPLE_RATE_HZ, resample, to_stereo
from ai_artist.errors import ProviderError

logger = logging.getLogger(__name__)

FLUIDSYNTH_GAIN = 0.5
"""FluidSynth master gain (linear); stems are levelled afterwards."""
_CHUNK_SAMPLES = 65_536
_GEN_VOLENVRELEASE = 38
"""SoundFont generator number of the volume envelope's release time (in timecents)."""


class SoundFontSynth(Protocol):
    """Renders a MIDI file with one SoundFont."""

    name: str

    def render(self, midi: bytes) -> np.ndarray:
        """Audio of ``midi``: float32 ``(2, samples)`` at 44.1 kHz."""
        ...

    def render_many(self, midis: list[bytes], *, release_scale: float = 1.0) -> list[np.ndarray]:
        """Audio of each MIDI file in turn (the same list always gives the same audio).

        ``release_scale`` multiplies the release time of every melodic note (1 = the
        SoundFont's own); a synthesizer that cannot change it ignores it.
        """
        ...


class MidiRendererSynth:
    """``midirenderer`` (Rust, pip-installable): renders at 48 kHz, resampled to 44.1 kHz."""

    name = "midirenderer"

    def __init__(self, sf2_path: str) -> None:
        with open(sf2_path, "rb") as handle:
            self._sf2 = handle.read()

    def render(self, midi: bytes) -> np.ndarray:
        import midirenderer

        try:
            wav = midirenderer.render_wave_from(self._sf2, midi)
            audio, rate_hz = sf.read(io.BytesIO(bytes(wav)), dtype="float32", always_2d=True)
        except (ValueError, RuntimeError, sf.LibsndfileError) as error:
            raise ProviderError(
                f"SoundFont rendering failed: {error}", provider=self.name
            ) from error
        return to_stereo(resample(np.ascontiguousarray(audio.T), int(rate_hz), SAMPLE_RATE_HZ))

    def render_many(self, midis: list[bytes], *, release_scale: float = 1.0) -> list[np.ndarray]:
        """``release_scale`` is ignored: midirenderer has no control of SoundFont generators."""
        return [self.render(midi) for midi in midis]


class FluidSynthSynth:
    """FluidSynth through ``pyfluidsynth``: renders MIDI events offline at 44.1 kHz."""

    name = "fluidsynth"

    def __init__(self, sf2_path: str) -> None:
        import fluidsynth

        self._fluidsynth = fluidsynth
        self._sf2_path = sf2_path
        # This synth stays loaded so FluidSynth's sample cache keeps the font in memory:
        # the fresh synth made for each render then loads it in milliseconds.
        self._anchor, self._anchor_font = self._new_synth()
        self._write_float = fluidsynth.cfunc(
            "fluid_synth_write_float", ctypes.c_int,
            ("synth", ctypes.c_void_p, 1), ("len", ctypes.c_int, 1),
            ("lout", ctypes.c_void_p, 1), ("loff", ctypes.c_int, 1), ("lincr", ctypes.c_int, 1),
            ("rout", ctypes.c_void_p, 1), ("roff", ctypes.c_int, 1), ("rincr", ctypes.c_int, 1),
        )  # fmt: skip
        self._set_gen = fluidsynth.cfunc(
            "fluid_synth_set_gen", ctypes.c_int,
            ("synth", ctypes.c_void_p, 1), ("chan", ctypes.c_int, 1),
            ("param", ctypes.c_int, 1), ("value", ctypes.c_float, 1),
        )  # fmt: skip

    def _new_synth(self) -> tuple[Any, int]:
        synth = self._fluidsynth.Synth(gain=FLUIDSYNTH_GAIN, samplerate=float(SAMPLE_RATE_HZ))
        synth.setting("synth.reverb.active", 0)
        synth.setting("synth.chorus.active", 0)
        synth.setting("synth.dynamic-sample-loading", 1)
        font = synth.sfload(self._sf2_path)
        if font < 0:
            synth.delete()
            raise ProviderError(f"FluidSynth could not load {self._sf2_path}", provider=self.name)
        return synth, font

    def _samples(self, synth: Any, count: int) -> np.ndarray:
        out = np.zeros((2, count), dtype=np.float32)
        for start in range(0, count, _CHUNK_SAMPLES):
            length = min(_CHUNK_SAMPLES, count - start)
            left = out[0, start : start + length]
            right = out[1, start : start + length]
            self._write_float(
                synth.synth, length,
                left.ctypes.data, 0, 1, right.ctypes.data, 0, 1,
            )  # fmt: skip
        return out

    def render(self, midi: bytes) -> np.ndarray:
        """Render on a fresh synthesizer, so no state of an earlier render carries over."""
        return self.render_many([midi])[0]

    def render_many(self, midis: list[bytes], *, release_scale: float = 1.0) -> list[np.ndarray]:
        """Render in turn on one fresh synthesizer, reset between files.

        Loading the font takes tens of milliseconds, so one synthesizer serves the whole
        list; FluidSynth keeps a little state across a reset, which is why a list (not a
        single file) is the unit that always sounds the same. ``release_scale`` becomes a
        release-time offset of ``1200·log2(scale)`` timecents on every melodic channel (a
        SoundFont generator offset, as an NRPN would set it).
        """
        if not 0.0 < release_scale <= 16.0:
            raise ProviderError(
                f"release_scale must be in (0, 16], got {release_scale}", provider=self.name
            )
        release_tc = 1200.0 * math.log2(release_scale)
        try:
            files = [mido.MidiFile(file=io.BytesIO(midi)) for midi in midis]
        except (OSError, ValueError, EOFError) as error:
            raise ProviderError(
                f"invalid MIDI for FluidSynth: {error}", provider=self.name
            ) from error
        synth, font = self._new_synth()
        try:
            out = []
            for events in files:
                synth.system_reset()
                out.append(self._play(synth, font, events, release_tc=release_tc))
            return out
        finally:
            synth.delete()

    def _play(
        self, synth: Any, font: int, events: mido.MidiFile, *, release_tc: float = 0.0
    ) -> np.ndarray:
        pieces: list[np.ndarray] = []
        elapsed_s, rendered = 0.0, 0
        for message in events:
            elapsed_s += message.time
            due = round(elapsed_s * SAMPLE_RATE_HZ)
            if due > rendered:
                pieces.append(self._samples(synth, due - rendered))
                rendered = due
            if message.is_meta:
                continue
            channel = getattr(message, "channel", 0)
            if message.type == "note_on":
                synth.noteon(channel, message.note, message.velocity)
            elif message.type == "note_off":
                synth.noteoff(channel, message.note)
            elif message.type == "program_change":
                synth.program_select(channel, font, 128 if channel == 9 else 0, message.program)
                if release_tc and channel != 9:  # a reset clears it: set after each program
                    self._set_gen(synth.synth, channel, _GEN_VOLENVRELEASE, release_tc)
            elif message.type == "control_change":
                synth.cc(channel, message.control, message.value)
            elif message.type == "pitchwheel":
                synth.pitch_bend(channel, message.pitch)
        if not pieces:
            return np.zeros((2, 0), dtype=np.float32)
        return np.concatenate(pieces, axis=1)


@functools.cache
def fluidsynth_available() -> bool:
    """True when pyfluidsynth and the system FluidSynth library can be loaded."""
    try:
        import fluidsynth  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@functools.cache
def soundfont_synth(sf2_path: str, backend: str | None = None) -> SoundFontSynth:
    """A synthesizer for ``sf2_path`` (one per process and font, reused between renders).

    ``backend`` is ``"fluidsynth"`` or ``"midirenderer"``; None picks FluidSynth when it is
    installed.
    """
    if backend is None:
        backend = "fluidsynth" if fluidsynth_available() else "midirenderer"
    if backend == "fluidsynth":
        return FluidSynthSynth(sf2_path)
    if backend == "midirenderer":
        return MidiRendererSynth(sf2_path)
    raise ProviderError(
        f"unknown synthesizer '{backend}'; accepted: fluidsynth, midirenderer", provider="render"
    )
