"""Synthesized voices, sidechain ducking, arrangement, transitions, humanization and endings."""

from __future__ import annotations

import dataclasses
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from ai_artist.audio import read_audio
from ai_artist.domain import Note, Score, SectionPlan
from ai_artist.engines.music import EmbeddedComposer, EmbeddedRenderer, plan_song
from ai_artist.engines.music.arrange import ENDING_HOLD_S
from ai_artist.engines.music.render import (
    StemJob,
    duck_envelope,
    kick_times_s,
    render_blocks,
    render_stem,
)
from ai_artist.engines.music.sound import artist_style, parse_instrument
from ai_artist.engines.music.soundfont import find_soundfont
from ai_artist.engines.music.styles import CLAP, KICK, SNARE, get_style
from ai_artist.engines.music.voices import (
    IMPACT_PITCH,
    RISER_PITCH,
    drum_hit,
    midi_hz,
    part_name,
    render_part,
    voice_of,
)
from ai_artist.errors import InputError
from factories import make_artist, make_plan

SR = 44_100


def _dominant_hz(audio: np.ndarray, start_s: float, length_s: float) -> float:
    mono = audio.mean(axis=0)[round(start_s * SR) : round((start_s + length_s) * SR)]
    spectrum = np.abs(np.fft.rfft(mono * np.hanning(mono.size)))
    freqs = np.fft.rfftfreq(mono.size, 1 / SR)
    return float(freqs[np.argmax(spectrum)])


def test_part_names_carry_the_voice() -> None:
    assert part_name("Bass", "808") == "808 Bass" and part_name("Keys", 4) == "Keys"
    assert voice_of("808 Bass") == ("808", "Bass")
    assert voice_of("Supersaw Pad") == ("supersaw", "Pad")
    assert voice_of("Keys") == (None, "Keys")
    assert voice_of("My Bass") == (None, "My Bass")


def test_808_plays_its_pitch_and_glides_into_a_slide() -> None:
    # A1 (55 Hz) for one beat at 60 BPM, then a slide up to A2 (110 Hz) joined legato
    notes = [
        Note(pitch=33, start_beat=0.0, duration_beats=1.0, velocity=110),
        Note(pitch=45, start_beat=1.0, duration_beats=1.0, velocity=110),
    ]
    audio = render_part("808", "Bass", notes, tempo_bpm=60.0, total_samples=3 * SR)
    assert audio.shape == (2, 3 * SR) and audio.dtype == np.float32
    assert abs(_dominant_hz(audio, 0.3, 0.6) - 55.0) < 3.0
    assert abs(_dominant_hz(audio, 1.3, 0.6) - 110.0) < 4.0
    # the glide: 20 ms into the second note the pitch is still between the two
    mono = audio.mean(axis=0)
    segment = mono[SR + 400 : SR + 1800]
    crossings = np.sum(np.diff(np.signbit(segment)) != 0)
    glide_hz = crossings / 2 / (segment.size / SR)
    assert 55.0 < glide_hz < 105.0
    assert float(np.max(np.abs(audio))) <= 1.5


@pytest.mark.parametrize("voice", ["analog", "pluck", "supersaw"])
def test_tonal_voices_play_the_note_they_are_given(voice: str) -> None:
    note = Note(pitch=57, start_beat=0.0, duration_beats=1.0, velocity=100)
    audio = render_part(voice, "Keys", [note], tempo_bpm=60.0, total_samples=2 * SR)
    assert abs(_dominant_hz(audio, 0.05, 0.5) - midi_hz(57)) < 4.0
    quiet = render_part(
        voice, "Keys", [note.model_copy(update={"velocity": 50})], tempo_bpm=60.0,
        total_samples=2 * SR,
    )  # fmt: skip
    assert np.allclose(quiet, audio * np.float32(50 / 100), atol=1e-6)
    if voice == "supersaw":  # detuned voices spread across the stereo field
        assert float(np.mean(np.abs(audio[0] - audio[1]))) > 0.05 * float(np.mean(np.abs(audio)))


def test_drum_machine_sounds_in_their_registers() -> None:
    kick, snare, hat = drum_hit(KICK), drum_hit(SNARE), drum_hit(42)
    assert _dominant_hz(kick, 0.05, 0.3) < 80.0
    hat_power = np.abs(np.fft.rfft(hat.mean(axis=0))) ** 2
    freqs = np.fft.rfftfreq(hat.shape[1], 1 / SR)
    assert freqs[np.searchsorted(np.cumsum(hat_power) / hat_power.sum(), 0.5)] > 5000.0
    assert kick.shape[1] > hat.shape[1] and snare.shape[1] > hat.shape[1]
    assert np.array_equal(drum_hit(CLAP), drum_hit(CLAP))


def test_riser_rises_and_impact_booms() -> None:
    notes = [
        Note(pitch=RISER_PITCH, start_beat=0.0, duration_beats=4.0),
        Note(pitch=IMPACT_PITCH, start_beat=4.0, duration_beats=1.0),
    ]
    audio = render_part("riser", "FX", notes, tempo_bpm=120.0, total_samples=5 * SR)
    rms = [
        float(np.sqrt(np.mean(audio[:, i * SR // 2 : (i + 1) * SR // 2] ** 2))) for i in range(4)
    ]
    assert rms == sorted(rms) and rms[3] > 4 * rms[0]
    assert _dominant_hz(audio, 2.05, 0.5) < 80.0


def test_sidechain_ducks_on_every_kick_and_recovers() -> None:
    gain = duck_envelope((0.5, 1.0), SR * 2, depth_db=6.0, release_s=0.2)
    assert gain[round(0.2 * SR)] == pytest.approx(1.0)
    assert gain[round(0.51 * SR)] == pytest.approx(10 ** (-6 / 20), abs=0.02)
    assert gain[round(0.8 * SR)] == pytest.approx(1.0)
    assert gain[round(1.01 * SR)] < 0.55


def test_signature_instruments_are_checked() -> None:
    assert parse_instrument("keys:4") == ("Keys", 4)
    assert parse_instrument("Pad:Supersaw") == ("Pad", "supersaw")
    with pytest.raises(InputError, match="accepted roles: Drums, Bass"):
        parse_instrument("Vocals:4")
    with pytest.raises(InputError, match="accepted voices: machine"):
        parse_instrument("Drums:808")
    style = artist_style(get_style("pop"), make_artist().sound.model_copy(
        update={"signature_instruments": ["Keys:pluck", "Lead:73"]}
    ))  # fmt: skip
    assert (style.palette.keys, style.palette.lead) == ("pluck", 73)


def _full(genre: str, seed: int = 2) -> Score:
    artist = make_artist(genre=genre)
    plan = plan_song(artist, seed=seed, duration_s=180, title="T", theme="t", mood="m")
    return EmbeddedComposer().compose(plan, artist)


def _notes_in(score: Score, role: str, start: float, end: float) -> list[Note]:
    return [
        n
        for part in score.parts
        if voice_of(part.name)[1] == role
        for n in part.notes
        if start <= n.start_beat < end
    ]


def test_form_energy_instrumentation_and_a_real_ending() -> None:
    score = _full("house")
    names = [s.name for s in score.sections]
    assert names[0] == "intro" and names[-1] == "outro"
    assert {"verse", "prechorus", "chorus", "bridge"} <= set(names)
    assert 150 <= score.duration_s <= 210
    energies = {s.name: s.energy for s in score.sections}
    assert energies["chorus"] > energies["verse"] > energies["intro"]
    bridge = next(s for s in score.sections if s.name == "bridge")
    span = (bridge.start_beat, bridge.start_beat + 4 * bridge.bars)
    assert not _notes_in(score, "Drums", *span) and not _notes_in(score, "Bass", *span)
    assert _notes_in(score, "Pad", *span)  # the breakdown keeps the pad
    # the final chord is held past the last bar; the drums end on kick + crash
    end = score.total_beats
    held = _notes_in(score, "Pad", end - 4, end)
    assert (
        held and min(n.end_beat for n in held) >= end + ENDING_HOLD_S * score.tempo_bpm / 60 - 1e-6
    )
    assert {n.pitch for n in _notes_in(score, "Drums", end - 4, end)} == {KICK, 49}


def test_transitions_drops_builds_risers_and_impacts() -> None:
    trap = _full("trap")
    for section in trap.sections:
        if section.name == "chorus" and section.start_beat > 0:
            before = _notes_in(trap, "Drums", section.start_beat - 1, section.start_beat)
            before += _notes_in(trap, "Bass", section.start_beat - 1, section.start_beat)
            assert not before, "the drop: silence on the beat before the chorus"
            assert _notes_in(trap, "FX", section.start_beat, section.start_beat + 0.1)
    house = _full("house")
    chorus = next(s for s in house.sections if s.name == "chorus")
    build = _notes_in(house, "Drums", chorus.start_beat - 4, chorus.start_beat)
    assert sum(n.pitch == SNARE for n in build) >= 12, "a snare roll builds into the chorus"
    risers = [n for n in _notes_in(house, "FX", 0, chorus.start_beat) if n.pitch == RISER_PITCH]
    assert risers and risers[-1].end_beat == chorus.start_beat


def test_humanization_is_loose_for_lofi_and_tight_for_house() -> None:
    def off_grid(score: Score) -> float:
        drums = next(p for p in score.parts if p.is_drum)
        offsets = [abs(n.start_beat * 4 - round(n.start_beat * 4)) / 4 for n in drums.notes]
        return float(np.mean(offsets))

    lofi, house = _full("lofi"), _full("house")
    assert off_grid(lofi) > 0.02  # swung and laid back, in beats
    snares = [n for n in next(p for p in lofi.parts if p.is_drum).notes if n.pitch == SNARE]
    assert np.mean([n.start_beat % 1 for n in snares if n.start_beat % 1 < 0.5]) > 0.015
    straight = [n for n in next(p for p in house.parts if p.is_drum).notes if n.pitch == KICK]
    assert all(n.start_beat == round(n.start_beat * 4) / 4 for n in straight)


def test_pumping_genres_duck_their_pads(tmp_path: Path) -> None:
    plan = make_plan(
        genre="house", tempo_bpm=120.0, seed=3,
        form=[SectionPlan(name="chorus", bars=4, energy=0.9)],
    )  # fmt: skip
    score = EmbeddedComposer().compose(plan, make_artist(genre="house"))
    assert kick_times_s(score)[:4] == (0.0, 0.5, 1.0, 1.5)
    stems = EmbeddedRenderer().render(
        score, stems_dir=tmp_path / "stems", instrumental_path=tmp_path / "mix.wav"
    )
    assert set(stems) >= {"Pad", "Machine Drums", "Analog Bass"}
    pad = next(p for p in score.parts if p.name == "Pad")
    total = round((score.duration_s + 3.0) * SR)
    job = StemJob(
        str(find_soundfont()), pad, 120.0, total, "house", render_blocks(score),
        EmbeddedRenderer().backend, kick_times_s(score), get_style("house").sidechain_db,
    )  # fmt: skip
    # synthesize in a child process, as the renderer does: no synthesizer in this process
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        ducked, plain = (
            a[0] for a in pool.map(render_stem, [job, dataclasses.replace(job, sidechain_db=0.0)])
        )
    ratio = np.abs(ducked) / np.maximum(np.abs(plain), 1e-9)
    level = float(np.median(ratio[round(1.3 * SR) : round(1.45 * SR)]))  # between kicks
    dipped = float(np.median(ratio[round(1.502 * SR) : round(1.51 * SR)]))  # just after one
    assert dipped / level == pytest.approx(10 ** (-7.0 / 20), abs=0.03)
    mix = read_audio(tmp_path / "mix.wav")
    assert 20 * np.log10(np.max(np.abs(mix))) == pytest.approx(-3.0, abs=0.05)
    assert float(np.max(np.abs(mix[:, -100:]))) < 1e-3, "the ring-out fades to silence"


def test_same_seed_gives_identical_audio_with_synthesized_voices(tmp_path: Path) -> None:
    plan = make_plan(
        genre="lofi", tempo_bpm=84.0, seed=6,
        form=[SectionPlan(name="verse", bars=2), SectionPlan(name="chorus", bars=2, energy=0.8)],
    )  # fmt: skip
    score = EmbeddedComposer().compose(plan, make_artist(genre="lofi"))
    assert {"Vinyl Texture", "Drums", "Keys"} <= {p.name for p in score.parts}
    mixes = []
    for workers in (1, 2):
        out = tmp_path / str(workers)
        EmbeddedRenderer(workers=workers).render(
            score, stems_dir=out / "stems", instrumental_path=out / "mix.wav"
        )
        mixes.append(read_audio(out / "mix.wav"))
    assert np.array_equal(mixes[0], mixes[1])
