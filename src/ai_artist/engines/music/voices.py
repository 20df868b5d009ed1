"""Synthesized electronic voices (numpy): 808 bass, analog bass, supersaw, pluck, drum machine,
risers/impacts and vinyl crackle.

A part whose name is ``"<Voice title> <role>"`` (e.g. ``"808 Bass"``, ``"Supersaw Pad"``,
``"Machine Drums"``) is played here instead of by the SoundFont; see :func:`voice_of`.
Every sound is a pure function of the notes (noise comes from generators seeded by the
voice and pitch), so the same notes give identical samples in any process.
Audio is float32 ``(2, samples)`` at 44.1 kHz; times in seconds; frequencies in Hz.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.domain import Note
from ai_artist.engines.music.styles import ROLES, SYNTH_VOICES, Instrument

SR = SAMPLE_RATE_HZ
RISER_PITCH = 60
"""FX-part pitch of a noise riser lasting the note (an up-sweep into the next section)."""
IMPACT_PITCH = 36
"""FX-part pitch of an impact: a low boom with a noise burst."""
GLIDE_S = 0.07
"""Time (seconds) an 808 note takes to slide from the previous note's pitch."""
_TITLES = {title: voice for voice, title in SYNTH_VOICES.items()}


GM_STAND_INS: dict[str, int] = {
    "808": 38,
    "analog": 38,
    "supersaw": 90,
    "pluck": 45,
    "machine": 25,
    "riser": 122,
    "vinyl": 122,
}
"""The GM program written to the MIDI file for a synthesized voice (what other players use;
``machine`` is the TR-808 kit of GS/GM2 drum banks)."""


def gm_program(instrument: Instrument) -> int:
    """The GM program of an instrument (a synthesized voice's stand-in)."""
    return instrument if isinstance(instrument, int) else GM_STAND_INS[instrument]


def part_name(role: str, instrument: Instrument | None) -> str:
    """The part (and stem) name of ``role`` played by ``instrument``: "Pad" or "Supersaw Pad"."""
    if isinstance(instrument, str):
        return f"{SYNTH_VOICES[instrument]} {role}"
    return role


def voice_of(name: str) -> tuple[str | None, str]:
    """(synthesized voice or None, role) of a part name: "808 Bass" → ("808", "Bass")."""
    title, _, role = name.rpartition(" ")
    if title in _TITLES and role in ROLES:
        return _TITLES[title], role
    return None, name


def midi_hz(pitch: float) -> float:
    """Frequency (Hz) of a MIDI pitch (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((pitch - 69.0) / 12.0)


def _time(samples: int) -> np.ndarray:
    return np.arange(samples, dtype=np.float64) / SR


def _envelope(samples: int, hold: int, *, attack_s: float, release_s: float) -> np.ndarray:
    """Linear attack, sustain until ``hold`` samples, exponential release after it."""
    t = np.arange(samples, dtype=np.float64)
    attack = max(1.0, attack_s * SR)
    env = np.minimum(1.0, (t + 1.0) / attack)
    after = np.maximum(0.0, t - hold)
    return env * np.exp(-after / max(1.0, release_s * SR / 4.0))


def _lowpass_gain(freqs: np.ndarray, cutoff: np.ndarray) -> np.ndarray:
    """Magnitude of a smooth 2-pole low-pass at ``cutoff`` (Hz), per harmonic and sample."""
    return 1.0 / np.sqrt(1.0 + (freqs / cutoff) ** 4)


def _additive(
    freq_hz: float,
    samples: int,
    *,
    harmonics: int,
    slope: float,
    cutoff: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Band-limited sum of harmonics (amplitude k^-slope) through a time-varying low-pass.

    ``cutoff`` must not rise over time: each harmonic is computed only while its level is
    above −66 dB (the rest of it would be inaudible), which keeps bright attacks cheap.
    """
    t = _time(samples)
    count = max(1, min(harmonics, int(0.45 * SR / freq_hz)))
    out = np.zeros(samples)
    fc = cutoff(t)
    falling = -fc
    for k in range(1, count + 1):
        level = k**-slope
        # gain ≈ (fc / kf)² above the cut-off: audible while fc ≥ kf·sqrt(5e-4 / level)
        limit = k * freq_hz * np.sqrt(5e-4 / level)
        n = int(np.searchsorted(falling, -limit, side="right"))
        if n == 0:
            break
        out[:n] += (
            np.sin(2 * np.pi * k * freq_hz * t[:n]) * level * _lowpass_gain(k * freq_hz, fc[:n])
        )
    return out


def _polyblep_saw(freq_hz: float, samples: int, phase0: float) -> np.ndarray:
    """A saw wave (−1..1) with PolyBLEP anti-aliasing at the wrap."""
    dt = freq_hz / SR
    phase = (phase0 + dt * np.arange(samples)) % 1.0
    saw = 2.0 * phase - 1.0
    low = phase < dt
    x = phase[low] / dt
    saw[low] -= x + x - x * x - 1.0
    high = phase > 1.0 - dt
    x = (phase[high] - 1.0) / dt
    saw[high] -= x * x + x + x + 1.0
    return saw


def _stereo(mono: np.ndarray, pan: float = 0.0) -> np.ndarray:
    angle = (pan + 1.0) * np.pi / 4.0
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)]) * np.sqrt(2.0)


# --- tonal voices -------------------------------------------------------------------------


def _808(pitch: int, hold: int, velocity: int, glide_from: int | None) -> np.ndarray:
    samples = hold + round(0.12 * SR)
    t = _time(samples)
    target = midi_hz(pitch)
    if glide_from is None:
        freq = target * (1.0 + 1.2 * np.exp(-t / 0.018))  # the punch: a fast pitch drop
        attack = 0.002
    else:
        start = midi_hz(glide_from)
        ramp = np.clip(t / GLIDE_S, 0.0, 1.0)
        freq = start * (target / start) ** (ramp * (2.0 - ramp))
        attack = 0.004
    phase = 2 * np.pi * np.cumsum(freq) / SR
    body = np.sin(phase) + 0.12 * np.sin(2 * phase)
    decay = np.exp(-t / 1.6)
    env = _envelope(samples, hold, attack_s=attack, release_s=0.08) * decay
    drive = 2.2
    tone = np.tanh(drive * body * env) / np.tanh(drive)
    return _stereo(tone * (velocity / 127.0))


def _analog(pitch: int, hold: int, velocity: int, role: str) -> np.ndarray:
    release = 0.08 if role == "Bass" else 0.3
    samples = hold + round(release * SR)
    freq = midi_hz(pitch)
    base = 3.0 * freq

    def cutoff(t: np.ndarray) -> np.ndarray:
        return base + 10.0 * freq * np.exp(-t / 0.09)

    tone = _additive(freq, samples, harmonics=28, slope=1.0, cutoff=cutoff)
    env = _envelope(samples, hold, attack_s=0.003, release_s=release)
    return _stereo(0.6 * tone * env * (velocity / 127.0))


def _pluck(pitch: int, hold: int, velocity: int, role: str) -> np.ndarray:
    samples = hold + round(0.35 * SR)
    freq = midi_hz(pitch)

    def cutoff(t: np.ndarray) -> np.ndarray:
        return freq * (1.5 + 14.0 * np.exp(-t / 0.06))

    tone = _additive(freq, samples, harmonics=30, slope=1.0, cutoff=cutoff)
    t = _time(samples)
    env = _envelope(samples, hold, attack_s=0.002, release_s=0.25) * np.exp(-t / 0.45)
    pan = float(np.clip((pitch - 66) / 24.0, -0.5, 0.5))
    return _stereo(0.6 * tone * env * (velocity / 127.0), pan)


_DETUNE_CENTS = (-17.0, -8.0, 0.0, 8.0, 17.0)
_SPREAD = (-0.8, 0.45, 0.0, -0.45, 0.8)


def _supersaw(pitch: int, hold: int, velocity: int, role: str) -> np.ndarray:
    pad = role in ("Pad", "Texture")
    release = 0.6 if pad else 0.2
    samples = hold + round(release * SR)
    out = np.zeros((2, samples))
    for index, (cents, pan) in enumerate(zip(_DETUNE_CENTS, _SPREAD, strict=True)):
        freq = midi_hz(pitch + cents / 100.0)
        saw = _polyblep_saw(freq, samples, phase0=(0.37 * index + 0.11 * pitch) % 1.0)
        out += _stereo(saw, pan)
    env = _envelope(samples, hold, attack_s=0.25 if pad else 0.01, release_s=release)
    return 0.22 * out * env * (velocity / 127.0)


# --- drums ---------------------------------------------------------------------------------


def _noise(key: int, samples: int) -> np.ndarray:
    return np.random.default_rng(1000 + key).standard_normal(samples)


def _highpass(x: np.ndarray, times: int = 1) -> np.ndarray:
    for _ in range(times):
        x = np.diff(x, prepend=0.0)
    return x / (np.max(np.abs(x)) + 1e-12)


def _smooth(x: np.ndarray, width: int) -> np.ndarray:
    return np.convolve(x, np.ones(width) / width, mode="same")


@functools.cache
def drum_hit(pitch: int) -> np.ndarray:
    """The machine kit's one-shot of a GM drum pitch (float32 stereo, full velocity)."""
    if pitch in (35, 36):  # kick: sine sweep 160 → 48 Hz and a click
        t = _time(round(0.55 * SR))
        freq = 48.0 + 112.0 * np.exp(-t / 0.03)
        body = np.sin(2 * np.pi * np.cumsum(freq) / SR) * np.exp(-t / 0.22)
        click = _highpass(_noise(pitch, t.size)) * np.exp(-t / 0.003) * 0.25
        mono = np.tanh(1.6 * (body + click)) / np.tanh(1.6)
        return _stereo(mono).astype(np.float32)
    if pitch in (38, 40):  # snare: two tones and bright noise
        t = _time(round(0.32 * SR))
        tone = (np.sin(2 * np.pi * 185 * t) + 0.5 * np.sin(2 * np.pi * 330 * t)) * np.exp(-t / 0.05)
        noise = _highpass(_noise(pitch, t.size)) * np.exp(-t / 0.11)
        return _stereo(0.55 * tone + 0.7 * noise).astype(np.float32)
    if pitch == 39:  # clap: three quick bursts and a short room tail
        t = _time(round(0.35 * SR))
        noise = _smooth(_highpass(_noise(pitch, t.size)), 3)
        env = np.exp(-t / 0.12) * 0.5
        for start in (0.0, 0.011, 0.022):
            env = env + (t >= start) * np.exp(-np.maximum(t - start, 0) / 0.007)
        return _stereo(0.8 * noise * env / np.max(env)).astype(np.float32)
    if pitch in (42, 44, 46, 49, 51, 54, 57, 70):  # metal and shakers: filtered noise
        decay, length, color, level, pan = {
            42: (0.035, 0.15, 2, 0.75, 0.25),
            44: (0.05, 0.15, 2, 0.65, 0.25),
            46: (0.22, 0.6, 2, 0.45, 0.25),
            49: (0.9, 2.2, 1, 0.5, -0.3),
            57: (0.9, 2.2, 1, 0.5, 0.3),
            51: (0.5, 1.2, 2, 0.3, -0.2),
            54: (0.09, 0.3, 2, 0.35, 0.35),
            70: (0.04, 0.15, 2, 0.3, -0.35),
        }[pitch]
        t = _time(round(length * SR))
        noise = _highpass(_noise(pitch, t.size), times=color)
        if pitch in (51, 54):
            metal = sum(np.sign(np.sin(2 * np.pi * f * t)) for f in (3150, 4730, 5410, 6870))
            noise = 0.6 * noise + 0.1 * metal
        attack = np.minimum(1.0, t / (0.008 if pitch == 70 else 0.0005))
        return _stereo(level * noise * attack * np.exp(-t / decay), pan).astype(np.float32)
    if pitch in (41, 43, 45, 47, 48, 50):  # toms: pitched sine sweeps
        base = {41: 80.0, 43: 95.0, 45: 110.0, 47: 140.0, 48: 165.0, 50: 200.0}[pitch]
        t = _time(round(0.45 * SR))
        freq = base * (1.0 + 0.5 * np.exp(-t / 0.04))
        mono = np.sin(2 * np.pi * np.cumsum(freq) / SR) * np.exp(-t / 0.2)
        return _stereo(0.8 * mono, (base - 140.0) / 200.0).astype(np.float32)
    if pitch == 37:  # side stick: a short wooden click
        t = _time(round(0.08 * SR))
        mono = np.sin(2 * np.pi * 1700 * t) * np.exp(-t / 0.012)
        mono += 0.3 * _highpass(_noise(pitch, t.size)) * np.exp(-t / 0.004)
        return _stereo(0.6 * mono).astype(np.float32)
    return drum_hit(42)


# --- effects voices ------------------------------------------------------------------------


def _riser(samples: int) -> np.ndarray:
    t = _time(samples)
    length = max(samples / SR, 1e-3)
    ramp = t / length
    noise = _noise(RISER_PITCH, samples)
    bright = _highpass(noise)
    mono = ((1.0 - ramp) * _smooth(noise, 24) * 3.0 + ramp * bright) * ramp**2
    sweep = np.sin(2 * np.pi * np.cumsum(200.0 * 8.0**ramp) / SR) * ramp**3 * 0.3
    left = mono + sweep
    right = np.roll(mono, 37) + sweep
    return 0.5 * np.stack([left, right])


def _impact(samples: int) -> np.ndarray:
    t = _time(max(samples, round(1.5 * SR)))
    boom = np.sin(2 * np.pi * np.cumsum(40.0 + 60.0 * np.exp(-t / 0.05)) / SR) * np.exp(-t / 0.6)
    burst = _highpass(_noise(IMPACT_PITCH, t.size)) * np.exp(-t / 0.25) * 0.4
    return _stereo(0.9 * boom + burst)


def _vinyl(samples: int, seed: int) -> np.ndarray:
    """Vinyl surface: sparse crackles (about 9 per second), soft pops and filtered hiss."""
    rng = np.random.default_rng(seed)
    out = np.zeros((2, samples))
    hiss = _smooth(rng.standard_normal(samples), 6) * 0.05
    out += np.stack([hiss, np.roll(hiss, 101)])
    count = int(samples / SR * 9)
    places = rng.integers(0, max(1, samples - 400), size=count)
    sizes = rng.pareto(2.5, size=count) * 0.25 + 0.05
    sides = rng.uniform(-0.6, 0.6, size=count)
    click = np.exp(-np.arange(300) / 25.0) * np.sign(np.sin(np.arange(300) * 1.7))
    for place, size, side in zip(places, sizes, sides, strict=True):
        out[0, place : place + 300] += click * min(size, 1.0) * (1 - side)
        out[1, place : place + 300] += click * min(size, 1.0) * (1 + side)
    return out


# --- parts ---------------------------------------------------------------------------------


def render_part(
    voice: str, role: str, notes: Sequence[Note], *, tempo_bpm: float, total_samples: int
) -> np.ndarray:
    """Play ``notes`` (beats at ``tempo_bpm``) on ``voice``: float32 ``(2, total_samples)``.

    Each distinct note (pitch, length, velocity, glide) is synthesized once and placed at
    every onset; 808 notes that start where the previous one ends glide from its pitch.
    """
    seconds_per_beat = 60.0 / tempo_bpm
    out = np.zeros((2, total_samples), dtype=np.float32)
    cache: dict[tuple[int, int, int, int | None], np.ndarray] = {}
    linear = voice != "808"  # every voice but the driven 808 scales with velocity
    previous: Note | None = None
    for note in sorted(notes, key=lambda n: (n.start_beat, n.pitch)):
        start = round(note.start_beat * seconds_per_beat * SR)
        hold = max(1, round(note.duration_beats * seconds_per_beat * SR))
        if start >= total_samples:
            continue
        glide = None
        if (
            voice == "808"
            and previous is not None
            and previous.pitch != note.pitch
            and abs(previous.end_beat - note.start_beat) < 0.03
        ):
            glide = previous.pitch
        velocity = 127 if linear else note.velocity
        key = (note.pitch, hold, velocity, glide)
        if key not in cache:
            cache[key] = _sound(voice, role, note.pitch, hold, velocity, glide, start)
        sound = cache[key][:, : total_samples - start]
        if linear:
            sound = sound * np.float32(note.velocity / 127.0)
        out[:, start : start + sound.shape[1]] += sound
        previous = note
    return out


def _sound(
    voice: str, role: str, pitch: int, hold: int, velocity: int, glide: int | None, start: int
) -> np.ndarray:
    gain = velocity / 127.0
    if voice == "machine":
        return drum_hit(pitch) * np.float32(gain)
    if voice == "riser":
        audio = _impact(hold) if pitch == IMPACT_PITCH else _riser(hold)
        return (audio * gain).astype(np.float32)
    if voice == "vinyl":
        return (_vinyl(hold, seed=start) * gain).astype(np.float32)
    if voice == "808":
        return _808(pitch, hold, velocity, glide).astype(np.float32)
    makers = {"analog": _analog, "pluck": _pluck, "supersaw": _supersaw}
    return makers[voice](pitch, hold, velocity, role).astype(np.float32)
