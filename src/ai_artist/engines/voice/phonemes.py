"""Phonemes to sung syllables: onset consonants, a vowel nucleus, coda consonants.

Works on the IPA phonemes piper/espeak-ng produce, with their lengths in samples. Stress
marks belong to the vowel after them, length marks to the vowel before; pauses (spaces,
punctuation) end a word. :func:`syllabify` returns exactly the number of syllables the
lyrics ask for, merging or splitting nuclei where espeak counts differently from CMU.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ai_artist.engines.voice.tts import Phone

VOWELS = frozenset("aeiouyæɐɑɒɔəɚɛɜɝɞɘɨɪʉʊʌɤɯøœɵɶᵻ")
VOWEL_MARKS = frozenset("ːˑ˞\u0303\u032f\u0329")
STRESS_MARKS = frozenset("ˈˌ")
PAUSES = frozenset(" ,.!?;:^$-_—…\"'()")
UNVOICED = frozenset("ptkfsθʃhxçʔ")
_ONSET_CLUSTERS = frozenset(
    {"st", "sp", "sk", "pl", "bl", "kl", "ɡl", "fl", "sl", "pɹ", "bɹ", "tɹ", "dɹ", "kɹ", "ɡɹ"}
    | {"fɹ", "θɹ", "ʃɹ", "sw", "tw", "kw", "sm", "sn"}
)


@dataclass(frozen=True)
class Segment:
    """A span of the spoken audio in samples: [start, end)."""

    start: int
    end: int
    voiced: bool

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Syllable:
    """Onset consonants, the vowel nucleus (one span) and coda consonants, in samples."""

    onset: list[Segment]
    vowel: Segment
    coda: list[Segment]


@dataclass
class _Unit:
    kind: str  # "vowel", "consonant" or "pause"
    symbol: str
    start: int
    end: int
    stressed: bool = False


def _units(phones: tuple[Phone, ...]) -> list[_Unit]:
    """Phones grouped into vowels (with their marks), consonants and pauses."""
    units: list[_Unit] = []
    position = 0
    stressed = False  # a stress mark is waiting for its vowel
    pending_start = 0
    for phone in phones:
        start, end = position, position + phone.samples
        position = end
        symbol = phone.symbol
        if symbol in STRESS_MARKS:
            if not stressed:
                pending_start = start
            stressed = True
            continue
        if symbol in VOWEL_MARKS and units and units[-1].kind == "vowel":
            units[-1].end = end
            continue
        kind = "vowel" if symbol in VOWELS else "pause" if symbol in PAUSES else "consonant"
        if stressed and kind == "vowel":
            units.append(_Unit(kind, symbol, pending_start, end, stressed=True))
        else:
            if stressed and start > pending_start:  # a stress mark without a vowel: keep its time
                units.append(_Unit("consonant", "ˈ", pending_start, start))
            units.append(_Unit(kind, symbol, start, end))
        stressed = False
    return units


def _nuclei(units: list[_Unit]) -> list[tuple[int, int]]:
    """(first, last) unit indexes of each vowel nucleus; a stressed vowel starts a new one."""
    nuclei: list[tuple[int, int]] = []
    for index, unit in enumerate(units):
        if unit.kind != "vowel":
            continue
        joins = (
            nuclei and nuclei[-1][1] == index - 1 and not unit.stressed and unit.symbol in "ɪʊəɚ"
        )
        if joins:
            nuclei[-1] = (nuclei[-1][0], index)
        else:
            nuclei.append((index, index))
    return nuclei


def _fit_count(
    units: list[_Unit], nuclei: list[tuple[int, int]], count: int
) -> list[tuple[int, int]]:
    """Merge the shortest neighbouring nuclei, or split the longest, until ``count`` remain."""
    nuclei = list(nuclei)

    def span(n: tuple[int, int]) -> int:
        return units[n[1]].end - units[n[0]].start

    while len(nuclei) > count and len(nuclei) > 1:
        costs = []
        for a, b in itertools.pairwise(nuclei):
            between = units[a[1] + 1 : b[0]]
            pause = any(u.kind == "pause" for u in between)
            costs.append(span(a) + span(b) + (10**6 if pause else 0))
        i = costs.index(min(costs))
        nuclei[i : i + 2] = [(nuclei[i][0], nuclei[i + 1][1])]
    return nuclei


def syllabify(phones: tuple[Phone, ...], count: int) -> list[Syllable]:
    """Exactly ``count`` syllables (≥ 1) covering the spoken phones, in order."""
    units = _units(phones)
    nuclei = _fit_count(units, _nuclei(units), max(1, count))
    if not nuclei:  # no vowel at all: sing on the whole utterance
        voiced = [u for u in units if u.kind != "pause"] or units
        nuclei_units = [_Unit("vowel", "ə", voiced[0].start, voiced[-1].end)]
        units, nuclei = nuclei_units, [(0, 0)]
    syllables: list[Syllable] = []
    for n, (first, last) in enumerate(nuclei):
        vowel = Segment(units[first].start, units[last].end, voiced=True)
        syllables.append(Syllable(onset=[], vowel=vowel, coda=[]))
        previous_end = nuclei[n - 1][1] + 1 if n else 0
        between = units[previous_end:first]
        # Split the consonants between two nuclei: after the last pause they are onset;
        # without a pause, the last one (or a two-consonant onset cluster) is onset.
        pause_at = max((i for i, u in enumerate(between) if u.kind == "pause"), default=-1)
        consonants = [u for u in between if u.kind == "consonant"]
        if n == 0:
            onset, coda = consonants, []
        elif pause_at >= 0:
            onset = [u for u in between[pause_at:] if u.kind == "consonant"]
            coda = [u for u in between[:pause_at] if u.kind == "consonant"]
        else:
            take = 1
            if len(consonants) >= 2:
                pair = consonants[-2].symbol + consonants[-1].symbol
                take = 2 if pair in _ONSET_CLUSTERS else 1
            take = min(take, len(consonants))
            onset, coda = consonants[len(consonants) - take :], consonants[: len(consonants) - take]
        syllables[-1].onset = [_segment(u) for u in onset]
        if n:
            syllables[-2].coda = [_segment(u) for u in coda]
    tail = [u for u in units[nuclei[-1][1] + 1 :] if u.kind == "consonant"]
    syllables[-1].coda = [_segment(u) for u in tail]
    while len(syllables) < count:  # espeak heard fewer syllables than CMU: split a vowel
        lengths = [s.vowel.length for s in syllables]
        i = lengths.index(max(lengths))
        old = syllables[i]
        middle = old.vowel.start + old.vowel.length // 2
        first_half = Syllable(old.onset, Segment(old.vowel.start, middle, True), [])
        second_half = Syllable([], Segment(middle, old.vowel.end, True), old.coda)
        syllables[i : i + 1] = [first_half, second_half]
    return syllables


def _segment(unit: _Unit) -> Segment:
    return Segment(unit.start, unit.end, voiced=unit.symbol not in UNVOICED)


def voiced_frames(phones: tuple[Phone, ...], *, frames: int, hop: float) -> np.ndarray:
    """One bool per analysis frame (``hop`` samples apart): True inside voiced phonemes."""
    mask = np.zeros(frames, dtype=bool)
    for unit in _units(phones):
        if unit.kind == "vowel" or (unit.kind == "consonant" and unit.symbol not in UNVOICED):
            mask[int(np.ceil(unit.start / hop)) : int(unit.end / hop) + 1] = True
    return mask
