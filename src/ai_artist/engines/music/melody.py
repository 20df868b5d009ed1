"""Vocal (and lead) melody writing: phrases of syllable slots over the chords.

Rules: 2-bar phrases with a breath (≥ 1 beat rest) at the end; every note lasts 0.5–2 beats
on a half-beat grid; chord tones on strong beats (beats 1 and 3) and at phrase ends; mostly
stepwise motion through the scale; an arch contour; phrase 3 repeats phrase 1 when the chords
repeat, and the last phrase of a section answers phrase 2's rhythm and resolves.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from ai_artist.domain import Chord, Note

GRID_BEATS = 0.5
"""Rhythmic grid of melody onsets and lengths (beats)."""


@dataclass(frozen=True)
class MelodyRange:
    """Pitch range (MIDI, inclusive) and where in it the section sits (0 low .. 1 high)."""

    low: int
    high: int
    tessitura: float = 0.5


def chord_at(chords: Sequence[Chord], beat: float) -> Chord:
    """The chord sounding at ``beat`` (the last one that started at or before it)."""
    current = chords[0]
    for chord in chords:
        if chord.start_beat <= beat + 1e-9:
            current = chord
        else:
            break
    return current


def phrase_spans(start_beat: float, bars: int, beats_per_bar: int) -> list[tuple[float, float]]:
    """(start, length) in beats of the 2-bar phrases of a section (an odd bar joins the last)."""
    spans: list[tuple[float, float]] = []
    bar = 0
    while bar < bars:
        length_bars = 2 if bars - bar != 3 else 3
        length_bars = min(length_bars, bars - bar)
        spans.append((start_beat + bar * beats_per_bar, float(length_bars * beats_per_bar)))
        bar += length_bars
    return spans


def local_scale(scale_pcs: Sequence[int], chord_pcs: Sequence[int]) -> set[int]:
    """The scale over one chord: a borrowed chord tone replaces scale tones a semitone away."""
    local = set(scale_pcs)
    for pc in chord_pcs:
        if pc not in local:
            local -= {(pc + 1) % 12, (pc - 1) % 12} - set(chord_pcs)
            local.add(pc)
    return local


def make_rhythm(
    span_beats: float, *, density: float, rng: random.Random
) -> list[tuple[float, float]]:
    """(offset, duration) pairs in beats of one phrase: 5–12 notes, each 0.5–2 beats.

    The phrase starts at offset 0, 0.5 or 1 and leaves at least 1 beat of rest at the end.
    ``density`` (0..1) sets how many syllables fit into the span.
    """
    long_span = span_beats >= 8
    offset = rng.choice((0.0, 0.0, 0.5, 1.0)) if long_span else 0.0
    rest = rng.choice((1.0, 1.5, 2.0)) if long_span else 1.0
    available = span_beats - offset - rest
    steps = round(available / GRID_BEATS)
    count = round(available * (0.75 + 0.9 * density))
    count = max(5, min(12, count, steps - 1))
    durations = [1] * count  # in grid units (0.5 beats)
    durations[-1] = 2
    budget = steps - sum(durations)
    while budget > 0:
        open_slots = [i for i, d in enumerate(durations) if d < 4]
        if not open_slots:
            break
        weights = [3 if i == count - 1 else 2 if i % 3 == 0 else 1 for i in open_slots]
        index = rng.choices(open_slots, weights=weights)[0]
        durations[index] += 1
        budget -= 1
    rhythm: list[tuple[float, float]] = []
    position = offset
    for units in durations:
        rhythm.append((position, units * GRID_BEATS))
        position += units * GRID_BEATS
    return rhythm


def make_pitches(
    onsets: Sequence[float],
    chords: Sequence[Chord],
    *,
    scale_pcs: Sequence[int],
    pitch_range: MelodyRange,
    previous: int | None,
    resolve_pc: int | None,
    beats_per_bar: int,
    rng: random.Random,
) -> list[int]:
    """Pitches for notes starting at ``onsets`` (absolute beats).

    Strong beats and the final note take chord tones; other notes move by scale steps toward an
    arch-shaped target. The final note lands on ``resolve_pc`` when it is a chord tone there.
    """
    low, high = pitch_range.low, pitch_range.high
    span = high - low
    center = low + span * (0.3 + 0.4 * pitch_range.tessitura)
    current = previous if previous is not None else round(center)
    count = len(onsets)
    lift = rng.uniform(0.2, 0.4) * span
    peak_at = rng.uniform(0.45, 0.7)
    pitches: list[int] = []
    for index, onset in enumerate(onsets):
        chord = chord_at(chords, onset)
        local = local_scale(scale_pcs, chord.pitch_classes)
        scale = [p for p in range(low, high + 1) if p % 12 in local]
        position = (onset % beats_per_bar) if beats_per_bar else 0.0
        strong = abs(position - round(position)) < 1e-9 and round(position) % 2 == 0
        last = index == count - 1
        phase = index / max(count - 1, 1)
        shape = (
            math.sin(math.pi * min(phase / peak_at, 1.0) / 2)
            if phase <= peak_at
            else (math.cos(math.pi / 2 * (phase - peak_at) / max(1 - peak_at, 1e-6)))
        )
        target = center + lift * shape - (0.08 * span if last else 0.0)
        if last and resolve_pc is not None and resolve_pc in chord.pitch_classes:
            options = [p for p in range(low, high + 1) if p % 12 == resolve_pc]
        elif strong or last or index == 0:
            options = [p for p in range(low, high + 1) if p % 12 in chord.pitch_classes]
        else:
            options = [p for p in scale if 0 < abs(p - current) <= 4] or scale
        options = options or scale

        def cost(pitch: int, cur: int = current, aim: float = target) -> float:
            leap = abs(pitch - cur)
            motion = leap * 0.6 + (4.0 if leap > 5 else 0.0) + (1.2 if leap == 0 else 0.0)
            return motion + abs(pitch - aim) * 0.45 + rng.uniform(0.0, 1.6)

        current = min(options, key=cost)
        pitches.append(current)
    return pitches


def write_section(
    chords: Sequence[Chord],
    *,
    start_beat: float,
    bars: int,
    beats_per_bar: int,
    scale_pcs: Sequence[int],
    tonic_pc: int,
    pitch_range: MelodyRange,
    density: float,
    previous: int | None,
    rng: random.Random,
    first_phrase: list[Note] | None = None,
) -> list[list[Note]]:
    """The notes of each phrase of one section (absolute beats), in order.

    ``first_phrase`` (absolute beats) is used as the section's first phrase when given: a
    later verse opens like the first and then varies.
    """
    spans = phrase_spans(start_beat, bars, beats_per_bar)
    rhythms: dict[float, list[list[tuple[float, float]]]] = {}
    phrases: list[list[Note]] = []
    for index, (phrase_start, length) in enumerate(spans):
        if index == 0 and first_phrase:
            phrases.append(list(first_phrase))
            previous = first_phrase[-1].pitch
            continue
        pool = rhythms.setdefault(length, [])
        last = index == len(spans) - 1
        if len(pool) < 2:
            pool.append(make_rhythm(length, density=density, rng=rng))
        rhythm = pool[index % 2] if len(pool) == 2 else pool[0]
        earlier = index - 2
        if not last and earlier >= 0 and _same_chords(chords, spans[earlier], spans[index]):
            shift = phrase_start - spans[earlier][0]
            phrases.append(
                [
                    note.model_copy(update={"start_beat": note.start_beat + shift})
                    for note in phrases[earlier]
                ]
            )
            previous = phrases[-1][-1].pitch
            continue
        onsets = [phrase_start + offset for offset, _ in rhythm]
        pitches = make_pitches(
            onsets,
            chords,
            scale_pcs=scale_pcs,
            pitch_range=pitch_range,
            previous=previous,
            resolve_pc=tonic_pc if last else None,
            beats_per_bar=beats_per_bar,
            rng=rng,
        )
        notes = []
        for (offset, duration), pitch in zip(rhythm, pitches, strict=True):
            onset = phrase_start + offset
            on_beat = abs(onset - round(onset)) < 1e-9
            velocity = min(127, 84 + (8 if on_beat else 0) + rng.randint(-4, 4))
            notes.append(
                Note(pitch=pitch, start_beat=onset, duration_beats=duration, velocity=velocity)
            )
        phrases.append(notes)
        previous = pitches[-1]
    return phrases


def _same_chords(
    chords: Sequence[Chord], first: tuple[float, float], second: tuple[float, float]
) -> bool:
    if first[1] != second[1]:
        return False
    beat = 0.0
    while beat < first[1]:
        if chord_at(chords, first[0] + beat).symbol != chord_at(chords, second[0] + beat).symbol:
            return False
        beat += 1.0
    return True


def melodic_ngrams(phrases: Sequence[Sequence[Note]], *, n: int = 4) -> set[tuple[float, ...]]:
    """The distinct melodic n-grams of a melody: n consecutive notes as (n − 1) intervals
    (semitones) followed by n durations (beats); n-grams run across phrase boundaries."""
    notes = [note for phrase in phrases for note in phrase]
    grams: set[tuple[float, ...]] = set()
    for index in range(len(notes) - n + 1):
        window = notes[index : index + n]
        intervals = [float(b.pitch - a.pitch) for a, b in itertools.pairwise(window)]
        grams.add((*intervals, *(note.duration_beats for note in window)))
    return grams


def shared_ngram_fraction(first: set[tuple[float, ...]], second: set[tuple[float, ...]]) -> float:
    """Share (0..1) of the smaller n-gram set that also occurs in the other one."""
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
