"""Instrument parts from the chords and the style: drums, bass, keys, pad, arpeggio.

Patterns are the 16-step grids of :mod:`ai_artist.engines.music.styles` (one step = 0.25
beats); odd steps are delayed by ``swing × 0.125`` beats.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from ai_artist.domain import Chord, Note, Part, Section
from ai_artist.engines.music.styles import CRASH, KICK, GenreStyle, energy_level
from ai_artist.engines.music.theory import nearest_pitch, voice_lead

STEP_BEATS = 0.25
ACCENT = {"x": 112, "o": 92, "O": 96, "F": 90, "g": 52}
_ENDING = "x_______________"


@dataclass(frozen=True)
class Bar:
    """One bar of the arrangement with its chord and place in the form."""

    start_beat: float
    chord: Chord
    section: Section
    bar_in_section: int
    first_in_section: bool
    last_in_section: bool
    last_in_song: bool


def bars_of(sections: list[Section], chords: list[Chord], *, beats_per_bar: int) -> list[Bar]:
    """The bars of the song in order (chords are one per bar)."""
    bars: list[Bar] = []
    index = 0
    for number, section in enumerate(sections):
        for bar in range(section.bars):
            bars.append(
                Bar(
                    start_beat=section.start_beat + bar * beats_per_bar,
                    chord=chords[index],
                    section=section,
                    bar_in_section=bar,
                    first_in_section=bar == 0,
                    last_in_section=bar == section.bars - 1,
                    last_in_song=number == len(sections) - 1 and bar == section.bars - 1,
                )
            )
            index += 1
    return bars


def pattern_events(pattern: str) -> list[tuple[int, int, str]]:
    """(step, length in steps, symbol) of each onset in a 16-step grid string."""
    events: list[tuple[int, int, str]] = []
    for step, symbol in enumerate(pattern):
        if symbol in "._":
            continue
        length = 1
        while step + length < len(pattern) and pattern[step + length] == "_":
            length += 1
        events.append((step, length, symbol))
    return events


def _onset(bar: Bar, step: int, swing: float) -> float:
    return bar.start_beat + step * STEP_BEATS + (swing * 0.125 if step % 2 else 0.0)


def _velocity(symbol: str, energy: float, *, seed: int, bar: Bar, step: int, pitch: int) -> int:
    """Accent × energy, humanized by ±5 from a hash of the position in a 4-bar cycle.

    Hashing the position (not drawing from a running generator) makes repeated bars
    identical, which the renderer exploits to synthesize each distinct block once.
    """
    base = ACCENT.get(symbol, 92) * (0.8 + 0.25 * energy)
    jitter = zlib.crc32(f"{seed}:{bar.bar_in_section % 4}:{step}:{pitch}".encode()) % 11 - 5
    return max(1, min(127, round(base) + jitter))


def drum_part(bars: list[Bar], style: GenreStyle, *, seed: int) -> Part:
    """Drums: the style's groove for each section's energy, a fill at section ends, crashes."""
    notes: list[Note] = []
    for bar in bars:
        energy = bar.section.energy
        if bar.last_in_song:
            lanes: list[tuple[int, str]] = [(KICK, "x..............."), (CRASH, "x...............")]
        else:
            lanes = list(style.drums[energy_level(energy)].lanes)
            if bar.last_in_section:
                cut = style.fill_from_step
                lanes = [(pitch, steps[:cut] + "." * (16 - cut)) for pitch, steps in lanes]
                lanes += [(pitch, "." * cut + steps[cut:]) for pitch, steps in style.fill.lanes]
            if bar.first_in_section and energy >= 0.6:
                lanes.append((CRASH, "x..............."))
        for pitch, steps in lanes:
            for step, _, symbol in pattern_events(steps):
                notes.append(
                    Note(
                        pitch=pitch,
                        start_beat=_onset(bar, step, style.swing),
                        duration_beats=STEP_BEATS,
                        velocity=_velocity(
                            symbol, energy, seed=seed, bar=bar, step=step, pitch=pitch
                        ),
                    )
                )
    notes.sort(key=lambda n: (n.start_beat, n.pitch))
    return Part(
        name="Drums",
        program=style.palette.drum_kit,
        is_drum=True,
        notes=notes,
        gain_db=style.gains_db.get("Drums", 0.0),
    )


def bass_part(bars: list[Bar], style: GenreStyle, *, seed: int) -> Part:
    """Bass: chord roots (octave/fifth on O/F) in the style's rhythm for the section energy."""
    notes: list[Note] = []
    low = style.bass_low_midi
    for bar in bars:
        pattern = _ENDING if bar.last_in_song else style.bass[energy_level(bar.section.energy)]
        root = nearest_pitch(bar.chord.root_pc, low + 5.5, low=low, high=low + 11)
        for step, length, symbol in pattern_events(pattern):
            pitch = root + {"O": 12, "F": 7}.get(symbol, 0)
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=_onset(bar, step, style.swing),
                    duration_beats=length * STEP_BEATS * 0.95,
                    velocity=_velocity(
                        symbol, bar.section.energy, seed=seed, bar=bar, step=step, pitch=pitch
                    ),
                )
            )
    return Part(
        name="Bass",
        program=style.palette.bass,
        notes=notes,
        gain_db=style.gains_db.get("Bass", 0.0),
    )


def keys_part(bars: list[Bar], style: GenreStyle, *, seed: int) -> Part:
    """Keys: the voice-led chord voicings in the style's comping rhythm."""
    notes: list[Note] = []
    for bar in bars:
        pattern = _ENDING if bar.last_in_song else style.comp[energy_level(bar.section.energy)]
        for step, length, symbol in pattern_events(pattern):
            energy = bar.section.energy
            velocity = _velocity(symbol, energy, seed=seed, bar=bar, step=step, pitch=0) - 18
            for pitch in bar.chord.voicing:
                notes.append(
                    Note(
                        pitch=pitch,
                        start_beat=_onset(bar, step, style.swing),
                        duration_beats=length * STEP_BEATS * 0.97,
                        velocity=max(1, velocity),
                    )
                )
    return Part(
        name="Keys",
        program=style.palette.keys,
        notes=notes,
        gain_db=style.gains_db.get("Keys", 0.0),
    )


def pad_part(bars: list[Bar], style: GenreStyle, *, beats_per_bar: int) -> Part | None:
    """Pad: sustained chords a register above the keys, tied across repeated chords."""
    if style.palette.pad is None:
        return None
    voicings = voice_lead(
        [tuple(bar.chord.pitch_classes) for bar in bars], low=60, high=84, size=4, center=70.0
    )
    notes: list[Note] = []
    for bar, voicing in zip(bars, voicings, strict=True):
        velocity = round(50 + 40 * bar.section.energy)
        for pitch in voicing:
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=bar.start_beat,
                    duration_beats=beats_per_bar * 0.99,
                    velocity=velocity,
                )
            )
    return Part(
        name="Pad", program=style.palette.pad, notes=notes, gain_db=style.gains_db.get("Pad", 0.0)
    )


def arp_part(bars: list[Bar], style: GenreStyle, *, seed: int) -> Part | None:
    """Arpeggio of the chord an octave up, in high-energy sections only."""
    if style.palette.arp is None:
        return None
    notes: list[Note] = []
    for bar in bars:
        if energy_level(bar.section.energy) != "high" or bar.last_in_song:
            continue
        cycle = [p + 12 for p in bar.chord.voicing] + [bar.chord.voicing[0] + 24]
        events = pattern_events(style.arp)
        for index, (step, length, symbol) in enumerate(events):
            pitch = cycle[index % len(cycle)]
            energy = bar.section.energy
            velocity = _velocity(symbol, energy, seed=seed, bar=bar, step=step, pitch=pitch)
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=_onset(bar, step, style.swing),
                    duration_beats=length * STEP_BEATS * 0.9,
                    velocity=max(1, velocity - 20),
                )
            )
    if not notes:
        return None
    return Part(
        name="Arp", program=style.palette.arp, notes=notes, gain_db=style.gains_db.get("Arp", 0.0)
    )
