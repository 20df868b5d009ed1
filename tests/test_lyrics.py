"""The embedded lyric writer: syllables fit notes, rhymes hold, chorus and title rules."""

from __future__ import annotations

import itertools

import pytest
from tests.factories import make_artist, make_plan, make_score

from ai_artist.domain import Note, Phrase, Section
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics import (
    EmbeddedWriter,
    check_lyrics,
    count_syllables,
    make_title,
    rhyme_pairs,
    rhymes_with,
    split_syllables,
)
from ai_artist.engines.lyrics.rhymes import last_word
from ai_artist.engines.lyrics.syllables import cmu_syllable_counts
from ai_artist.engines.lyrics.vocabulary import ADJECTIVES, BANKS
from ai_artist.engines.lyrics.writer import choose_bank, title_lines


def _long_score():
    """Verse, chorus, verse, chorus, bridge, chorus with phrases of 1 to 16 notes."""
    counts = [[7, 8, 7, 8], [6, 6, 6, 6], [9, 3, 12, 16], [6, 6, 6, 6], [2, 1, 4], [6, 6, 6, 6]]
    names = ["verse", "chorus", "verse", "chorus", "bridge", "chorus"]
    phrases, sections, beat = [], [], 0.0
    for index, (section_counts, name) in enumerate(zip(counts, names, strict=True)):
        sections.append(Section(name=name, start_beat=beat, bars=2 * len(section_counts)))
        for count in section_counts:
            notes = [
                Note(pitch=57 + i % 5, start_beat=beat + 0.5 * i, duration_beats=0.5)
                for i in range(count)
            ]
            phrases.append(
                Phrase(section_index=index, section_name=name, notes=notes, hook=name == "chorus")
            )
            beat += 8.0
    return make_score().model_copy(update={"melody": phrases, "sections": sections})


def test_syllable_counts_and_splits() -> None:
    assert count_syllables("neon") == 2
    assert count_syllables("electric") == 3
    assert count_syllables("street") == 1
    assert count_syllables("glimmerish") == 3  # not in CMU: vowel groups
    assert split_syllables("neon") == ["ne", "on"]
    assert split_syllables("midnight") == ["mid", "night"]
    assert split_syllables("Rain,") == ["Rain,"]
    for word in ("beautiful", "yesterday", "window", "tonight", "xylophonic"):
        chunks = split_syllables(word)
        assert "".join(chunks) == word
        assert len(chunks) == count_syllables(word)


def test_rhymes() -> None:
    assert rhymes_with("night", "midnight")
    assert rhymes_with("rain", "train")
    assert not rhymes_with("rain", "light")
    assert not rhymes_with("rain", "rain")


def test_word_banks_rhyme_and_have_one_syllable_count() -> None:
    for bank in BANKS:
        for family in bank.families:
            assert len(family) >= 2
            for a, b in itertools.combinations(family, 2):
                assert rhymes_with(a, b), (bank.name, a, b)
        words = [*bank.nouns, *bank.verbs_moving, *bank.verbs_holding]
        for word in words + [w for family in bank.families for w in family]:
            assert len(cmu_syllable_counts(word)) == 1, word
    for word in itertools.chain(*ADJECTIVES.values()):
        assert len(cmu_syllable_counts(word)) == 1, word


@pytest.mark.parametrize("seed", [11, 3, 2024])
def test_writer_fits_every_phrase_of_the_factory_score(seed: int) -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(seed=seed), make_artist())
    assert [line.phrase_index for line in lyrics.lines] == list(range(len(score.melody)))
    for line, phrase in zip(lyrics.lines, score.melody, strict=True):
        assert len(line.syllables) == len(phrase.notes)
        sung = [s for s in line.syllables if s != MELISMA]
        assert sum(count_syllables(w) for w in line.text.split()) == len(sung)
        assert line.syllables[0] != MELISMA
    assert check_lyrics(lyrics, score) == []
    chorus_text = " ".join(line.text for line in lyrics.lines if line.section_name == "chorus")
    assert "neon rain" in chorus_text.lower()


@pytest.mark.parametrize("seed,genre,mood", [(1, "folk", "hopeful"), (5, "rock", "dark")])
def test_writer_on_a_long_song(seed: int, genre: str, mood: str) -> None:
    score = _long_score()
    plan = make_plan(seed=seed, genre=genre, mood=mood, title="Silver Tide")
    lyrics = EmbeddedWriter().write(score, plan, make_artist())
    assert check_lyrics(lyrics, score) == []
    choruses = [
        [line.text for line in lyrics.lines if score.melody[line.phrase_index].section_index == s]
        for s in (1, 3, 5)
    ]
    assert choruses[0] == choruses[1] == choruses[2]
    assert "Silver Tide" in choruses[0][0]
    verses = [line.text.lower() for line in lyrics.lines if line.section_name != "chorus"]
    assert len(verses) == len(set(verses))
    for section, scheme in lyrics.rhyme_schemes.items():
        lines = [
            line
            for line in lyrics.lines
            if score.melody[line.phrase_index].section_index == int(section)
        ]
        for letter in set(scheme):
            pairs = zip(lines, scheme, strict=True)
            ends = [last_word(line.text) for line, mark in pairs if mark == letter]
            for a, b in itertools.pairwise(ends):
                assert rhymes_with(a, b), (a, b)
    melismas = sum(s == MELISMA for line in lyrics.lines for s in line.syllables)
    assert melismas <= 2


def test_writer_is_deterministic_and_seed_dependent() -> None:
    score = make_score()
    first = EmbeddedWriter().write(score, make_plan(seed=4), make_artist())
    again = EmbeddedWriter().write(score, make_plan(seed=4), make_artist())
    other = EmbeddedWriter().write(score, make_plan(seed=5), make_artist())
    assert first == again
    assert first.text != other.text


def test_check_lyrics_finds_problems() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    broken = lyrics.model_copy(deep=True)
    broken.lines[0].syllables = broken.lines[0].syllables[:-1]
    assert any("syllables for" in p for p in check_lyrics(broken, score))
    unrhymed = lyrics.model_copy(deep=True)
    unrhymed.lines[1].text = unrhymed.lines[1].text.rsplit(" ", 1)[0] + " cat"
    unrhymed.lines[1].syllables[-1] = "cat"
    assert any("rhyme" in p for p in check_lyrics(unrhymed, score))
    untitled = lyrics.model_copy(update={"title": "Golden Harbor"})
    assert any("title" in p for p in check_lyrics(untitled, score))
    repeated = lyrics.model_copy(deep=True)
    repeated.lines[1] = repeated.lines[0].model_copy(update={"phrase_index": 1, "rhyme": "A"})
    assert any("repeated" in p for p in check_lyrics(repeated, score))


def test_make_title_is_short_and_deterministic() -> None:
    titles = {make_title("a city at night", "bittersweet", "synthwave", seed=s) for s in range(20)}
    assert len(titles) >= 5
    for title in titles:
        assert 1 <= len(title.split()) <= 3
        assert title[0].isupper()
    assert make_title("x", "dark", "rock", seed=9) == make_title("x", "dark", "rock", seed=9)


def test_clean_language_unless_the_artist_is_explicit() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    rough = lyrics.model_copy(deep=True)
    words = rough.lines[0].text.split()
    rough.lines[0].text = " ".join(["Damn", *words[1:]])
    rough.lines[0].syllables = ["Damn", *rough.lines[0].syllables[1:]]
    if count_syllables(words[0]) != 1:
        pytest.skip("first word has more than one syllable")
    assert any("not allowed in clean lyrics: damn" in p for p in check_lyrics(rough, score))
    assert not any("clean" in p for p in check_lyrics(rough, score, explicit=True))


def test_rhyme_pairs_are_listed_with_their_verdict() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(seed=3), make_artist())
    pairs = rhyme_pairs(lyrics, score)
    assert pairs and all(pair.holds for pair in pairs)
    broken = lyrics.model_copy(deep=True)
    broken.lines[1].text = broken.lines[1].text.rsplit(" ", 1)[0] + " cat"
    failed = [pair for pair in rhyme_pairs(broken, score) if not pair.holds]
    assert len(failed) == 1 and failed[0].second == "cat"
    assert any(
        f"does not rhyme with {failed[0].second!r}" in p for p in check_lyrics(broken, score)
    )


def test_a_title_longer_than_a_phrase_is_spread_over_chorus_lines() -> None:
    score = make_score()  # chorus phrases of 6 and 5 notes
    title = "Underneath The Satellite Tonight"  # 11 syllables
    lyrics = EmbeddedWriter().write(score, make_plan(title=title), make_artist())
    assert check_lyrics(lyrics, score) == []
    chorus = [line for line in lyrics.lines if line.section_name == "chorus"]
    assert " ".join(line.text for line in chorus[:2]) == title
    assert chorus[0].syllables[-2:] == [MELISMA, MELISMA]  # 4 syllables on 6 notes: held
    assert MELISMA not in chorus[1].syllables  # 5 syllables on 5 notes
    assert title_lines(title, [6, 5]) == {0: "Underneath The", 1: "Satellite Tonight"}
    assert title_lines("Neon Rain", [6, 5]) == {0: "Neon Rain"}


@pytest.mark.parametrize(
    "genre,words",
    [
        ("lofi", {"pages", "rain", "window", "coffee"}),
        ("trap", {"crown", "grind", "rise", "climb"}),
    ],
)
def test_each_genre_writes_from_its_own_bank(genre: str, words: set[str]) -> None:
    bank = choose_bank(genre)
    vocabulary = set(bank.nouns + bank.verbs_moving + bank.title_nouns) | {
        w for family in bank.families for w in family
    }
    assert vocabulary & words
    assert choose_bank("synthwave").name == "city-night"
    assert choose_bank("folk", "ocean").name == "sky-sea"  # unknown genre: keywords decide
