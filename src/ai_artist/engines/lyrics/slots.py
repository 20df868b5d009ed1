"""Syllable slots for an instrumental that came without a score (outside audio).

:func:`score_from_analysis` turns what the analyzer heard — tempo, downbeats, key, mode,
duration and section boundaries — into a :class:`Score` with no instrument parts: bars on
the measured downbeat grid, sections between the boundaries (intro and outro left
instrumental, verses and choruses in between), diatonic chord guesses in the key, and a
vocal melody of 2-bar phrases in the voice's range written by the composer's melody rules.
Every note is a syllable slot, so the same lyric writer and singer work on it. Times in
the score are beats of the measured tempo from the start of the audio; a note's start in
seconds lands on the analysed beat grid.
"""

from __future__ import annotations

import itertools
import random

import numpy as np

from ai_artist.domain import Analysis, Chord, Note, Phrase, Score, Section, VoiceProfile
from ai_artist.domain.score import PITCH_CLASSES
from ai_artist.errors import InputError

BEATS_PER_BAR = 4
MIN_SECTION_BARS = 2
MAX_SECTION_BARS = 16
PROGRESSIONS = {
    "major": {
        "chorus": ("I", "V", "vi", "IV"),
        "verse": ("vi", "IV", "I", "V"),
        "bridge": ("IV", "V", "iii", "vi"),
    },
    "minor": {
        "chorus": ("i", "VI", "III", "VII"),
        "verse": ("i", "iv", "VI", "v"),
        "bridge": ("VI", "VII", "iv", "v"),
    },
}
"""Diatonic chord guesses per mode and section role (roman numerals, one chord per bar)."""
_TESSITURA = {"verse": 0.35, "chorus": 0.75, "bridge": 0.6}
_FORM = ("verse", "chorus", "verse", "chorus", "bridge", "chorus")


def bar_grid(analysis: Analysis) -> tuple[float, float]:
    """(first bar start, bar length) in seconds, fitted through the measured downbeats.

    The first bar start lies in [0, bar length): earlier bars are dropped, so the first
    bar starts at the first downbeat the grid puts inside the audio.
    """
    if analysis.tempo_bpm <= 0:
        raise InputError(f"analysis tempo {analysis.tempo_bpm} BPM: accepted above 0 BPM")
    downbeats = np.asarray(analysis.downbeat_times_s, dtype=float)
    bar_s = BEATS_PER_BAR * 60.0 / analysis.tempo_bpm
    if downbeats.size >= 2:
        index = np.rint((downbeats - downbeats[0]) / bar_s)
        slope, intercept = np.polyfit(index, downbeats, 1)
        if abs(slope - bar_s) / bar_s < 0.05:
            bar_s, phase = float(slope), float(intercept)
        else:
            phase = float(downbeats[0])
    elif downbeats.size == 1:
        phase = float(downbeats[0])
    elif analysis.beat_times_s:
        phase = float(analysis.beat_times_s[0])
    else:
        phase = 0.0
    return phase % bar_s, bar_s


def section_spans(analysis: Analysis, *, first_s: float, bar_s: float) -> list[tuple[int, int]]:
    """(first bar, bar count) of each section: the boundaries snapped to bars.

    Sections shorter than :data:`MIN_SECTION_BARS` join the one before; sections longer than
    :data:`MAX_SECTION_BARS` (or the whole song, without boundaries) are cut into 8-bar
    sections (4-bar ones for short audio).
    """
    bars = int((analysis.duration_s - first_s) // bar_s)
    if bars < MIN_SECTION_BARS:
        raise InputError(
            f"the audio holds {bars} whole bar(s) at {60 * BEATS_PER_BAR / bar_s:.1f} BPM; "
            f"accepted: at least {MIN_SECTION_BARS} bars"
        )
    cuts = sorted({round((t - first_s) / bar_s) for t in analysis.section_boundaries_s})
    cuts = [c for c in cuts if 0 < c < bars]
    if not cuts:
        size = 8 if bars >= 16 else 4
        cuts = list(range(size, bars, size))
    edges = [0, *cuts, bars]
    spans: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(edges):
        if spans and end - start < MIN_SECTION_BARS:
            spans[-1] = (spans[-1][0], spans[-1][1] + end - start)
        else:
            spans.append((start, end - start))
    if len(spans) > 1 and spans[0][1] < MIN_SECTION_BARS:
        spans[0:2] = [(0, spans[0][1] + spans[1][1])]
    pieces: list[tuple[int, int]] = []
    for start, count in spans:
        while count > MAX_SECTION_BARS:
            pieces.append((start, 8))
            start, count = start + 8, count - 8
        pieces.append((start, count))
    return pieces


def section_names(spans: list[tuple[int, int]]) -> list[str]:
    """Intro and outro (short first/last sections of longer songs), verses and choruses."""
    names = [""] * len(spans)
    first, last = 0, len(spans)
    if len(spans) >= 4 and spans[0][1] <= 8:
        names[0], first = "intro", 1
    if len(spans) >= 5 and spans[-1][1] <= 8:
        names[-1], last = "outro", len(spans) - 1
    middle = last - first
    for i in range(middle):
        if middle < 3:
            names[first + i] = ("verse", "chorus")[i % 2]
        else:
            names[first + i] = _FORM[i] if i < len(_FORM) else ("verse", "chorus")[i % 2]
    return names


def _chords(
    names: list[str], spans: list[tuple[int, int]], *, key: str, mode: str, first_beat: float
) -> list[Chord]:
    from ai_artist.engines.music.theory import bar_chords

    tonic_pc = PITCH_CLASSES.index(key)
    table = PROGRESSIONS["minor" if mode == "minor" else "major"]
    numerals: list[str] = []
    for name, (_, count) in zip(names, spans, strict=True):
        progression = table.get(name, table["chorus"])
        numerals += [progression[bar % len(progression)] for bar in range(count)]
    return bar_chords(
        numerals,
        tonic_pc,
        "minor" if mode == "minor" else "major",
        beats_per_bar=BEATS_PER_BAR,
        first_beat=first_beat,
    )


def score_from_analysis(analysis: Analysis, *, voice: VoiceProfile, title: str, seed: int) -> Score:
    """A vocal :class:`Score` (sections, chords, melody; no parts) for analysed audio.

    Deterministic by ``seed``. Raises :class:`InputError` for audio shorter than two bars,
    an unknown key or a voice range narrower than 7 semitones.
    """
    from ai_artist.engines.music.melody import MelodyRange, write_section
    from ai_artist.engines.music.theory import normalize_key, scale_pitch_classes

    key = normalize_key(analysis.key)
    mode = "minor" if analysis.mode == "minor" else "major"
    if voice.range_high_midi - voice.range_low_midi < 7:
        raise InputError(
            f"voice range {voice.range_low_midi}..{voice.range_high_midi} is narrower than "
            "7 semitones; accepted: range_high_midi at least range_low_midi + 7"
        )
    first_s, bar_s = bar_grid(analysis)
    beat_s = bar_s / BEATS_PER_BAR
    first_beat = first_s / beat_s
    spans = section_spans(analysis, first_s=first_s, bar_s=bar_s)
    names = section_names(spans)
    chords = _chords(names, spans, key=key, mode=mode, first_beat=0.0)
    tonic_pc = PITCH_CLASSES.index(key)
    scale = scale_pitch_classes(tonic_pc, mode)
    rng = random.Random(f"slots:{seed}")
    sections: list[Section] = []
    melody: list[Phrase] = []
    written: dict[tuple[str, int], tuple[int, list[list[Note]]]] = {}
    previous: int | None = None
    for index, (name, (bar, count)) in enumerate(zip(names, spans, strict=True)):
        vocal = name not in ("intro", "outro")
        start = bar * BEATS_PER_BAR  # grid beats: bar lines on whole multiples of 4
        sections.append(Section(name=name, start_beat=first_beat + start, bars=count, vocal=vocal))
        if not vocal:
            continue
        if (name, count) in written:  # a repeated section sings the same melody
            origin, source = written[(name, count)]
            phrases = [
                [n.model_copy(update={"start_beat": n.start_beat + start - origin}) for n in notes]
                for notes in source
            ]
        else:
            in_section = [
                c for c in chords if start <= c.start_beat < start + count * BEATS_PER_BAR
            ]
            phrases = write_section(
                in_section,
                start_beat=float(start),
                bars=count,
                beats_per_bar=BEATS_PER_BAR,
                scale_pcs=scale,
                tonic_pc=tonic_pc,
                pitch_range=MelodyRange(
                    voice.range_low_midi, voice.range_high_midi, _TESSITURA.get(name, 0.5)
                ),
                density=0.5,
                previous=previous,
                rng=rng,
            )
            written[(name, count)] = (start, phrases)
        for notes in phrases:
            shifted = [
                n.model_copy(update={"start_beat": n.start_beat + first_beat}) for n in notes
            ]
            melody.append(
                Phrase(section_index=index, section_name=name, notes=shifted, hook=name == "chorus")
            )
        previous = phrases[-1][-1].pitch
    if not melody:
        raise InputError("the audio has no section long enough to sing in")
    return Score(
        title=title,
        genre="",
        key=key,
        mode=mode,
        tempo_bpm=60.0 / beat_s,
        beats_per_bar=BEATS_PER_BAR,
        seed=seed,
        sections=sections,
        chords=[c.model_copy(update={"start_beat": c.start_beat + first_beat}) for c in chords],
        parts=[],
        melody=melody,
    )
