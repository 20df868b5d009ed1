"""Backing vocals: a doubled lead and a harmony line, in the choruses only, consonant with
the chords."""

from __future__ import annotations

from functools import lru_cache

import librosa
import numpy as np
import pytest
from tests.factories import make_artist, make_plan, make_score

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.domain import VoiceProfile
from ai_artist.engines.lyrics import EmbeddedWriter
from ai_artist.engines.voice import EmbeddedSinger, SungVocal
from ai_artist.engines.voice.backing import (
    CONSONANT_INTERVALS,
    OPEN_INTERVALS,
    BackingStyle,
    chord_pitch_classes,
    harmony_line,
    harmony_pitch,
)

A_MINOR = (9, 11, 0, 2, 4, 5, 7)
SILENT_DB = -200.0


@lru_cache(maxsize=4)
def _sung(double_db: float, harmony_db: float) -> SungVocal:
    """The factory score sung with only the chosen backing parts audible."""
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    singer = EmbeddedSinger()
    singer.style = BackingStyle(double_gain_db=double_db, harmony_gain_db=harmony_db)
    return singer.sing(score, lyrics, VoiceProfile(), seed=1)


def test_harmony_notes_are_diatonic_thirds_or_sixths_on_chord_tones() -> None:
    am = (9, 0, 4)
    assert harmony_pitch(57, am, A_MINOR, above=True) == 60  # A → C, a minor third above
    assert harmony_pitch(64, am, A_MINOR, above=True) == 72  # E → C: the sixth is the chord tone
    assert harmony_pitch(64, am, A_MINOR, above=False) == 60  # E → C, a major third below
    g = (7, 11, 2)
    assert harmony_pitch(62, g, A_MINOR, above=True) == 71  # D → B (sixth), G chord
    assert harmony_pitch(62, am, A_MINOR, above=True) == 69  # D (passing) → A, a fifth up
    assert harmony_pitch(71, am, A_MINOR, above=True) == 76  # B → E, a fourth up
    assert harmony_pitch(71, (5, 9, 0), A_MINOR, above=True) == 74  # B over F: the third, D
    score = make_score()
    chord_tones = notes = 0
    for phrase in score.melody:
        pitches = [n.pitch for n in phrase.notes]
        beats = [n.start_beat for n in phrase.notes]
        for above in (True, False):
            line = harmony_line(pitches, beats, score.chords, A_MINOR, above=above)
            for melody, harmony, beat in zip(pitches, line, beats, strict=True):
                assert abs(harmony - melody) in (*CONSONANT_INTERVALS, *OPEN_INTERVALS)
                assert (harmony > melody) == above
                assert harmony % 12 in A_MINOR
                in_chord = harmony % 12 in chord_pitch_classes(score.chords, beat)
                chord_tones += in_chord
                notes += 1
                if melody % 12 in chord_pitch_classes(score.chords, beat):
                    assert in_chord  # over a chord tone the harmony is one too
    assert chord_tones / notes >= 0.9


def test_backing_is_stereo_same_length_and_only_in_choruses() -> None:
    score = make_score()
    vocal = _sung(-5.0, -7.0)
    assert vocal.backing is not None
    assert vocal.backing.shape == (2, vocal.audio.size)
    assert vocal.backing.dtype == np.float32
    verse_end = round(score.beat_to_seconds(score.sections[1].start_beat) * SAMPLE_RATE_HZ)
    chorus = vocal.backing[:, verse_end:]
    assert float(np.max(np.abs(vocal.backing[:, : verse_end - SAMPLE_RATE_HZ // 10]))) == 0.0
    lead_rms = np.sqrt(np.mean(vocal.audio[verse_end:] ** 2))
    backing_rms = np.sqrt(np.mean(chorus**2))
    assert 0.2 * lead_rms < backing_rms < lead_rms
    left, right = np.sqrt(np.mean(chorus**2, axis=1))
    assert left != pytest.approx(right, rel=0.05)  # double and harmony on different sides


def test_no_backing_when_turned_off() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    vocal = EmbeddedSinger(backing=False).sing(score, lyrics, VoiceProfile(), seed=1)
    assert vocal.backing is None


def test_the_double_is_a_late_detuned_second_take() -> None:
    """The double alone: its loudness envelope 15–30 ms behind the lead's, its pitch a few
    cents off (so the waveforms differ)."""
    score = make_score()
    lead = _sung(-5.0, SILENT_DB).audio
    double = _sung(-5.0, SILENT_DB).backing
    assert double is not None
    start = round(score.beat_to_seconds(score.sections[1].start_beat) * SAMPLE_RATE_HZ)
    a = lead[start : start + 8 * SAMPLE_RATE_HZ]
    b = double.sum(axis=0)[start : start + 8 * SAMPLE_RATE_HZ]
    hop = SAMPLE_RATE_HZ // 1000  # 1 ms envelopes
    env_a = librosa.feature.rms(y=a, frame_length=8 * hop, hop_length=hop)[0]
    env_b = librosa.feature.rms(y=b, frame_length=8 * hop, hop_length=hop)[0]
    env_a, env_b = env_a - env_a.mean(), env_b - env_b.mean()
    lags_ms = np.arange(0, 50)
    correlation = [float(np.dot(env_a[: env_a.size - lag], env_b[lag:])) for lag in lags_ms]
    assert 15 <= lags_ms[int(np.argmax(correlation))] <= 30
    shift = round(BackingStyle().double_delay_s * SAMPLE_RATE_HZ)
    similarity = np.corrcoef(a[: a.size - shift], b[shift:])[0, 1]
    assert similarity < 0.95


def test_the_harmony_sings_its_notes() -> None:
    """The harmony alone, measured by pyin, sits on the harmony notes (median ≤ 20 cents)."""
    score = make_score()
    vocal = _sung(SILENT_DB, -7.0)
    assert vocal.backing is not None
    audio = librosa.resample(vocal.backing.sum(axis=0), orig_sr=SAMPLE_RATE_HZ, target_sr=22_050)
    f0, voiced, _ = librosa.pyin(
        audio, fmin=80, fmax=500, sr=22_050, frame_length=2048, hop_length=512
    )
    times = librosa.times_like(f0, sr=22_050, hop_length=512)
    above = True  # range 48–64, melody sung at 45–57: room above
    errors: list[float] = []
    for phrase in score.melody:
        if not phrase.hook:
            continue
        pitches = [n.pitch for n in phrase.notes]
        beats = [n.start_beat for n in phrase.notes]
        harmony = harmony_line(pitches, beats, score.chords, A_MINOR, above=above)
        for note, pitch in zip(phrase.notes, harmony, strict=True):
            start = score.beat_to_seconds(note.start_beat) + 0.06
            end = score.beat_to_seconds(note.end_beat) - 0.04
            frames = (times >= start) & (times < end) & voiced
            target = librosa.midi_to_hz(pitch + vocal.transpose_semitones)
            errors += list(np.abs(1200 * np.log2(f0[frames] / target)))
    assert len(errors) > 20
    assert float(np.median(errors)) <= 20.0
