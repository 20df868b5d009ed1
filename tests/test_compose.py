"""Planning and composing: forms, harmony, the vocal melody and the MIDI file."""

from __future__ import annotations

import io

import mido
import pytest

from ai_artist.domain import Phrase, Score, SectionPlan
from ai_artist.engines.music import (
    GENRES,
    Composer,
    EmbeddedComposer,
    get_style,
    plan_song,
    score_to_midi,
)
from ai_artist.engines.music.theory import parse_numeral, scale_pitch_classes
from ai_artist.errors import InputError
from factories import make_artist, make_plan

TWO_CHORUSES = [
    SectionPlan(name="intro", bars=4, vocal=False, energy=0.3),
    SectionPlan(name="verse", bars=4),
    SectionPlan(name="chorus", bars=4, energy=0.85),
    SectionPlan(name="verse", bars=4),
    SectionPlan(name="chorus", bars=4, energy=0.85),
    SectionPlan(name="outro", bars=2, vocal=False, energy=0.3),
]


def _compose(seed: int = 11, **artist: object) -> Score:
    return EmbeddedComposer().compose(
        make_plan(form=TWO_CHORUSES, seed=seed), make_artist(**artist)
    )


def _hook_shape(score: Score, section_index: int) -> list[tuple[int, float, float]]:
    start = score.sections[section_index].start_beat
    return [
        (note.pitch, note.start_beat - start, note.duration_beats)
        for phrase in score.melody
        if phrase.section_index == section_index
        for note in phrase.notes
    ]


def _midi_notes(data: bytes, track_name: str) -> list[tuple[int, int]]:
    midi = mido.MidiFile(file=io.BytesIO(data))
    for track in midi.tracks:
        if track.name == track_name:
            notes, tick = [], 0
            for message in track:
                tick += message.time
                if message.type == "note_on" and message.velocity > 0:
                    notes.append((message.note, tick))
            return notes
    raise AssertionError(f"no track named {track_name}")


def test_composer_satisfies_protocol_and_is_deterministic() -> None:
    composer = EmbeddedComposer()
    assert isinstance(composer, Composer)
    assert composer.name == "embedded"
    first, again = score_to_midi(_compose(11)), score_to_midi(_compose(11))
    other = score_to_midi(_compose(12))
    assert first == again
    assert first != other
    assert first[:4] == b"MThd"


def test_every_chorus_sings_the_identical_hook() -> None:
    score = _compose(5)
    choruses = [i for i, s in enumerate(score.sections) if s.name == "chorus"]
    assert len(choruses) == 2
    first, second = (_hook_shape(score, i) for i in choruses)
    assert first and first == second
    hook_flags = {p.hook for p in score.melody if p.section_name == "chorus"}
    verse_flags = {p.hook for p in score.melody if p.section_name == "verse"}
    assert hook_flags == {True} and verse_flags == {False}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_melody_is_singable(seed: int) -> None:
    score = _compose(seed, voice={"range_low_midi": 55, "range_high_midi": 69})
    vocal_sections = {i for i, s in enumerate(score.sections) if s.vocal}
    assert {p.section_index for p in score.melody} == vocal_sections
    intervals = []
    for phrase in score.melody:
        assert 5 <= len(phrase.notes) <= 12
        for note in phrase.notes:
            assert 55 <= note.pitch <= 69
            assert 0.5 <= note.duration_beats <= 2.0
        for a, b in zip(phrase.notes, phrase.notes[1:], strict=False):
            assert b.start_beat >= a.end_beat - 1e-9
            intervals.append(abs(b.pitch - a.pitch))
        section = score.sections[phrase.section_index]
        assert phrase.end_beat <= section.start_beat + section.bars * 4 + 1e-9
    # a breath between consecutive phrases of a section
    for a, b in zip(score.melody, score.melody[1:], strict=False):
        assert b.start_beat - a.end_beat >= 0.5 - 1e-9
    assert sum(i <= 4 for i in intervals) / len(intervals) >= 0.75
    assert max(intervals) <= 12


def test_strong_beats_take_chord_tones() -> None:
    score = _compose(8)
    checked = 0
    for phrase in score.melody:
        for note in phrase.notes:
            if note.start_beat % 2 == 0:
                chord = next(
                    c
                    for c in score.chords
                    if c.start_beat <= note.start_beat < c.start_beat + c.duration_beats
                )
                assert note.pitch % 12 in chord.pitch_classes
                checked += 1
    assert checked >= 8


def test_chords_come_from_the_vocabulary_and_are_voice_led() -> None:
    score = _compose(4)
    style = get_style("synthwave")
    vocabulary = {n for p in style.progressions["minor"] for n in p} | {"i"}
    scale = set(scale_pitch_classes(9, "minor")) | {8}  # A minor (+ G# of a major V)
    assert len(score.chords) == sum(s.bars for s in score.sections)
    diatonic = 0
    for chord in score.chords:
        assert chord.numeral in vocabulary
        diatonic += set(chord.pitch_classes) <= scale
        assert len(chord.voicing) >= 3
        assert {p % 12 for p in chord.voicing} <= set(chord.pitch_classes)
    assert diatonic / len(score.chords) >= 0.75  # borrowed chords are the seasoning
    moves = [
        sum(abs(a - b) for a, b in zip(x.voicing, y.voicing, strict=False))
        for x, y in zip(score.chords, score.chords[1:], strict=False)
    ]
    assert sum(moves) / len(moves) <= 6  # semitones of total voice motion per change
    assert score.chords[-1].numeral == "i"  # the outro resolves


def test_borrowed_chords_parse_to_their_pitches() -> None:
    c_major = {n: parse_numeral(n, 0, "major").pitch_classes for n in ("bVII", "bVI", "iv")}
    assert c_major == {"bVII": (10, 2, 5), "bVI": (8, 0, 3), "iv": (5, 8, 0)}
    assert parse_numeral("IV", 9, "minor").pitch_classes == (2, 6, 9)  # dorian IV in A minor
    assert parse_numeral("bII", 9, "minor").pitch_classes == (10, 2, 5)  # phrygian bII


def test_parts_follow_the_style() -> None:
    score = _compose(3)
    parts = {p.name: p for p in score.parts}
    # synthwave: synthesized drums, analog bass and supersaw pad; SoundFont keys and lead
    assert {"Machine Drums", "Analog Bass", "Keys", "Supersaw Pad", "Lead"} <= set(parts)
    assert parts["Machine Drums"].is_drum and not parts["Analog Bass"].is_drum
    assert parts["Keys"].program == get_style("synthwave").palette.keys
    assert all(28 <= n.pitch <= 60 for n in parts["Analog Bass"].notes)
    kicks = [n for n in parts["Machine Drums"].notes if n.pitch == 36]
    assert len(kicks) >= 2 * sum(s.bars for s in score.sections if s.name != "outro")
    # the lead plays the hook (an octave or two up) in the instrumental intro
    instrumental = [
        (s.start_beat, s.start_beat + 4 * s.bars) for s in score.sections if not s.vocal
    ]
    lead = parts["Lead"].notes
    assert lead and all(any(a <= n.start_beat < b for a, b in instrumental) for n in lead)


def test_midi_has_named_tracks_and_the_vocal_melody() -> None:
    score = _compose(9)
    data = score_to_midi(score)
    midi = mido.MidiFile(file=io.BytesIO(data))
    names = [track.name for track in midi.tracks]
    assert [p.name for p in score.parts] + ["Vocal"] == names[1:]
    tempos = [m.tempo for m in midi.tracks[0] if m.type == "set_tempo"]
    assert tempos == [mido.bpm2tempo(score.tempo_bpm)]
    melody = [(n.pitch, round(n.start_beat * 480)) for p in score.melody for n in p.notes]
    assert _midi_notes(data, "Vocal") == melody
    drums = mido.MidiFile(file=io.BytesIO(data)).tracks[1]
    assert drums.name == "Machine Drums"
    assert {m.channel for m in drums if m.type == "note_on"} == {9}


@pytest.mark.parametrize("genre", GENRES)
def test_every_genre_plans_and_composes(genre: str) -> None:
    artist = make_artist(genre=genre)
    plan = plan_song(artist, seed=21, duration_s=60, title="Glass", theme="x", mood="calm")
    style = get_style(genre)
    assert style.tempo_min_bpm <= plan.tempo_bpm <= style.tempo_max_bpm
    assert plan.mode in style.modes
    score = EmbeddedComposer().compose(plan, artist)
    assert abs(score.duration_s - 60) / 60 < 0.3
    assert all(isinstance(p, Phrase) for p in score.melody) and score.melody
    for numerals in style.progressions.values():
        for progression in numerals:
            for numeral in progression:
                parse_numeral(numeral, 0, "minor")


def test_plan_forms_fit_the_duration() -> None:
    artist = make_artist()
    tiny = plan_song(artist, seed=1, duration_s=20, title="A", theme="t", mood="m")
    assert [s.name for s in tiny.form] == ["verse", "chorus"]
    assert all(s.bars == 4 for s in tiny.form)
    full = plan_song(artist, seed=1, duration_s=180, title="A", theme="t", mood="m")
    names = [s.name for s in full.form]
    assert names[0] == "intro" and names[-1] == "outro" and names.count("chorus") >= 2
    assert abs(full.duration_s - 180) <= 20
    assert {s.vocal for s in full.form if s.name in ("intro", "outro")} == {False}
    again = plan_song(artist, seed=1, duration_s=180, title="A", theme="t", mood="m")
    assert again == full


def test_plan_respects_artist_preferences() -> None:
    artist = make_artist(
        sound={
            "preferred_keys": ["Eb"],
            "preferred_modes": ["major"],
            "tempo_min_bpm": 90,
            "tempo_max_bpm": 92,
        }
    )
    plan = plan_song(artist, seed=3, duration_s=30, title="A", theme="t", mood="m")
    assert (plan.key, plan.mode) == ("D#", "major")
    assert 90 <= plan.tempo_bpm <= 92


def test_unknown_genre_and_key_are_rejected() -> None:
    with pytest.raises(InputError, match=r"unknown genre 'polka'; accepted: synthwave, lofi"):
        get_style("polka")
    with pytest.raises(InputError, match="unknown key 'H'"):
        plan_song(
            make_artist(sound={"preferred_keys": ["H"]}),
            seed=1,
            duration_s=30,
            title="A",
            theme="t",
            mood="m",
        )
    assert get_style("Lo-Fi").name == "lofi" and get_style("deep house").name == "house"
