"""The embedded singer: pitch on the notes, syllables on time, deterministic, voice-dependent."""

from __future__ import annotations

from functools import lru_cache

import librosa
import numpy as np
from tests.factories import make_artist, make_plan, make_score

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.domain import VoiceProfile
from ai_artist.engines.lyrics import EmbeddedWriter
from ai_artist.engines.voice import EmbeddedSinger, SungVocal, render_voice_sample
from ai_artist.engines.voice.sing import choose_octave

VOICES = {
    "default": VoiceProfile(),
    "bright": VoiceProfile(pitch_offset_semitones=5, formant_shift=1.15, breathiness=0.4),
}


@lru_cache(maxsize=4)
def _sung(voice: str = "default") -> SungVocal:
    """The factory score sung by one of VOICES (cached: each is sung once per module)."""
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    return EmbeddedSinger().sing(score, lyrics, VOICES[voice], seed=1)


@lru_cache(maxsize=4)
def _pitch(voice: str = "default") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """pyin F0 (Hz), voiced flags and frame times (s) of a sung vocal."""
    audio = librosa.resample(_sung(voice).audio, orig_sr=SAMPLE_RATE_HZ, target_sr=22_050)
    f0, voiced, _ = librosa.pyin(
        audio, fmin=65, fmax=600, sr=22_050, frame_length=2048, hop_length=256
    )
    return f0, voiced, librosa.times_like(f0, sr=22_050, hop_length=256)


def test_dry_vocal_length_and_level() -> None:
    score = make_score()
    vocal = _sung()
    assert vocal.sample_rate_hz == SAMPLE_RATE_HZ
    assert vocal.audio.dtype == np.float32 and vocal.audio.ndim == 1
    assert vocal.audio.size == round((score.duration_s + 2.0) * SAMPLE_RATE_HZ)
    assert 0.3 < float(np.max(np.abs(vocal.audio))) <= 0.51
    rms = np.sqrt(np.mean(vocal.audio[: int(4 * SAMPLE_RATE_HZ)] ** 2))
    assert rms > 0.03  # the first phrase is sung
    assert vocal.transpose_semitones == -12.0  # melody 57–69 sung an octave down (range 48–64)


def test_pitch_follows_the_notes() -> None:
    score = make_score()
    vocal = _sung()
    f0, voiced, times = _pitch()
    errors, inside = [], 0
    for phrase in score.melody:
        for note in phrase.notes:
            start = score.beat_to_seconds(note.start_beat) + 0.05
            end = score.beat_to_seconds(note.end_beat) - 0.03
            frames = (times >= start) & (times < end)
            inside += int(frames.sum())
            sung = frames & voiced
            target_hz = librosa.midi_to_hz(note.pitch + vocal.transpose_semitones)
            errors += list(np.abs(1200 * np.log2(f0[sung] / target_hz)))
    assert len(errors) > 0.8 * inside  # notes are voiced
    assert float(np.median(errors)) <= 25.0
    assert float(np.percentile(errors, 90)) <= 60.0


def test_syllables_start_on_their_notes() -> None:
    score = make_score()
    vocal = _sung()
    for line in vocal.lyrics.lines:
        notes = score.melody[line.phrase_index].notes
        sung_notes = [n for n, s in zip(notes, line.syllables, strict=True) if s != "-"]
        assert len(line.timings) == len(sung_notes)
        for timing, note in zip(line.timings, sung_notes, strict=True):
            assert abs(timing.start_s - score.beat_to_seconds(note.start_beat)) <= 0.04
            assert timing.end_s > timing.start_s


def test_singing_is_deterministic() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    again = EmbeddedSinger().sing(score, lyrics, VoiceProfile(), seed=1)
    assert np.array_equal(again.audio, _sung().audio)


def test_voices_differ_in_pitch_and_brightness() -> None:
    f0_a, voiced_a, _ = _pitch()
    f0_b, voiced_b, _ = _pitch("bright")
    shift = 12 * np.log2(np.nanmedian(f0_b[voiced_b]) / np.nanmedian(f0_a[voiced_a]))
    assert abs(shift - 5.0) < 0.5
    centroid_a = np.median(librosa.feature.spectral_centroid(y=_sung().audio, sr=SAMPLE_RATE_HZ))
    centroid_b = np.median(
        librosa.feature.spectral_centroid(y=_sung("bright").audio, sr=SAMPLE_RATE_HZ)
    )
    assert centroid_b > centroid_a * 1.05


def test_octave_choice_fits_the_range() -> None:
    assert (
        choose_octave([57, 60, 64, 69], VoiceProfile(range_low_midi=48, range_high_midi=64)) == -12
    )
    assert choose_octave([45, 48, 52], VoiceProfile(range_low_midi=55, range_high_midi=72)) == 12
    assert choose_octave([50, 55, 60], VoiceProfile()) == 0


def test_voice_sample_speaks_then_sings() -> None:
    audio = render_voice_sample(VoiceProfile(), name="Nova Vale", seed=3)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert 4.0 < audio.size / SAMPLE_RATE_HZ < 12.0
    assert 0.3 < float(np.max(np.abs(audio))) <= 0.51
    assert np.array_equal(audio, render_voice_sample(VoiceProfile(), name="Nova Vale", seed=3))
