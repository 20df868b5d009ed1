"""Rhymes from the CMU dictionary: two words rhyme when their rhyming parts match.

The rhyming part is everything from the last stressed vowel to the end of the word
(``"night"`` → ``AY T``); stress numbers are ignored so ``"midnight"`` rhymes with ``"light"``.
Words missing from the dictionary fall back to their written ending (last vowel group on).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pronouncing

from ai_artist.engines.lyrics.syllables import normalize_word

_STRESS = re.compile(r"\d")
_ENDING = re.compile(r"[aeiouy]+[^aeiouy]*e?$")


@lru_cache(maxsize=8192)
def rhyming_parts(word: str) -> frozenset[str]:
    """Rhyming parts of every pronunciation of ``word`` (stress-free ARPAbet, or spelling)."""
    clean = normalize_word(word)
    phones = pronouncing.phones_for_word(clean)
    if phones:
        return frozenset(_STRESS.sub("", pronouncing.rhyming_part(p)) for p in phones)
    match = _ENDING.search(clean)
    return frozenset({"~" + (match.group(0) if match else clean)})


def rhymes_with(a: str, b: str) -> bool:
    """True when words ``a`` and ``b`` rhyme (identical words do not count as a rhyme)."""
    word_a, word_b = normalize_word(a), normalize_word(b)
    if not word_a or not word_b or word_a == word_b:
        return False
    return bool(rhyming_parts(word_a) & rhyming_parts(word_b))


def rhyme_candidates(word: str, *, vocabulary: list[str] | None = None) -> list[str]:
    """Words rhyming with ``word``: from ``vocabulary`` if given, else the CMU dictionary."""
    if vocabulary is not None:
        return [w for w in vocabulary if rhymes_with(word, w)]
    return sorted({w for w in pronouncing.rhymes(normalize_word(word)) if w.isalpha()})


def last_word(text: str) -> str:
    """The last word of a line, without punctuation ('' when there is none)."""
    for token in reversed(text.split()):
        clean = normalize_word(token)
        if clean:
            return clean
    return ""
