"""The embedded singer: pitch on the notes (measured by pyin), syllables and LRC lines on time
(measured from the audio), deterministic, and two voices that sound different."""

from __future__ import annotations

from functools import lru_cache

import librosa
import numpy as np
from tests.factories import make_artist, make_plan, make_score

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.domain import VoiceProfile
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics import EmbeddedWriter, parse_lrc, to_lrc
from ai_artist.engines.voice import EmbeddedSinger, SungVocal, render_voice_sample
from ai_artist.engines.voice.pitch import choose_octave

VOICE = VoiceProfile(vibrato_depth_cents=35.0, vibrato_rate_hz=5.8, breathiness=0.2)
"""A voice with a deeper vibrato than the default (the persona draws 15–45 cents)."""
ANALYSIS_RATE_HZ = 22_050
HOP = 512


@lru_cache(maxsize=2)
def _sung() -> SungVocal:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    return EmbeddedSinger().sing(score, lyrics, VOICE, seed=1)


@lru_cache(maxsize=2)
def _pitch() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """pyin F0 (Hz), voiced flags and frame times (s) of the dry lead."""
    audio = librosa.resample(_sung().audio, orig_sr=SAMPLE_RATE_HZ, target_sr=ANALYSIS_RATE_HZ)
    f0, voiced, _ = librosa.pyin(
        audio, fmin=70, fmax=400, sr=ANALYSIS_RATE_HZ, frame_length=2048, hop_length=HOP
    )
    return f0, voiced, librosa.times_like(f0, sr=ANALYSIS_RATE_HZ, hop_length=HOP)


def _rms_db(audio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RMS envelope (dB re the loudest frame) with 5 ms hops, and its frame times (s)."""
    hop = SAMPLE_RATE_HZ // 200
    rms = librosa.feature.rms(y=audio, frame_length=4 * hop, hop_length=hop, center=True)[0]
    times = librosa.times_like(rms, sr=SAMPLE_RATE_HZ, hop_length=hop)
    return 20 * np.log10(rms / rms.max() + 1e-9), times


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


def test_pitch_follows_the_notes_within_15_cents() -> None:
    """Median |error| ≤ 15 cents and ≥ 90 % of voiced frames within 50 cents (pyin)."""
    score = make_score()
    vocal = _sung()
    f0, voiced, times = _pitch()
    errors: list[float] = []
    inside = 0
    for phrase in score.melody:
        for note in phrase.notes:
            start = score.beat_to_seconds(note.start_beat) + 0.05
            end = score.beat_to_seconds(note.end_beat) - 0.03
            frames = (times >= start) & (times < end)
            inside += int(frames.sum())
            sung = frames & voiced
            target_hz = librosa.midi_to_hz(note.pitch + vocal.transpose_semitones)
            errors += list(np.abs(1200 * np.log2(f0[sung] / target_hz)))
    cents = np.array(errors)
    assert cents.size > 0.8 * inside  # the notes are voiced
    assert float(np.median(cents)) <= 15.0
    assert float(np.mean(cents <= 50.0)) >= 0.90


def test_each_syllable_starts_within_40_ms_of_its_note() -> None:
    score = make_score()
    for line in _sung().lyrics.lines:
        notes = score.melody[line.phrase_index].notes
        sung_notes = [n for n, s in zip(notes, line.syllables, strict=True) if s != MELISMA]
        assert len(line.timings) == len(sung_notes)
        for timing, note in zip(line.timings, sung_notes, strict=True):
            assert abs(timing.start_s - score.beat_to_seconds(note.start_beat)) <= 0.04
            assert timing.end_s > timing.start_s


def test_lrc_line_times_match_the_sung_onsets_within_50_ms() -> None:
    """Line onsets measured on the audio (RMS rising 20 dB under the line's peak)."""
    score = make_score()
    vocal = _sung()
    lrc = to_lrc(vocal.lyrics, artist="Nova Vale", title="Neon Rain", duration_s=score.duration_s)
    stamps = [time_s for time_s, _ in parse_lrc(lrc)]
    level_db, times = _rms_db(vocal.audio)
    assert len(stamps) == len(score.melody)
    for stamp, line in zip(
        stamps, sorted(vocal.lyrics.lines, key=lambda x: x.phrase_index), strict=True
    ):
        window = (times >= stamp - 0.3) & (times <= line.timings[-1].end_s)
        peak_db = float(level_db[window].max())
        rising = np.flatnonzero(window & (level_db >= peak_db - 20.0))
        onset_s = float(times[rising[0]])
        assert abs(onset_s - stamp) <= 0.05, (line.text, stamp, onset_s)


def test_breaths_between_phrases() -> None:
    """A soft breath (well under the singing) sits in the rest before each later phrase."""
    score = make_score()
    level_db, times = _rms_db(_sung().audio)
    for phrase in score.melody[1:]:
        start = score.beat_to_seconds(phrase.start_beat)
        before = (times > start - 0.3) & (times < start - 0.1)
        assert -60.0 < float(level_db[before].max()) < -20.0


def test_singing_is_deterministic() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    again = EmbeddedSinger().sing(score, lyrics, VOICE, seed=1)
    assert np.array_equal(again.audio, _sung().audio)
    assert again.backing is not None and _sung().backing is not None
    assert np.array_equal(again.backing, _sung().backing)


def test_octave_choice_fits_the_range() -> None:
    assert (
        choose_octave([57, 60, 64, 69], VoiceProfile(range_low_midi=48, range_high_midi=64)) == -12
    )
    assert choose_octave([45, 48, 52], VoiceProfile(range_low_midi=55, range_high_midi=72)) == 12
    assert choose_octave([50, 55, 60], VoiceProfile()) == 0


def _sample_measures(voice: VoiceProfile) -> tuple[float, float]:
    """Median F0 (MIDI, pyin) and median spectral centroid (Hz) of a voice sample."""
    audio = render_voice_sample(voice, name="Nova Vale", seed=3)
    low = librosa.resample(audio, orig_sr=SAMPLE_RATE_HZ, target_sr=ANALYSIS_RATE_HZ)
    f0, voiced, _ = librosa.pyin(
        low, fmin=65, fmax=800, sr=ANALYSIS_RATE_HZ, frame_length=2048, hop_length=512
    )
    centroid = librosa.feature.spectral_centroid(y=low, sr=ANALYSIS_RATE_HZ, hop_length=512)[0]
    loud = librosa.feature.rms(y=low, hop_length=512)[0] > 0.02
    median_midi = float(librosa.hz_to_midi(np.nanmedian(f0[voiced])))
    return median_midi, float(np.median(centroid[loud[: centroid.size]]))


def test_two_artists_samples_differ_in_pitch_and_brightness() -> None:
    """Margins: median F0 at least 3 semitones apart, spectral centroid at least 10 %."""
    low_dark = VoiceProfile(
        pitch_offset_semitones=-1.5, formant_shift=0.93, range_low_midi=45, range_high_midi=58
    )
    high_bright = VoiceProfile(
        pitch_offset_semitones=2.5,
        formant_shift=1.12,
        breathiness=0.3,
        range_low_midi=52,
        range_high_midi=66,
    )
    f0_a, centroid_a = _sample_measures(low_dark)
    f0_b, centroid_b = _sample_measures(high_bright)
    assert f0_b - f0_a >= 3.0
    assert centroid_b >= 1.10 * centroid_a


def test_voice_sample_speaks_then_sings() -> None:
    audio = render_voice_sample(VoiceProfile(), name="Nova Vale", seed=3)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert 4.0 < audio.size / SAMPLE_RATE_HZ < 12.0
    assert 0.3 < float(np.max(np.abs(audio))) <= 0.51
    assert np.array_equal(audio, render_voice_sample(VoiceProfile(), name="Nova Vale", seed=3))
