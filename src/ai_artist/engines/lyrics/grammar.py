"""Line templates of the embedded writer, filled to an exact syllable count.

A template is a list of tokens: literal words, or slots in braces (``{S}`` subject,
``{VI}`` moving verb, ``{VT}`` holding verb, ``{M}`` modal, ``{P}`` preposition, ``{A}``
adjective, ``{N}`` plural noun, ``{E}`` the rhyming end word, ``{T}`` the title,
``{O}`` an optional opener). :func:`fill` searches slot choices in a seeded random order
until the syllables add up to the target.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from ai_artist.engines.lyrics.syllables import count_syllables

LINE_TEMPLATES: tuple[str, ...] = (
    "{O}{S} {VI} {P} the {A} {E}",
    "{O}{S} {VI} {P} the {E}",
    "{O}{S} {VT} the {A} {E}",
    "{O}{S} {VT} the {E}",
    "{O}{S} {M} {VT} the {A} {E}",
    "{O}{S} {M} {VI} {P} the {E}",
    "{O}{A} {N} {P} the {A} {E}",
    "{O}{A} {N} {P} the {E}",
    "{O}{VI} with me {P} the {A} {E}",
    "{O}{VI} with me {P} the {E}",
    "{O}{S} {VI} like the {A} {E}",
    "{O}the {A} {N} of the {E}",
    "{O}{A} {N} and {A} {E}",
    "{O}{P} the {A} {E}",
    "{O}the {A} {E}",
)
SHORT_TEMPLATES: tuple[str, ...] = ("{O}{E}", "{O}{A} {E}", "{O}the {E}")
TITLE_TEMPLATES: tuple[str, ...] = (
    "{T}, {S} {VI} {P} the {E}",
    "{T}, {S} {VI} {P} the {A} {E}",
    "{T}, {S} {VT} the {E}",
    "{T}, {S} {VT} the {A} {E}",
    "{T}, {S} {M} {VT} the {E}",
    "{T} {P} the {A} {E}",
    "{T} {P} the {E}",
    "{T}, {A} {E}",
    "{T}, the {E}",
)
TITLE_ONLY_TEMPLATES: tuple[str, ...] = ("{O}{T}", "{O}oh, {T}", "{T}, {T}")


def _tokens(template: str) -> list[str]:
    """Split a template into slots and literal runs ("{O}{S} x" → ["{O}", "{S}", " x"])."""
    tokens: list[str] = []
    rest = template
    while rest:
        if rest.startswith("{"):
            end = rest.index("}") + 1
            tokens.append(rest[:end])
            rest = rest[end:]
        else:
            end = rest.find("{")
            end = len(rest) if end < 0 else end
            tokens.append(rest[:end])
            rest = rest[end:]
    return tokens


def _syllables_of(text: str) -> int:
    return sum(count_syllables(word) for word in text.split())


def fill(
    template: str,
    target: int,
    slots: Mapping[str, Sequence[str]],
    *,
    rng: random.Random,
    max_steps: int = 4000,
) -> str | None:
    """A filled ``template`` with exactly ``target`` syllables, or None when none is found.

    ``slots`` maps slot names (without braces) to candidate texts; the same candidate is
    not used twice in one line.
    """
    tokens = _tokens(template)
    options: list[list[tuple[str, int]]] = []
    for token in tokens:
        if token.startswith("{"):
            name = token[1:-1]
            candidates = [(text, _syllables_of(text)) for text in slots.get(name, ())]
            rng.shuffle(candidates)
            if name == "O":  # openers only when the line needs the syllables
                candidates.sort(key=lambda item: item[1] > 0)
            if not candidates:
                return None
            options.append(candidates)
        else:
            options.append([(token, _syllables_of(token))])
    low = [min(c for _, c in opts) for opts in options]
    high = [max(c for _, c in opts) for opts in options]
    low_rest = [sum(low[i:]) for i in range(len(options) + 1)]
    high_rest = [sum(high[i:]) for i in range(len(options) + 1)]
    steps = 0

    def search(index: int, total: int, chosen: list[str]) -> list[str] | None:
        nonlocal steps
        steps += 1
        if steps > max_steps:
            return None
        if index == len(options):
            return chosen if total == target else None
        remaining = target - total
        if remaining < low_rest[index] or remaining > high_rest[index]:
            return None
        for text, count in options[index]:
            if text.strip() and text in chosen and len(options[index]) > 1:
                continue
            found = search(index + 1, total + count, [*chosen, text])
            if found is not None:
                return found
        return None

    found = search(0, 0, [])
    if found is None:
        return None
    line = "".join(found).strip()
    return line[0].upper() + line[1:] if line else None
