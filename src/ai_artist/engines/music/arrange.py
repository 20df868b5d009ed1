"""Instrument parts from the chords and the style: drums, bass, keys, pad, arpeggio, FX, texture.

Patterns are the 16-step grids of :mod:`ai_artist.engines.music.styles` (one step = 0.25
beats). Each role plays only in the sections whose arrangement lists it; grooves follow each
bar's energy (the section's energy plus its ramp); the 4th bar of every 4-bar group plays the
pattern's variation; section ends get fills, choruses get risers, builds, drops and impacts
as the style's transitions say; the last bar holds the final chord and rings out.

Humanization is hashed from the position in a 4-bar cycle (never drawn from a running
generator), so repeated bars stay identical and the renderer synthesizes each block once.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from ai_artist.domain import Chord, Note, Part, Section
from ai_artist.engines.music.styles import (
    CLAP,
    CRASH,
    KICK,
    SNARE,
    DrumPattern,
    GenreStyle,
    energy_level,
)
from ai_artist.engines.music.theory import nearest_pitch, voice_lead
from ai_artist.engines.music.voices import IMPACT_PITCH, RISER_PITCH, gm_program, part_name

STEP_BEATS = 0.25
ACCENT = {"x": 112, "o": 92, "O": 96, "F": 90, "S": 96, "g": 52, "r": 80, "R": 72}
ENDING_HOLD_S = 1.2
"""The final chord is held this long (seconds) past the last bar, then rings out."""
_ENDING = "x_______________"
_BACKBEAT = {SNARE, CLAP, 37}
_BUILD = DrumPattern(((SNARE, "x.x.x.x.xxxxrrrr"), (KICK, "x...x...x...x...")))


@dataclass(frozen=True)
class Bar:
    """One bar of the arrangement with its chord, energy and place in the form."""

    start_beat: float
    chord: Chord
    section: Section
    bar_in_section: int
    energy: float
    next_section: str | None
    last_in_song: bool

    @property
    def first_in_section(self) -> bool:
        return self.bar_in_section == 0

    @property
    def last_in_section(self) -> bool:
        return self.bar_in_section == self.section.bars - 1

    @property
    def variation(self) -> int:
        """1 in the 4th bar of each 4-bar group (the pattern's variation), else 0."""
        return 1 if self.bar_in_section % 4 == 3 else 0

    @property
    def into_chorus(self) -> bool:
        return self.last_in_section and self.next_section == "chorus"


def bars_of(
    sections: list[Section],
    chords: list[Chord],
    *,
    beats_per_bar: int,
    style: GenreStyle | None = None,
) -> list[Bar]:
    """The bars of the song in order (chords are one per bar), with energies from the style."""
    bars: list[Bar] = []
    index = 0
    for number, section in enumerate(sections):
        ramp = style.energy_ramps.get(section.name, 0.0) if style else 0.0
        following = sections[number + 1].name if number + 1 < len(sections) else None
        for bar in range(section.bars):
            rise = ramp * bar / (section.bars - 1) if section.bars > 1 else 0.0
            bars.append(
                Bar(
                    start_beat=section.start_beat + bar * beats_per_bar,
                    chord=chords[index],
                    section=section,
                    bar_in_section=bar,
                    energy=min(1.0, section.energy + rise),
                    next_section=following,
                    last_in_song=following is None and bar == section.bars - 1,
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


def _hash(seed: int, bar: Bar, step: int, pitch: int, salt: str) -> int:
    return zlib.crc32(f"{salt}:{seed}:{bar.bar_in_section % 4}:{step}:{pitch}".encode())


def _onset(bar: Bar, step: int, style: GenreStyle, *, seed: int, pitch: int, lag: bool) -> float:
    """Beat of a grid step with swing, humanized timing and (``lag``) a laid-back feel."""
    feel = style.feel
    beat = bar.start_beat + step * STEP_BEATS + (feel.swing * 0.125 if step % 2 else 0.0)
    if feel.timing_jitter_beats:
        unit = _hash(seed, bar, step, pitch, "t") % 2001 / 1000.0 - 1.0
        beat += unit * feel.timing_jitter_beats
    if lag:
        beat += feel.laid_back_beats
    return max(0.0, round(beat, 4))


def _velocity(
    symbol: str, energy: float, style: GenreStyle, *, seed: int, bar: Bar, step: int, pitch: int
) -> int:
    """Accent × energy, humanized by ± the style's velocity jitter."""
    base = ACCENT.get(symbol, 92) * (0.8 + 0.25 * energy)
    spread = style.feel.velocity_jitter
    jitter = _hash(seed, bar, step, pitch, "v") % (2 * spread + 1) - spread
    return max(1, min(127, round(base) + jitter))


def _gain(style: GenreStyle, role: str) -> float:
    return style.gains_db.get(role, 0.0)


def _drum_lanes(bar: Bar, style: GenreStyle) -> list[tuple[int, str]]:
    if bar.last_in_song:
        return [(KICK, "x..............."), (CRASH, "x...............")]
    grooves = style.drums[energy_level(bar.energy)]
    lanes = list(grooves[min(bar.variation, len(grooves) - 1)].lanes)
    if bar.into_chorus and style.transitions.build and bar.section.name != "chorus":
        lanes = list(_BUILD.lanes)
    elif bar.last_in_section or (bar.bar_in_section % 8 == 7):
        big = bar.into_chorus or (bar.last_in_section and bar.section.name == "chorus")
        fill = style.fills[-1] if big else style.fills[0]
        cut = fill.from_step
        lanes = [(pitch, steps[:cut] + "." * (16 - cut)) for pitch, steps in lanes]
        lanes += [(pitch, "." * cut + steps[cut:]) for pitch, steps in fill.lanes]
    if bar.first_in_section and bar.energy >= 0.6:
        lanes.append((CRASH, "x..............."))
    return lanes


def _drop_from_beat(bar: Bar, style: GenreStyle, beats_per_bar: int) -> float | None:
    """Beat (absolute) from which drums and bass stop before a chorus (the drop)."""
    drop = style.transitions.drop_beats
    if drop <= 0 or not bar.into_chorus:
        return None
    return bar.start_beat + beats_per_bar - drop


def drum_part(
    bars: list[Bar], style: GenreStyle, *, seed: int, beats_per_bar: int = 4
) -> Part | None:
    """Drums: the style's groove per bar energy and variation, fills, builds, drops, crashes."""
    notes: list[Note] = []
    for bar in bars:
        if not style.plays(bar.section.name, "Drums") and not bar.last_in_song:
            continue
        drop = _drop_from_beat(bar, style, beats_per_bar)
        for pitch, steps in _drum_lanes(bar, style):
            for step, _, symbol in pattern_events(steps):
                hits = {"r": 2, "R": 4}.get(symbol, 1)
                lag = pitch in _BACKBEAT and step % 4 == 0
                start = _onset(bar, step, style, seed=seed, pitch=pitch, lag=lag)
                if drop is not None and start >= drop - 1e-9:
                    continue
                velocity = _velocity(
                    symbol, bar.energy, style, seed=seed, bar=bar, step=step, pitch=pitch
                )
                for hit in range(hits):
                    notes.append(
                        Note(
                            pitch=pitch,
                            start_beat=round(start + hit * STEP_BEATS / hits, 4),
                            duration_beats=STEP_BEATS / hits,
                            velocity=max(1, velocity - 6 * (hits - 1 - hit)),
                        )
                    )
    if not notes:
        return None
    notes.sort(key=lambda n: (n.start_beat, n.pitch))
    instrument = style.palette.drums
    return Part(
        name=part_name("Drums", instrument),
        program=gm_program(instrument),
        is_drum=True,
        notes=notes,
        gain_db=_gain(style, "Drums"),
    )


def bass_part(
    bars: list[Bar], style: GenreStyle, *, seed: int, beats_per_bar: int = 4, tempo_bpm: float
) -> Part | None:
    """Bass: chord roots (octave on O and S slides, fifth on F) in the style's rhythms."""
    notes: list[Note] = []
    low = style.bass_low_midi
    hold = ENDING_HOLD_S * tempo_bpm / 60.0
    for bar in bars:
        if not style.plays(bar.section.name, "Bass") and not bar.last_in_song:
            continue
        patterns = style.bass[energy_level(bar.energy)]
        pattern = _ENDING if bar.last_in_song else patterns[min(bar.variation, len(patterns) - 1)]
        root = nearest_pitch(bar.chord.root_pc, low + 5.5, low=low, high=low + 11)
        drop = _drop_from_beat(bar, style, beats_per_bar)
        events = pattern_events(pattern)
        for index, (step, length, symbol) in enumerate(events):
            pitch = root + {"O": 12, "S": 12, "F": 7}.get(symbol, 0)
            start = _onset(bar, step, style, seed=seed, pitch=pitch, lag=False)
            if drop is not None and start >= drop - 1e-9:
                continue
            slide_next = index + 1 < len(events) and events[index + 1][2] == "S"
            duration = length * STEP_BEATS - (0.0 if slide_next else min(0.05, 0.2 * STEP_BEATS))
            if bar.last_in_song:
                duration = beats_per_bar + hold
            elif drop is not None:
                duration = min(duration, drop - start)
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=start,
                    duration_beats=round(duration, 4),
                    velocity=_velocity(
                        symbol, bar.energy, style, seed=seed, bar=bar, step=step, pitch=pitch
                    ),
                )
            )
    if not notes:
        return None
    instrument = style.palette.bass
    return Part(
        name=part_name("Bass", instrument),
        program=gm_program(instrument),
        notes=notes,
        gain_db=_gain(style, "Bass"),
    )


def keys_part(
    bars: list[Bar], style: GenreStyle, *, seed: int, beats_per_bar: int = 4, tempo_bpm: float
) -> Part | None:
    """Keys: the voice-led chord voicings in the style's comping rhythm (laid back if the
    feel says so)."""
    notes: list[Note] = []
    hold = ENDING_HOLD_S * tempo_bpm / 60.0
    for bar in bars:
        if not style.plays(bar.section.name, "Keys") and not bar.last_in_song:
            continue
        patterns = style.comp[energy_level(bar.energy)]
        pattern = _ENDING if bar.last_in_song else patterns[min(bar.variation, len(patterns) - 1)]
        for step, length, symbol in pattern_events(pattern):
            velocity = _velocity(symbol, bar.energy, style, seed=seed, bar=bar, step=step, pitch=0)
            start = _onset(bar, step, style, seed=seed, pitch=0, lag=True)
            duration = beats_per_bar + hold if bar.last_in_song else length * STEP_BEATS * 0.97
            for pitch in bar.chord.voicing:
                notes.append(
                    Note(
                        pitch=pitch,
                        start_beat=start,
                        duration_beats=round(duration, 4),
                        velocity=max(1, velocity - 18),
                    )
                )
    if not notes:
        return None
    instrument = style.palette.keys
    return Part(
        name=part_name("Keys", instrument),
        program=gm_program(instrument),
        notes=notes,
        gain_db=_gain(style, "Keys"),
    )


def pad_part(
    bars: list[Bar], style: GenreStyle, *, beats_per_bar: int, tempo_bpm: float
) -> Part | None:
    """Pad: sustained chords a register above the keys, voice-led, held into the ending."""
    instrument = style.palette.pad
    if instrument is None:
        return None
    voicings = voice_lead(
        [tuple(bar.chord.pitch_classes) for bar in bars], low=60, high=84, size=4, center=70.0
    )
    hold = ENDING_HOLD_S * tempo_bpm / 60.0
    notes: list[Note] = []
    for bar, voicing in zip(bars, voicings, strict=True):
        if not style.plays(bar.section.name, "Pad") and not bar.last_in_song:
            continue
        velocity = round(50 + 40 * bar.energy)
        duration = beats_per_bar + hold if bar.last_in_song else beats_per_bar * 0.99
        for pitch in voicing:
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=bar.start_beat,
                    duration_beats=round(duration, 4),
                    velocity=velocity,
                )
            )
    if not notes:
        return None
    return Part(
        name=part_name("Pad", instrument),
        program=gm_program(instrument),
        notes=notes,
        gain_db=_gain(style, "Pad"),
    )


def arp_part(bars: list[Bar], style: GenreStyle, *, seed: int) -> Part | None:
    """Arpeggio of the chord an octave up, in the sections that list it at mid/high energy."""
    instrument = style.palette.arp
    if instrument is None:
        return None
    notes: list[Note] = []
    for bar in bars:
        if not style.plays(bar.section.name, "Arp") or bar.last_in_song:
            continue
        if energy_level(bar.energy) == "low" and bar.section.name not in ("intro", "bridge"):
            continue
        cycle = [p + 12 for p in bar.chord.voicing] + [bar.chord.voicing[0] + 24]
        for index, (step, length, symbol) in enumerate(pattern_events(style.arp)):
            pitch = cycle[index % len(cycle)]
            velocity = _velocity(
                symbol, bar.energy, style, seed=seed, bar=bar, step=step, pitch=pitch
            )
            notes.append(
                Note(
                    pitch=pitch,
                    start_beat=_onset(bar, step, style, seed=seed, pitch=pitch, lag=False),
                    duration_beats=length * STEP_BEATS * 0.9,
                    velocity=max(1, velocity - 20),
                )
            )
    if not notes:
        return None
    return Part(
        name=part_name("Arp", instrument),
        program=gm_program(instrument),
        notes=notes,
        gain_db=_gain(style, "Arp"),
    )


def fx_part(bars: list[Bar], style: GenreStyle, *, beats_per_bar: int) -> Part | None:
    """Transitions: a noise riser into each chorus and an impact on its downbeat."""
    riser = style.transitions.riser_beats
    notes: list[Note] = []
    for bar in bars:
        if bar.into_chorus and riser > 0:
            end = bar.start_beat + beats_per_bar
            start = max(bar.section.start_beat, end - riser)
            notes.append(Note(pitch=RISER_PITCH, start_beat=start, duration_beats=end - start))
        if (
            style.transitions.impact
            and bar.first_in_section
            and bar.section.name == "chorus"
            and bar.start_beat > 0
        ):
            notes.append(
                Note(
                    pitch=IMPACT_PITCH, start_beat=bar.start_beat, duration_beats=1.0, velocity=110
                )
            )
    if not notes:
        return None
    return Part(
        name=part_name("FX", "riser"),
        program=gm_program("riser"),
        notes=notes,
        gain_db=_gain(style, "FX"),
    )


def texture_part(bars: list[Bar], style: GenreStyle, *, beats_per_bar: int) -> Part | None:
    """A surface texture (the style's ``texture`` voice, e.g. vinyl) under the whole song."""
    if style.texture is None or not bars:
        return None
    end = bars[-1].start_beat + beats_per_bar
    return Part(
        name=part_name("Texture", style.texture),
        program=gm_program(style.texture),
        notes=[Note(pitch=60, start_beat=0.0, duration_beats=end, velocity=24)],
        gain_db=_gain(style, "Texture"),
    )
