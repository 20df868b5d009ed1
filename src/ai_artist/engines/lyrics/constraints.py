"""Checks any lyrics (embedded or LLM-written) against the melody they will be sung on.

:func:`check_lyrics` returns a list of problems in plain words; an empty list means the
lyrics are singable as written: one line per phrase, one syllable per note, rhyme schemes
that hold, the title in every chorus, no verse line repeated, clean language (unless the
artist is explicit). :func:`rhyme_pairs` lists every rhyme pair a scheme asks for and whether
the CMU dictionary says it holds. Writers (embedded or LLM) are checked with the same rules.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from ai_artist.domain import Lyrics, Score
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics.rhymes import last_word, rhymes_with
from ai_artist.engines.lyrics.syllables import cmu_syllable_counts, count_syllables
from ai_artist.engines.lyrics.vocabulary import BLOCKLIST

_NON_LETTERS = re.compile(r"[^a-z0-9']+")


def _plain(text: str) -> str:
    """Lower-case words separated by single spaces, punctuation removed."""
    return " ".join(_NON_LETTERS.sub(" ", text.lower()).split())


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def spells(syllables: list[str], text: str) -> bool:
    """True when the sung ``syllables`` (melisma marks left out) spell ``text``'s letters."""
    sung = [s for s in syllables if s != MELISMA]
    return _letters("".join(sung)) == _letters(text)


def _syllables_fit(text: str, sung: int) -> bool:
    """True when some reading of ``text`` (CMU variants allowed) has ``sung`` syllables."""
    low = high = 0
    for word in _plain(text).split():
        counts = cmu_syllable_counts(word) or frozenset({count_syllables(word)})
        low += min(counts)
        high += max(counts)
    return low <= sung <= high


@dataclass(frozen=True)
class RhymePair:
    """Two line endings a section's rhyme scheme says should rhyme."""

    section_index: int
    letter: str
    first: str
    second: str
    holds: bool


def check_lyrics(lyrics: Lyrics, score: Score, *, explicit: bool = False) -> list[str]:
    """Problems that make ``lyrics`` unfit for ``score``'s melody (empty list = valid).

    ``explicit``: the artist may use words kept out of clean lyrics.
    """
    problems: list[str] = []
    by_phrase = {line.phrase_index: line for line in lyrics.lines}
    if len(by_phrase) != len(lyrics.lines):
        problems.append("two lyric lines share one phrase_index")
    for index in range(len(score.melody)):
        if index not in by_phrase:
            problems.append(f"phrase {index} has no lyric line")
    for line in lyrics.lines:
        if not 0 <= line.phrase_index < len(score.melody):
            problems.append(f"line {line.text!r} points at missing phrase {line.phrase_index}")
            continue
        notes = len(score.melody[line.phrase_index].notes)
        where = f"line {line.phrase_index} ({line.text!r})"
        if len(line.syllables) != notes:
            problems.append(f"{where} has {len(line.syllables)} syllables for {notes} notes")
        if not line.syllables or line.syllables[0] == MELISMA:
            problems.append(f"{where} starts with a melisma mark")
        if any(not s.strip() for s in line.syllables):
            problems.append(f"{where} has an empty syllable")
        sung = [s for s in line.syllables if s != MELISMA]
        if not spells(line.syllables, line.text):
            problems.append(f"{where}: syllables {sung} do not spell the text")
        elif not _syllables_fit(line.text, len(sung)):
            problems.append(f"{where}: the words do not have {len(sung)} syllables")
        bad = sorted(set(_plain(line.text).split()) & BLOCKLIST)
        if bad and not explicit:
            problems.append(f"{where} uses words not allowed in clean lyrics: {', '.join(bad)}")
    problems += _check_rhymes(lyrics, score)
    problems += _check_chorus(lyrics, score)
    return problems


def _section_lines(lyrics: Lyrics, score: Score) -> dict[int, list[int]]:
    """Section index → indexes into ``lyrics.lines`` in phrase order."""
    sections: dict[int, list[int]] = defaultdict(list)
    order = sorted(range(len(lyrics.lines)), key=lambda i: lyrics.lines[i].phrase_index)
    for i in order:
        phrase_index = lyrics.lines[i].phrase_index
        if 0 <= phrase_index < len(score.melody):
            sections[score.melody[phrase_index].section_index].append(i)
    return sections


def rhyme_pairs(lyrics: Lyrics, score: Score) -> list[RhymePair]:
    """Every pair of neighbouring lines that share a scheme letter, and whether they rhyme.

    Sections without a scheme, or whose scheme length does not match, are left out
    (:func:`check_lyrics` reports those).
    """
    pairs: list[RhymePair] = []
    for section_index, indexes in _section_lines(lyrics, score).items():
        scheme = lyrics.rhyme_schemes.get(str(section_index))
        if scheme is None or len(scheme) != len(indexes):
            continue
        groups: dict[str, list[str]] = defaultdict(list)
        for letter, i in zip(scheme, indexes, strict=True):
            groups[letter].append(last_word(lyrics.lines[i].text))
        for letter, words in groups.items():
            for a, b in itertools.pairwise(words):
                pairs.append(RhymePair(section_index, letter, a, b, a == b or rhymes_with(a, b)))
    return pairs


def _check_rhymes(lyrics: Lyrics, score: Score) -> list[str]:
    problems: list[str] = []
    for section_index, indexes in _section_lines(lyrics, score).items():
        scheme = lyrics.rhyme_schemes.get(str(section_index))
        if scheme is None:
            problems.append(f"section {section_index} has no rhyme scheme")
        elif len(scheme) != len(indexes):
            problems.append(
                f"section {section_index}: scheme {scheme!r} has {len(scheme)} letters "
                f"for {len(indexes)} lines"
            )
    for pair in rhyme_pairs(lyrics, score):
        if not pair.holds:
            problems.append(
                f"section {pair.section_index}: rhyme {pair.letter} broken, "
                f"{pair.first!r} does not rhyme with {pair.second!r}"
            )
    return problems


def _check_chorus(lyrics: Lyrics, score: Score) -> list[str]:
    problems: list[str] = []
    sections = _section_lines(lyrics, score)
    chorus_texts: dict[tuple[int, int], str] = {}
    chorus_plain: set[str] = set()
    title = _plain(lyrics.title)
    for section_index, indexes in sections.items():
        lines = [lyrics.lines[i] for i in indexes]
        if not any(score.melody[line.phrase_index].hook for line in lines):
            continue
        joined = " ".join(_plain(line.text) for line in lines)
        if title and f" {title} " not in f" {joined} ":
            problems.append(f"chorus (section {section_index}) does not contain the title")
        for position, line in enumerate(lines):
            key = (position, len(score.melody[line.phrase_index].notes))
            chorus_plain.add(_plain(line.text))
            if key in chorus_texts and chorus_texts[key] != line.text:
                problems.append(
                    f"chorus line {position + 1} differs between choruses: "
                    f"{chorus_texts[key]!r} vs {line.text!r}"
                )
            chorus_texts.setdefault(key, line.text)
    seen: set[str] = set()
    for line in lyrics.lines:
        if not 0 <= line.phrase_index < len(score.melody):
            continue
        if score.melody[line.phrase_index].hook:
            continue
        plain = _plain(line.text)
        if plain in seen or plain in chorus_plain:
            problems.append(f"line {line.text!r} is repeated outside the chorus")
        seen.add(plain)
    return problems
