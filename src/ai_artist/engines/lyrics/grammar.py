"""Line templates of the embedded writer, filled to an exact syllable count.

A template is a list of tokens: literal words, or slots in braces (``{S}`` subject,
``{VI}`` moving verb, ``{VT}`` holding verb, ``{M}`` modal, ``{P}`` preposition, ``{A}``
adjective, ``{N}`` plural noun, ``{E}`` the rhyming end word, ``{T}`` the title,
``{O}`` an optional opener). :func:`fill` searches slot choices in a seeded random order
until the syllables add up to the target. Each section role has its own templates, so a
song moves: the first verse sets the scene, later verses tell the story, the pre-chorus
builds, the chorus claims, the bridge turns.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from ai_artist.engines.lyrics.syllables import count_syllables

ROLE_TEMPLATES: dict[str, tuple[str, ...]] = {
    # verse 1: set the scene — where we are, what moves there
    "scene": (
        "{O}the {A} {N} {VI} {P} the {E}",
        "{O}the {N} {VI} {P} the {A} {E}",
        "{O}{A} {N} {VI} {P} the {E}",
        "{O}I {VI} {P} the {A} {E}",
        "{O}we {VI} {P} the {E}",
        "{O}{A} {N} {P} the {A} {E}",
        "{O}{A} {N} {P} the {E}",
        "{O}the {N} of the {A} {E}",
    ),
    # later verses: the story develops — memory, you and I
    "story": (
        "{O}you {VT} the {A} {E}",
        "{O}I still {VT} the {E}",
        "{O}I remember the {A} {E}",
        "{O}we used to {VI} {P} the {E}",
        "{O}you {VI} {P} the {A} {E}",
        "{O}you and I {VI} {P} the {E}",
        "{O}you {M} {VT} the {A} {E}",
        "{O}I {M} {VT} the {E}",
    ),
    # pre-chorus: build towards the hook
    "build": (
        "{O}can you feel the {A} {E}",
        "{O}I can feel the {E}",
        "{O}here comes the {A} {E}",
        "{O}and now we {VI} {P} the {E}",
        "{O}we {VI} {P} the {A} {E}",
    ),
    # chorus: the claim, sung together
    "hook": (
        "{O}we {VI} {P} the {A} {E}",
        "{O}we {VI} {P} the {E}",
        "{O}you and I {M} {VT} the {E}",
        "{O}I {M} {VT} the {A} {E}",
        "{O}we {M} {VI} {P} the {E}",
        "{O}{VI} with me {P} the {A} {E}",
        "{O}{VI} with me {P} the {E}",
    ),
    # bridge: the turn — doubt, a condition, a way out
    "turn": (
        "{O}but if the {N} {VI} {P} the {E}",
        "{O}maybe we {M} {VT} the {E}",
        "{O}but I {M} {VT} the {A} {E}",
        "{O}and if you {VI} {P} the {E}",
        "{O}so let the {N} {VI} {P} the {E}",
        "{O}what if we {VT} the {A} {E}",
    ),
}
"""Line templates per section role (see :func:`section_role`)."""

LINE_TEMPLATES: tuple[str, ...] = (
    "{O}{S} {VI} {P} the {A} {E}",
    "{O}{S} {VI} {P} the {E}",
    "{O}{S} {VT} the {A} {E}",
    "{O}{S} {VT} the {E}",
    "{O}{S} {M} {VT} the {A} {E}",
    "{O}{S} {M} {VI} {P} the {E}",
    "{O}{A} {N} {P} the {A} {E}",
    "{O}{A} {N} {P} the {E}",
    "{O}{S} {VI} like the {A} {E}",
    "{O}the {A} {N} of the {E}",
    "{O}{P} the {A} {E}",
    "{O}the {A} {E}",
)
"""Templates any section may use when its own role's templates do not fit."""
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
CONJUNCTIONS = frozenset(("and", "so", "but", "maybe", "what", "here", "can", "now", "if"))
"""Words a template may start with that take no opener before them."""
SECTION_ROLES = {
    "prechorus": "build",
    "chorus": "hook",
    "hook": "hook",
    "refrain": "hook",
    "bridge": "turn",
    "break": "turn",
}


def section_role(name: str, verse_number: int) -> str:
    """The role of a section: scene (first verse), story (later verses), build, hook, turn."""
    role = SECTION_ROLES.get(name)
    if role is not None:
        return role
    return "scene" if verse_number <= 1 else "story"


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
    preferred: Mapping[str, frozenset[str]] | None = None,
    worn: Mapping[str, int] | None = None,
    max_steps: int = 4000,
) -> str | None:
    """A filled ``template`` with exactly ``target`` syllables, or None when none is found.

    ``slots`` maps slot names (without braces) to candidate texts; the same candidate is
    not used twice in one line. Candidates in ``preferred[slot]`` (the song's images) are
    tried before the others, and words already used twice in the song (``worn``: word →
    uses) after all others. An opener is left out before a template's own conjunction.
    """
    preferred = preferred or {}
    worn = worn or {}
    tokens = _tokens(template)
    options: list[list[tuple[str, int]]] = []
    for position, token in enumerate(tokens):
        if token.startswith("{"):
            name = token[1:-1]
            pool = slots.get(name, ())
            following = tokens[position + 1].split() if position + 1 < len(tokens) else []
            if name == "O" and following and following[0] in CONJUNCTIONS:
                pool = [text for text in pool if text in ("", "oh, ", "yeah, ")]
            candidates = [(text, _syllables_of(text)) for text in pool]
            rng.shuffle(candidates)
            core = preferred.get(name, frozenset())
            candidates.sort(key=lambda item: (worn.get(item[0], 0) >= 2, item[0] not in core))
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
