"""Music theory the composer needs: scales, roman numerals, chords and voice leading.

Pitches are MIDI note numbers; pitch classes are 0..11 with 0 = C; intervals in semitones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai_artist.domain.score import PITCH_CLASSES, Chord
from ai_artist.errors import InputError

SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
}
"""Interval sets of the supported modes (semitones above the tonic)."""

FLAT_NAMES = {"Db": "C#", "Eb": "D#", "Gb": "F#", "Ab": "G#", "Bb": "A#", "Cb": "B", "Fb": "E"}

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}
_NUMERAL = re.compile(
    r"^(?P<acc>[b#]?)(?P<roman>[ivIV]+)(?P<qual>°|o|\+)?(?P<ext>maj7|7|9|sus2|sus4)?$"
)


def normalize_key(name: str) -> str:
    """Return the sharp spelling of a tonic name ('Bb' → 'A#'); raise InputError if unknown."""
    cleaned = name.strip()
    cleaned = cleaned[:1].upper() + cleaned[1:]
    cleaned = FLAT_NAMES.get(cleaned, cleaned)
    if cleaned not in PITCH_CLASSES:
        raise InputError(f"unknown key '{name}'; accepted: {', '.join(PITCH_CLASSES)} (or flats)")
    return cleaned


def scale_pitch_classes(tonic_pc: int, mode: str) -> tuple[int, ...]:
    """Pitch classes of the scale of ``mode`` on ``tonic_pc``, tonic first."""
    if mode not in SCALES:
        raise InputError(f"unknown mode '{mode}'; accepted: {', '.join(SCALES)}")
    return tuple((tonic_pc + step) % 12 for step in SCALES[mode])


@dataclass(frozen=True)
class ChordSpec:
    """A chord parsed from a roman numeral in a key: root and tones as pitch classes."""

    numeral: str
    symbol: str
    root_pc: int
    pitch_classes: tuple[int, ...]


def parse_numeral(numeral: str, tonic_pc: int, mode: str) -> ChordSpec:
    """Build the chord of a roman numeral in a key.

    Case gives the triad quality (upper = major, lower = minor); ``°`` diminished, ``+``
    augmented; a ``b``/``#`` prefix lowers/raises the root from the mode's scale degree.
    Extensions: ``7`` (diatonic seventh when root and third are the scale's, else minor seventh),
    ``maj7``, ``9`` (seventh + ninth), ``sus2``, ``sus4``.
    """
    match = _NUMERAL.match(numeral)
    if match is None or match["roman"].lower() not in _ROMAN:
        raise InputError(
            f"cannot read roman numeral '{numeral}'; accepted e.g. I, ii, V7, bVII, vi9, iv°"
        )
    scale = scale_pitch_classes(tonic_pc, mode)
    degree = _ROMAN[match["roman"].lower()] - 1
    shift = {"": 0, "b": -1, "#": 1}[match["acc"]]
    root = (scale[degree] + shift) % 12
    upper = match["roman"].isupper()
    quality = match["qual"]
    if quality in ("°", "o"):
        intervals = [0, 3, 6]
    elif quality == "+":
        intervals = [0, 4, 8]
    else:
        intervals = [0, 4, 7] if upper else [0, 3, 7]
    ext = match["ext"] or ""
    # a chord whose root or third is borrowed from another mode takes the minor seventh and
    # major ninth, not the sevenths of this scale ("iv7" in major is a minor seventh chord)
    diatonic_third = (scale[(degree + 2) % 7] - root) % 12
    in_scale = shift == 0 and intervals[1] == diatonic_third
    seventh = (scale[(degree + 6) % 7] - root) % 12 if in_scale else 10
    if ext == "maj7":
        intervals.append(11)
    elif ext == "7":
        intervals.append(9 if quality in ("°", "o") and seventh == 9 else seventh)
    elif ext == "9":
        ninth = (scale[(degree + 1) % 7] - root) % 12 if in_scale else 2
        intervals += [seventh, ninth]
    elif ext == "sus2":
        intervals[1] = 2
    elif ext == "sus4":
        intervals[1] = 5
    pcs = tuple(dict.fromkeys((root + step) % 12 for step in intervals))
    return ChordSpec(numeral, _symbol(root, intervals, ext), root, pcs)


def _symbol(root: int, intervals: list[int], ext: str) -> str:
    name = PITCH_CLASSES[root]
    triad = tuple(intervals[:3])
    if ext in ("sus2", "sus4"):
        return name + ext
    quality = {(0, 3, 7): "m", (0, 3, 6): "dim", (0, 4, 8): "aug"}.get(triad, "")
    if quality == "dim" and ext == "7" and intervals[3] == 10:
        return name + "m7b5"
    if not ext:
        return name + quality
    if ext == "maj7" or (len(intervals) > 3 and intervals[3] == 11):
        return name + quality + ("maj7" if ext == "maj7" else "maj9" if ext == "9" else "maj7")
    return name + quality + ext


def voicings(pitch_classes: tuple[int, ...], *, low: int, high: int, size: int) -> list[list[int]]:
    """Close-position voicings (every inversion) of up to ``size`` tones within low..high.

    With more tones than ``size``, the fifth (third tone) is dropped first.
    """
    tones = list(pitch_classes)
    while len(tones) > size:
        tones.pop(2 if len(tones) > 3 else -1)
    result: list[list[int]] = []
    for rotation in range(len(tones)):
        order = tones[rotation:] + tones[:rotation]
        for base in range(low, high + 1):
            if base % 12 != order[0]:
                continue
            voicing = [base]
            for pc in order[1:]:
                nxt = voicing[-1] + 1
                while nxt % 12 != pc:
                    nxt += 1
                voicing.append(nxt)
            if voicing[-1] <= high:
                result.append(voicing)
    return result


def voice_lead(
    chords: list[tuple[int, ...]], *, low: int, high: int, size: int, center: float
) -> list[list[int]]:
    """Voicings for a chord sequence that minimise total semitone motion between chords.

    The first chord is voiced nearest ``center`` (mean MIDI pitch); each next chord takes the
    inversion with the least summed movement, with a pull back toward ``center``.
    """
    result: list[list[int]] = []
    previous: list[int] | None = None
    for pcs in chords:
        options = voicings(pcs, low=low, high=high, size=size)
        if not options:
            raise InputError(f"no voicing of pitch classes {pcs} fits MIDI {low}..{high}")
        anchor = previous
        previous = min(options, key=lambda option: _voicing_cost(option, anchor, center))
        result.append(previous)
    return result


def _voicing_cost(option: list[int], previous: list[int] | None, center: float) -> float:
    drift = abs(sum(option) / len(option) - center)
    if previous is None:
        return drift
    if len(option) == len(previous):
        motion = sum(abs(a - b) for a, b in zip(option, previous, strict=True))
    else:
        motion = sum(min(abs(a - b) for b in previous) for a in option)
    return motion + 0.5 * drift


def nearest_pitch(pitch_class: int, target: float, *, low: int, high: int) -> int:
    """The MIDI pitch of ``pitch_class`` nearest ``target`` inside low..high."""
    candidates = [p for p in range(low, high + 1) if p % 12 == pitch_class]
    if not candidates:
        raise InputError(f"pitch class {pitch_class} has no pitch in MIDI {low}..{high}")
    return min(candidates, key=lambda p: (abs(p - target), p))


def bar_chords(
    numerals: list[str], tonic_pc: int, mode: str, *, beats_per_bar: int, first_beat: float = 0.0
) -> list[Chord]:
    """One voice-led chord per bar from roman ``numerals``, starting at ``first_beat``.

    Voicings are four notes within MIDI 52..76 (around 62), each moving as little as it
    can from the one before.
    """
    specs = [parse_numeral(numeral, tonic_pc, mode) for numeral in numerals]
    voicings = voice_lead(
        [spec.pitch_classes for spec in specs], low=52, high=76, size=4, center=62.0
    )
    return [
        Chord(
            symbol=spec.symbol,
            numeral=spec.numeral,
            root_pc=spec.root_pc,
            pitch_classes=list(spec.pitch_classes),
            voicing=voicing,
            start_beat=first_beat + bar * beats_per_bar,
            duration_beats=float(beats_per_bar),
        )
        for bar, (spec, voicing) in enumerate(zip(specs, voicings, strict=True))
    ]
