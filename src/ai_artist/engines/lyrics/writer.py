"""The embedded lyric writer: rule-based lines that fit the melody note for note.

One line per melody phrase, with exactly as many syllables as the phrase has notes. Lines
come from templates filled from a themed word bank (see :mod:`grammar`, :mod:`vocabulary`);
end words are drawn from rhyme families so each section follows its scheme (AABB/ABAB
for verses, AABB/AAAA for choruses). Chorus lines are written once and repeated in every
chorus; the song title opens the first chorus line. Same plan seed → same lyrics.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ai_artist.domain import ArtistProfile, LyricLine, Lyrics, Phrase, Score, SongPlan
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics.grammar import (
    LINE_TEMPLATES,
    SHORT_TEMPLATES,
    TITLE_ONLY_TEMPLATES,
    TITLE_TEMPLATES,
    fill,
)
from ai_artist.engines.lyrics.rhymes import last_word
from ai_artist.engines.lyrics.syllables import count_syllables, normalize_word, syllabify_line
from ai_artist.engines.lyrics.vocabulary import (
    ADJECTIVES,
    BANKS,
    MODALS,
    MOOD_ADJECTIVES,
    OPENERS,
    PREPOSITIONS,
    SUBJECTS,
    Bank,
)
from ai_artist.errors import ProviderError

CHORUS_NAMES = ("chorus", "hook", "refrain")


def choose_bank(*texts: str) -> Bank:
    """The word bank whose keywords best match the given genre / mood / theme texts."""
    words = {normalize_word(w) for text in texts for w in text.replace("-", " ").split()}
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


class EmbeddedWriter:
    """Offline lyric writer: template grammar + CMU syllables and rhymes."""

    name = "embedded"

    def write(self, score: Score, plan: SongPlan, artist: ArtistProfile) -> Lyrics:
        """Lyrics for ``score``: one :class:`LyricLine` per melody phrase."""
        if not score.melody:
            raise ProviderError("the score has no vocal melody to write lyrics for")
        rng = random.Random(plan.seed * 1_000_003 + 17)
        bank = choose_bank(plan.genre, plan.mood, plan.theme, artist.genre)
        slots: dict[str, Sequence[str]] = {
            "S": SUBJECTS,
            "M": MODALS,
            "P": PREPOSITIONS,
            "A": adjectives_for(plan.mood),
            "N": bank.nouns,
            "VI": bank.verbs_moving,
            "VT": bank.verbs_holding,
            "O": OPENERS,
            "T": (plan.title,),
        }
        families = list(bank.families)
        rng.shuffle(families)
        used_lines: set[str] = set()
        used_ends: set[str] = set()
        chorus_lines: dict[tuple[int, int], str] = {}
        lines: list[LyricLine] = []
        schemes: dict[str, str] = {}
        sections: dict[int, list[int]] = {}
        for index, phrase in enumerate(score.melody):
            sections.setdefault(phrase.section_index, []).append(index)
        family_cursor = 0
        chorus_pattern = ""
        chorus_families: dict[str, tuple[str, ...]] = {}
        for section_index, phrase_indexes in sections.items():
            phrases = [score.melody[i] for i in phrase_indexes]
            is_chorus = any(p.hook for p in phrases) or phrases[0].section_name in CHORUS_NAMES
            pattern = rng.choice(("AABB", "ABAB"))
            if is_chorus:
                chorus_pattern = chorus_pattern or rng.choice(("AABB", "AAAA"))
                pattern = chorus_pattern
            scheme = _scheme(len(phrases), pattern)
            schemes[str(section_index)] = scheme
            letter_family = chorus_families if is_chorus else {}
            for position, (phrase_index, phrase) in enumerate(
                zip(phrase_indexes, phrases, strict=True)
            ):
                notes = len(phrase.notes)
                key = (position, notes)
                if is_chorus and key in chorus_lines:
                    text = chorus_lines[key]
                else:
                    letter = scheme[position]
                    if letter not in letter_family:
                        need = scheme.count(letter)
                        family, family_cursor = self._next_family(
                            families, family_cursor, used_ends, need
                        )
                        letter_family[letter] = family
                    ends = [w for w in letter_family[letter] if w not in used_ends]
                    text = self._line(
                        notes,
                        ends or list(letter_family[letter]),
                        slots,
                        rng=rng,
                        with_title=is_chorus and position == 0,
                        used=used_lines,
                    )
                    used_lines.add(text.lower())
                    used_ends.add(last_word(text))
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
        families: list[tuple[str, ...]], cursor: int, used_ends: set[str], need: int
    ) -> tuple[tuple[str, ...], int]:
        """The next family (round-robin) with at least ``need`` unused words."""
        for step in range(len(families)):
            family = families[(cursor + step) % len(families)]
            if sum(w not in used_ends for w in family) >= need:
                return family, cursor + step + 1
        return families[cursor % len(families)], cursor + 1

    @staticmethod
    def _line(
        notes: int,
        ends: list[str],
        slots: dict[str, Sequence[str]],
        *,
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
        groups += [LINE_TEMPLATES, SHORT_TEMPLATES]
        for avoid in (used, set()):
            for target in range(notes, max(0, notes - 2 if notes > 14 else 0), -1):
                for templates in groups:
                    order = list(templates)
                    rng.shuffle(order)
                    for template in order:
                        for _attempt in range(3):
                            text = fill(template, target, line_slots, rng=rng)
                            if text is not None and text.lower() not in avoid:
                                return text
        if notes > 14:
            half = notes // 2
            first = EmbeddedWriter._line(
                half, list(slots["N"]), slots, rng=rng, with_title=with_title, used=used
            )
            second = EmbeddedWriter._line(
                notes - half, ends, slots, rng=rng, with_title=False, used=used
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
