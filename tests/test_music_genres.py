"""Every genre, heard: planned tempo and key come back from the analyzer; hooks repeat;
an artist's songs are related yet different; MIDI is byte-identical for a seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_artist.domain import ArtistProfile, Score, SongPlan
from ai_artist.engines.music import GENRES, EmbeddedComposer, EmbeddedRenderer, plan_song
from ai_artist.engines.music.analyze import analyze
from ai_artist.engines.music.melody import melodic_ngrams, shared_ngram_fraction
from ai_artist.engines.music.midi import score_to_midi
from ai_artist.engines.music.sound import artist_sound, parse_instrument
from ai_artist.engines.music.styles import get_style
from ai_artist.engines.music.theory import normalize_key
from ai_artist.engines.music.voices import voice_of
from factories import make_artist

SHARPS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def _artist(genre: str, seed: int = 5) -> ArtistProfile:
    return make_artist(genre=genre, sound=artist_sound(genre, seed=seed).model_dump())


def _short_plan(artist: ArtistProfile, seed: int) -> SongPlan:
    """About 20 bars: a verse and a chorus (plus intro/outro when the length allows)."""
    style = get_style(artist.genre)
    mid_bpm = (style.tempo_min_bpm + style.tempo_max_bpm) / 2
    return plan_song(
        artist, seed=seed, duration_s=20 * 240 / mid_bpm, title="T", theme="t", mood="m"
    )


def _relative(key: str, mode: str) -> tuple[str, str]:
    tonic = SHARPS.index(key)
    if mode == "major":
        return SHARPS[(tonic + 9) % 12], "minor"
    return SHARPS[(tonic + 3) % 12], "major"


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("genre", GENRES)
def test_the_analyzer_hears_the_planned_tempo_and_key(
    genre: str, seed: int, tmp_path: Path
) -> None:
    artist = _artist(genre)
    plan = _short_plan(artist, seed)
    assert 16 <= plan.total_bars <= 24
    score = EmbeddedComposer().compose(plan, artist)
    path = tmp_path / "instrumental.wav"
    EmbeddedRenderer().render(score, stems_dir=tmp_path / "stems", instrumental_path=path)
    heard = analyze(path)
    # within 2 % of the plan; half or double tempo counts as wrong
    assert abs(heard.tempo_bpm - plan.tempo_bpm) / plan.tempo_bpm < 0.02, heard.tempo_bpm
    expected = {(plan.key, plan.mode), _relative(plan.key, plan.mode)}
    assert (heard.key, heard.mode) in expected


def _full(genre: str, seed: int, artist: ArtistProfile | None = None) -> Score:
    artist = artist or _artist(genre)
    plan = plan_song(artist, seed=seed, duration_s=180, title="T", theme="t", mood="m")
    return EmbeddedComposer().compose(plan, artist)


def _section_melody(score: Score, index: int) -> list[tuple[int, float, float]]:
    start = score.sections[index].start_beat
    return [
        (n.pitch, n.start_beat - start, n.duration_beats)
        for p in score.melody
        if p.section_index == index
        for n in p.notes
    ]


@pytest.mark.parametrize("genre", GENRES)
def test_every_chorus_carries_the_identical_hook(genre: str) -> None:
    score = _full(genre, 3)
    choruses = [i for i, s in enumerate(score.sections) if s.name == "chorus"]
    assert len(choruses) >= 2
    hooks = [_section_melody(score, i) for i in choruses]
    assert hooks[0] and all(hook == hooks[0] for hook in hooks)
    verses = [i for i, s in enumerate(score.sections) if s.name == "verse"]
    first, second = (_section_melody(score, i) for i in verses[:2])
    assert first != second, "later verses vary"
    opening = len(next(p for p in score.melody if p.section_index == verses[0]).notes)
    assert first[:opening] == second[:opening], "but open like the first verse"


@pytest.mark.parametrize("genre", GENRES)
def test_two_songs_of_one_artist_share_few_melodic_4grams(genre: str) -> None:
    artist = _artist(genre)
    first, second = (_full(genre, seed, artist) for seed in (11, 12))
    grams = [melodic_ngrams([p.notes for p in s.melody]) for s in (first, second)]
    assert min(len(g) for g in grams) >= 40
    assert shared_ngram_fraction(*grams) < 0.30


@pytest.mark.parametrize("genre", GENRES)
def test_same_seed_gives_identical_midi_bytes(genre: str) -> None:
    first, again, other = (score_to_midi(_full(genre, seed)) for seed in (4, 4, 5))
    assert first == again and first != other


@pytest.mark.parametrize("genre", GENRES)
def test_an_artists_songs_stay_inside_its_sound(genre: str) -> None:
    sound = artist_sound(genre, seed=9)
    style = get_style(genre)
    assert sound == artist_sound(genre, seed=9)
    assert sound.preferred_modes[0] in style.modes and len(sound.preferred_keys) == 2
    assert style.tempo_min_bpm <= sound.tempo_min_bpm < sound.tempo_max_bpm
    assert sound.tempo_max_bpm <= style.tempo_max_bpm
    artist = make_artist(genre=genre, sound=sound.model_dump())
    roles = dict(parse_instrument(spec) for spec in sound.signature_instruments)
    signatures = {tuple(p) for p in sound.signature_progressions}
    for seed in (1, 2, 3):
        score = _full(genre, seed, artist)
        assert score.key in [normalize_key(k) for k in sound.preferred_keys]
        assert score.mode == sound.preferred_modes[0]
        assert sound.tempo_min_bpm <= score.tempo_bpm <= sound.tempo_max_bpm
        progressions = {
            tuple(c.numeral for c in score.chords[int(s.start_beat // 4) :][:4])
            for s in score.sections
            if s.name in ("verse", "chorus")
        }
        assert progressions & signatures, "a signature progression in every song"
        for part in score.parts:
            voice, role = voice_of(part.name)
            if role in roles:
                assert (voice if voice else part.program) == roles[role]
