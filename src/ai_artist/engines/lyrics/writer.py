"""The embedded lyric writer: rule-based lines that fit the melody note for note.

One line per melody phrase, with exactly as many syllables as the phrase has notes (when no
line fits exactly, the last syllable is held over the remaining notes and marked as a
melisma). Words come from the genre's bank (:mod:`vocabulary`); each song draws its own set
of images from it — a few nouns, verbs and adjectives, led by the theme's words — and uses
them first, so the lines keep returning to the same pictures. Sections have roles
(:func:`grammar.section_role`): the first verse sets the scene, later verses tell the story,
the pre-chorus builds, the chorus claims, the bridge turns. End words come from rhyme
families so each section follows its scheme (AABB or ABAB); no end word is used twice in a
section, and none twice in the song while the bank has unused ones.
Chorus lines are written once and repeated in every chorus; the title is sung in the chorus
(over several lines when it is longer than a phrase). Same plan seed → same lyrics.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ai_artist.domain import ArtistProfile, LyricLine, Lyrics, Phrase, Score, SongPlan
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics.grammar import (
    LINE_TEMPLATES,
    ROLE_TEMPLATES,
    SHORT_TEMPLATES,
    TITLE_ONLY_TEMPLATES,
    TITLE_TEMPLATES,
    fill,
    section_role,
)
from ai_artist.engines.lyrics.rhymes import last_word
from ai_artist.engines.lyrics.syllables import count_syllables, normalize_word, syllabify_line
from ai_artist.engines.lyrics.vocabulary import (
    ADJECTIVES,
    BANKS,
    GENRE_BANKS,
    MODALS,
    MOOD_ADJECTIVES,
    OPENERS,
    PREPOSITIONS,
    SUBJECTS,
    Bank,
)
from ai_artist.errors import ProviderError

CHORUS_NAMES = ("chorus", "hook", "refrain")


def choose_bank(genre: str, *texts: str) -> Bank:
    """The genre's word bank; for other genres the bank whose keywords match best."""
    by_name = {bank.name: bank for bank in BANKS}
    if genre in GENRE_BANKS:
        return by_name[GENRE_BANKS[genre]]
    words = {normalize_word(w) for text in (genre, *texts) for w in text.replace("-", " ").split()}
    scores = [len(words & set(bank.keywords)) for bank in BANKS]
    return BANKS[scores.index(max(scores))]


def adjectives_for(mood: str) -> tuple[str, ...]:
    """Adjectives for a mood (first-choice set first, then the second)."""
    first, second = MOOD_ADJECTIVES.get(mood.lower().strip(), ("neutral", "bright"))
    return ADJECTIVES[first] + tuple(w for w in ADJECTIVES[second] if w not in ADJECTIVES[first])


def make_title(theme: str, mood: str, genre: str, *, seed: int) -> str:
    """A short evocative title (1–3 words, Title Case) for a theme, mood and genre."""
    rng = random.Random(seed * 7_919 + 3)
    bank = choose_bank(genre, mood, theme)
    adjective = rng.choice(adjectives_for(mood))
    noun = rng.choice(bank.title_nouns)
    family_word = rng.choice(rng.choice(bank.families))
    pattern = rng.choice(("{a} {n}", "{a} {n}", "{n}", "{a} {f}", "{n} of {f}"))
    title = pattern.format(a=adjective, n=noun, f=family_word)
    return " ".join(w if w == "of" else w.capitalize() for w in title.split())


@dataclass(frozen=True)
class Images:
    """The song's own pictures: the words its lines use first."""

    nouns: frozenset[str]
    adjectives: frozenset[str]
    verbs_moving: frozenset[str]
    verbs_holding: frozenset[str]

    @classmethod
    def draw(cls, bank: Bank, adjectives: Sequence[str], theme: str, rng: random.Random) -> Images:
        """A few nouns, adjectives and verbs of ``bank``; the theme's own words come first."""
        theme_words = {normalize_word(w) for w in theme.replace("-", " ").split()}

        def pick(pool: Sequence[str], count: int) -> frozenset[str]:
            own = [w for w in pool if w in theme_words or w.rstrip("s") in theme_words]
            rest = [w for w in pool if w not in own]
            rng.shuffle(rest)
            return frozenset((own + rest)[: max(count, len(own))])

        return cls(
            nouns=pick(bank.nouns, 3),
            adjectives=pick(adjectives[:12], 5),
            verbs_moving=pick(bank.verbs_moving, 4),
            verbs_holding=pick(bank.verbs_holding, 3),
        )


def _scheme(length: int, pattern: str) -> str:
    """A rhyme scheme of ``length`` letters following 'AABB', 'ABAB' or 'AAAA'."""
    blocks: list[str] = []
    left = length
    while left > 0:
        if pattern == "AAAA":
            block = "A" * min(4, left)
        elif pattern == "ABAB" and left >= 4:
            block = "ABAB"
        else:
            block = "AA" if left >= 2 else "A"
        blocks.append(block)
        left -= len(block)
    letters: list[str] = []
    next_letter = 0
    for block in blocks:
        mapping: dict[str, str] = {}
        for ch in block:
            if ch not in mapping:
                mapping[ch] = chr(ord("A") + next_letter)
                next_letter += 1
            letters.append(mapping[ch])
    return "".join(letters)


def title_lines(title: str, note_counts: Sequence[int]) -> dict[int, str]:
    """Where the title is sung in a chorus: line position → title text on that line.

    The whole title goes on the first line long enough for it; a title longer than every
    line is spread, word by word, over the first lines (their leftover notes are held).
    """
    words = title.split()
    syllables = sum(count_syllables(w) for w in words)
    for position, notes in enumerate(note_counts):
        if syllables <= notes:
            return {position: title}
    placed: dict[int, str] = {}
    position, chunk, used = 0, [], 0
    for word in words:
        count = count_syllables(word)
        while position < len(note_counts) and used + count > note_counts[position]:
            if chunk:
                placed[position] = " ".join(chunk)
            position, chunk, used = position + 1, [], 0
        if position >= len(note_counts):
            return {}
        chunk.append(word)
        used += count
    if chunk:
        placed[position] = " ".join(chunk)
    return placed


class EmbeddedWriter:
    """Offline lyric writer: template grammar + CMU syllables and rhymes."""

    name = "embedded"

    def write(self, score: Score, plan: SongPlan, artist: ArtistProfile) -> Lyrics:
        """Lyrics for ``score``: one :class:`LyricLine` per melody phrase."""
        if not score.melody:
            raise ProviderError("the score has no vocal melody to write lyrics for")
        rng = random.Random(plan.seed * 1_000_003 + 17)
        bank = choose_bank(plan.genre or artist.genre, plan.mood, plan.theme)
        adjectives = adjectives_for(plan.mood)
        images = Images.draw(bank, adjectives, plan.theme, rng)
        slots: dict[str, Sequence[str]] = {
            "S": SUBJECTS,
            "M": MODALS,
            "P": PREPOSITIONS,
            "A": adjectives,
            "N": bank.nouns,
            "VI": bank.verbs_moving,
            "VT": bank.verbs_holding,
            "O": OPENERS,
            "T": (plan.title,),
        }
        preferred = {
            "A": images.adjectives,
            "N": images.nouns,
            "VI": images.verbs_moving,
            "VT": images.verbs_holding,
        }
        families = list(bank.families)
        rng.shuffle(families)
        used_lines: set[str] = set()
        used_ends: set[str] = set()
        worn: Counter[str] = Counter()
        chorus_lines: dict[tuple[int, int], str] = {}
        lines: list[LyricLine] = []
        schemes: dict[str, str] = {}
        sections: dict[int, list[int]] = {}
        for index, phrase in enumerate(score.melody):
            sections.setdefault(phrase.section_index, []).append(index)
        family_cursor = 0
        chorus_pattern = ""
        chorus_families: dict[str, tuple[str, ...]] = {}
        title_at: dict[int, str] | None = None
        verse_number = 0
        for section_index, phrase_indexes in sections.items():
            phrases = [score.melody[i] for i in phrase_indexes]
            name = phrases[0].section_name
            is_chorus = any(p.hook for p in phrases) or name in CHORUS_NAMES
            verse_number += name not in CHORUS_NAMES and name not in ("prechorus", "bridge")
            role = "hook" if is_chorus else section_role(name, verse_number)
            pattern = rng.choice(("AABB", "ABAB"))
            if is_chorus:
                chorus_pattern = chorus_pattern or rng.choice(("AABB", "ABAB"))
                pattern = chorus_pattern
                if title_at is None:
                    title_at = title_lines(plan.title, [len(p.notes) for p in phrases])
            scheme = list(_scheme(len(phrases), pattern))
            if is_chorus and title_at and len(title_at) > 1:
                for offset, position in enumerate(sorted(title_at)):
                    if position < len(scheme):
                        scheme[position] = chr(ord("T") + offset)
            schemes[str(section_index)] = "".join(scheme)
            letter_family = chorus_families if is_chorus else {}
            section_ends: set[str] = set()
            for position, (phrase_index, phrase) in enumerate(
                zip(phrase_indexes, phrases, strict=True)
            ):
                notes = len(phrase.notes)
                key = (position, notes)
                if is_chorus and key in chorus_lines:
                    text = chorus_lines[key]
                elif is_chorus and title_at and len(title_at) > 1 and position in title_at:
                    text = title_at[position]
                    chorus_lines[key] = text
                else:
                    letter = scheme[position]
                    if letter not in letter_family:
                        need = scheme.count(letter)
                        family, family_cursor = self._next_family(
                            families, family_cursor, used_ends, section_ends, need
                        )
                        letter_family[letter] = family
                    family = letter_family[letter]
                    ends = [w for w in family if w not in used_ends] or [
                        w for w in family if w not in section_ends
                    ]
                    with_title = (
                        is_chorus and title_at is not None and title_at == {position: plan.title}
                    )
                    text = self._line(
                        notes,
                        ends or list(family),
                        slots,
                        role=role,
                        preferred=preferred,
                        worn=worn,
                        rng=rng,
                        with_title=with_title,
                        used=used_lines,
                    )
                    used_lines.add(text.lower())
                    used_ends.add(last_word(text))
                    section_ends.add(last_word(text))
                    worn.update(normalize_word(w) for w in text.split())
                    if is_chorus:
                        chorus_lines[key] = text
                lines.append(self._lyric_line(phrase_index, phrase, text, scheme[position]))
        return Lyrics(
            title=plan.title,
            theme=plan.theme,
            lines=lines,
            rhyme_schemes=schemes,
            provider=self.name,
        )

    @staticmethod
    def _next_family(
        families: list[tuple[str, ...]],
        cursor: int,
        used_ends: set[str],
        section_ends: set[str],
        need: int,
    ) -> tuple[tuple[str, ...], int]:
        """The next family (round-robin) with ``need`` words unused in the song — or, once
        the bank runs out, unused in this section."""
        for used in (used_ends, section_ends):
            for step in range(len(families)):
                family = families[(cursor + step) % len(families)]
                if sum(w not in used for w in family) >= need:
                    return family, cursor + step + 1
        return families[cursor % len(families)], cursor + 1

    @staticmethod
    def _line(
        notes: int,
        ends: list[str],
        slots: dict[str, Sequence[str]],
        *,
        role: str,
        preferred: dict[str, frozenset[str]],
        worn: Counter[str],
        rng: random.Random,
        with_title: bool,
        used: set[str],
    ) -> str:
        """A line of at most ``notes`` syllables (exactly, whenever a template fits).

        Lines already in ``used`` are avoided while any other line fits.
        """
        title_syllables = sum(count_syllables(w) for w in str(slots["T"][0]).split())
        line_slots = {**slots, "E": ends}
        groups: list[tuple[str, ...]] = []
        if with_title and title_syllables <= notes:
            groups += [TITLE_TEMPLATES, TITLE_ONLY_TEMPLATES]
        groups += [ROLE_TEMPLATES.get(role, ()), LINE_TEMPLATES, SHORT_TEMPLATES]
        for avoid in (used, set()):
            for target in range(notes, max(0, notes - 2 if notes > 14 else 0), -1):
                for templates in groups:
                    order = list(templates)
                    rng.shuffle(order)
                    for template in order:
                        for _attempt in range(3):
                            text = fill(
                                template,
                                target,
                                line_slots,
                                rng=rng,
                                preferred=preferred,
                                worn=worn,
                            )
                            if text is not None and text.lower() not in avoid:
                                return text
        if notes > 14:
            half = notes // 2
            first = EmbeddedWriter._line(
                half,
                list(slots["N"]),
                slots,
                role=role,
                preferred=preferred,
                worn=worn,
                rng=rng,
                with_title=with_title,
                used=used,
            )
            second = EmbeddedWriter._line(
                notes - half,
                ends,
                slots,
                role=role,
                preferred=preferred,
                worn=worn,
                rng=rng,
                with_title=False,
                used=used,
            )
            return f"{first}, {second[0].lower()}{second[1:]}"
        return "Oh"  # one sung syllable, held over the phrase

    @staticmethod
    def _lyric_line(phrase_index: int, phrase: Phrase, text: str, rhyme: str) -> LyricLine:
        """Put one syllable per note; extra notes extend the last syllable (melisma)."""
        syllables = syllabify_line(text)
        notes = len(phrase.notes)
        if len(syllables) > notes:
            raise ProviderError(f"line {text!r} has {len(syllables)} syllables for {notes} notes")
        syllables += [MELISMA] * (notes - len(syllables))
        return LyricLine(
            phrase_index=phrase_index,
            section_name=phrase.section_name,
            text=text,
            syllables=syllables,
            rhyme=rhyme,
        )
