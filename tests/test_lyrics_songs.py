"""The embedded writer on songs written by the real composer: 20 seeds over every genre
(short songs), and one full-length song."""

from __future__ import annotations

from functools import lru_cache

import pytest

from ai_artist.domain import ArtistProfile, Lyrics, Score
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics import EmbeddedWriter, check_lyrics, count_syllables, rhyme_pairs
from ai_artist.engines.lyrics.writer import make_title
from ai_artist.engines.music.compose import EmbeddedComposer
from ai_artist.engines.music.plan import plan_song
from ai_artist.engines.persona import EmbeddedPersonaWriter

GENRES = ("synthwave", "lofi", "house", "pop", "trap", "ambient")


@lru_cache(maxsize=32)
def _song(seed: int, duration_s: float) -> tuple[ArtistProfile, Score, Lyrics]:
    genre = GENRES[seed % len(GENRES)]
    artist = EmbeddedPersonaWriter().create(genre=genre, seed=seed)
    theme = artist.persona.themes[seed % len(artist.persona.themes)]
    mood = artist.persona.mood
    title = make_title(theme, mood, genre, seed=seed)
    plan = plan_song(artist, seed=seed, duration_s=duration_s, title=title, theme=theme, mood=mood)
    score = EmbeddedComposer().compose(plan, artist)
    return artist, score, EmbeddedWriter().write(score, plan, artist)


@pytest.mark.parametrize("seed", range(20))
def test_syllables_equal_notes_on_every_line(seed: int) -> None:
    _, score, lyrics = _song(seed, 20.0 + seed % 3 * 5)
    assert sorted(line.phrase_index for line in lyrics.lines) == list(range(len(score.melody)))
    for line in lyrics.lines:
        notes = score.melody[line.phrase_index].notes
        assert len(line.syllables) == len(notes), line.text
        sung = [s for s in line.syllables if s != MELISMA]
        assert sum(count_syllables(w) for w in line.text.split()) == len(sung), line.text
        assert line.syllables[0] != MELISMA
    assert check_lyrics(lyrics, score) == []


def test_rhyme_schemes_hold_for_at_least_90_percent_of_pairs() -> None:
    pairs = []
    for seed in range(20):
        _, score, lyrics = _song(seed, 20.0 + seed % 3 * 5)
        pairs += rhyme_pairs(lyrics, score)
    assert len(pairs) >= 40
    assert sum(pair.holds for pair in pairs) / len(pairs) >= 0.90


def test_a_full_length_song() -> None:
    """Three minutes: chorus lines repeated, no other line twice, the title in the chorus,
    the verses told with different words, clean."""
    artist, score, lyrics = _song(4, 180.0)
    assert check_lyrics(lyrics, score, explicit=artist.explicit) == []
    by_section: dict[int, list[str]] = {}
    for line in lyrics.lines:
        by_section.setdefault(score.melody[line.phrase_index].section_index, []).append(line.text)
    names = {i: s.name for i, s in enumerate(score.sections)}
    choruses = [texts for i, texts in by_section.items() if names[i] == "chorus"]
    assert len(choruses) >= 2 and all(c == choruses[0] for c in choruses)
    assert lyrics.title.lower() in " ".join(choruses[0]).lower()
    others = [t.lower() for i, texts in by_section.items() if names[i] != "chorus" for t in texts]
    assert len(others) == len(set(others))
    verses = [texts for i, texts in by_section.items() if names[i] == "verse"]
    assert len(verses) >= 2 and set(verses[0]).isdisjoint(verses[1])
