"""Backing vocals for the choruses: a doubled lead and a harmony line.

The double is a second take of the lead: detuned by a few cents, its vibrato at another rate
and phase, a few milliseconds late. The harmony sings, on every note, the diatonic third or
sixth (above or below the melody, one direction per song) that is a tone of the chord under
the note; when neither is (the melody passes between chord tones), the fourth or fifth that
is, else the diatonic third so the line stays parallel.
Pitches are MIDI numbers; pitch classes 0..11 (0 = C).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ai_artist.domain import Chord
from ai_artist.engines.voice.pitch import Expression

CONSONANT_INTERVALS = (3, 4, 8, 9)
"""Thirds and sixths (semitones): the intervals a harmony note keeps from the melody."""
OPEN_INTERVALS = (5, 7)
"""Fourth and fifth (semitones), used over passing melody notes to reach a chord tone."""


DOUBLE_EXPRESSION = Expression(
    detune_cents=7.0, vibrato_rate_scale=1.09, vibrato_phase=1.7, vibrato_depth_scale=0.8
)
HARMONY_EXPRESSION = Expression(
    detune_cents=-4.0, vibrato_rate_scale=0.93, vibrato_phase=0.6, vibrato_depth_scale=0.6
)


@dataclass(frozen=True)
class BackingStyle:
    """Levels (dB under the lead), stereo positions (−1 left … 1 right) and the double's
    timing (seconds late) and expression."""

    double_gain_db: float = -5.0
    harmony_gain_db: float = -7.0
    double_pan: float = -0.45
    harmony_pan: float = 0.45
    double_delay_s: float = 0.022
    double_expression: Expression = DOUBLE_EXPRESSION
    harmony_expression: Expression = HARMONY_EXPRESSION


def chord_pitch_classes(chords: Sequence[Chord], beat: float) -> tuple[int, ...]:
    """Pitch classes of the chord sounding at ``beat`` (empty when there are no chords)."""
    current: Chord | None = None
    for chord in chords:
        if chord.start_beat <= beat + 1e-9:
            current = chord
        else:
            break
    if current is None:
        current = chords[0] if chords else None
    return tuple(current.pitch_classes) if current else ()


def harmony_above(pitches: Sequence[int], *, range_high_midi: int) -> bool:
    """True when a harmony above the melody stays within 3 semitones over the voice's range."""
    return max(pitches) + 4 <= range_high_midi + 3


def harmony_pitch(
    pitch: int, chord_pcs: Sequence[int], scale_pcs: Sequence[int], *, above: bool
) -> int:
    """The harmony note for melody ``pitch``: a diatonic third or sixth that is a chord tone.

    Over a passing note, a fourth or fifth that is a chord tone; else the diatonic third
    (any third when the melody leaves the scale).
    """
    sign = 1 if above else -1
    candidates = [pitch + sign * step for step in (*CONSONANT_INTERVALS, *OPEN_INTERVALS)]
    diatonic = [q for q in candidates if q % 12 in scale_pcs]
    for q in diatonic:  # thirds, then sixths, then fourths and fifths
        if q % 12 in chord_pcs:
            return q
    thirds = [q for q in diatonic if abs(q - pitch) in (3, 4)]
    if thirds:
        return thirds[0]
    return pitch + sign * 4 if (pitch + sign * 4) % 12 in chord_pcs else pitch + sign * 3


def harmony_line(
    pitches: Sequence[int],
    beats: Sequence[float],
    chords: Sequence[Chord],
    scale_pcs: Sequence[int],
    *,
    above: bool,
) -> list[int]:
    """Harmony pitches for melody ``pitches`` starting at ``beats`` over ``chords``."""
    return [
        harmony_pitch(p, chord_pitch_classes(chords, b), scale_pcs, above=above)
        for p, b in zip(pitches, beats, strict=True)
    ]
