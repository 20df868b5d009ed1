"""Sung pitch: notes in seconds, the octave that suits a voice, and the F0 curve.

The F0 curve follows the notes with a short portamento (glide) between them and vibrato
on long notes (rate in Hz, depth in cents, fading in after the attack). Pitches are MIDI
numbers (fractional allowed); times are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ai_artist.domain import VoiceProfile

PORTAMENTO_S = 0.04
"""Length of the glide between two notes (seconds)."""
VIBRATO_MIN_NOTE_S = 0.4
"""Notes shorter than this are sung straight (seconds)."""
VIBRATO_ONSET_S = 0.15
"""Vibrato starts this long after the note (seconds) and fades in over 0.3 s."""


@dataclass(frozen=True)
class SungNote:
    """A note to sing: times in seconds, pitch as a (fractional) MIDI number, velocity 1–127."""

    start_s: float
    end_s: float
    midi: float
    velocity: int = 90

    def shifted(self, offset_s: float, *, midi: float | None = None) -> SungNote:
        """The same note ``offset_s`` seconds later (and at ``midi`` when given)."""
        return SungNote(
            self.start_s + offset_s,
            self.end_s + offset_s,
            self.midi if midi is None else midi,
            self.velocity,
        )


@dataclass(frozen=True)
class Expression:
    """How one take bends the written pitch: detune (cents), vibrato rate scale and phase."""

    detune_cents: float = 0.0
    vibrato_rate_scale: float = 1.0
    vibrato_phase: float = 0.0
    vibrato_depth_scale: float = 1.0


NATURAL = Expression()
"""The written pitch, with the voice's own vibrato."""


def choose_octave(pitches: list[int], voice: VoiceProfile) -> int:
    """Octave shift (in semitones, a multiple of 12) that best fits the voice's range."""
    low, high = voice.range_low_midi, voice.range_high_midi
    centre = (low + high) / 2.0
    best: tuple[float, int] | None = None
    for octaves in (0, -1, 1, -2, 2):
        shifted = np.asarray(pitches, dtype=float) + 12 * octaves
        outside = np.maximum(low - shifted, 0) + np.maximum(shifted - high, 0)
        cost = float(outside.sum()) + 0.01 * abs(float(np.median(shifted)) - centre)
        if best is None or cost < best[0] - 1e-9:
            best = (cost, 12 * octaves)
    return best[1] if best else 0


def f0_curve(
    times_s: np.ndarray,
    notes: list[SungNote],
    voice: VoiceProfile,
    expression: Expression = NATURAL,
    *,
    frame_s: float,
) -> np.ndarray:
    """Target F0 (Hz) at ``times_s``: note steps, portamento, vibrato on long notes."""
    starts = np.array([n.start_s for n in notes])
    index = np.clip(np.searchsorted(starts, times_s, side="right") - 1, 0, len(notes) - 1)
    midi = np.array([n.midi for n in notes])[index]
    width = max(3, round(PORTAMENTO_S / frame_s) | 1)
    window = np.hanning(width + 2)[1:-1]
    window /= window.sum()
    padded = np.pad(midi, (width // 2, width // 2), mode="edge")
    midi = np.convolve(padded, window, mode="valid")
    depth = voice.vibrato_depth_cents * expression.vibrato_depth_scale / 100.0
    rate_hz = voice.vibrato_rate_hz * expression.vibrato_rate_scale
    if depth > 0:
        for note in notes:
            if note.end_s - note.start_s < VIBRATO_MIN_NOTE_S:
                continue
            inside = (times_s >= note.start_s) & (times_s < note.end_s)
            since = times_s[inside] - note.start_s
            ramp = np.clip((since - VIBRATO_ONSET_S) / 0.3, 0.0, 1.0)
            phase = 2 * np.pi * rate_hz * since + expression.vibrato_phase
            midi[inside] += depth * ramp * np.sin(phase)
    midi = midi + expression.detune_cents / 100.0
    return 440.0 * 2.0 ** ((midi - 69.0) / 12.0)
