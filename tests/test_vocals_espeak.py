"""The espeak-ng speech engine: phoneme timing, singing with it, and the automatic fallback
when piper cannot load."""

from __future__ import annotations

from collections.abc import Iterator

import librosa
import numpy as np
import pytest
from tests.factories import make_artist, make_plan, make_score

from ai_artist.audio import SAMPLE_RATE_HZ
from ai_artist.domain import VoiceProfile
from ai_artist.engines.lyrics import EmbeddedWriter
from ai_artist.engines.voice import EmbeddedSinger, speech_engine
from ai_artist.engines.voice import piper as piper_module
from ai_artist.engines.voice import tts as tts_module
from ai_artist.engines.voice.espeak import EspeakSpeech
from ai_artist.engines.voice.phonemes import VOWELS, syllabify
from ai_artist.errors import InputError, ProviderError


@pytest.fixture
def fresh_engines() -> Iterator[None]:
    """Forget loaded engines before and after the test."""
    load_voice = piper_module.load_voice
    tts_module._engine.cache_clear()
    load_voice.cache_clear()
    yield
    tts_module._engine.cache_clear()
    load_voice.cache_clear()


def test_espeak_speech_has_phoneme_timing() -> None:
    speech = EspeakSpeech().speak("Neon rain, I run by the glow")
    assert speech.sample_rate_hz == 22_050
    assert speech.audio.dtype == np.float32 and 0.5 < speech.audio.size / 22_050 < 4.0
    assert sum(p.samples for p in speech.phones) == speech.audio.size
    vowels = [p for p in speech.phones if p.symbol in VOWELS and p.samples > 0]
    assert len(vowels) >= 7
    assert len(syllabify(speech.phones, 8)) == 8
    again = EspeakSpeech().speak("Neon rain, I run by the glow")
    assert np.array_equal(speech.audio, again.audio)
    slow = EspeakSpeech().speak("Neon rain, I run by the glow", length_scale=1.5)
    assert slow.audio.size > 1.3 * speech.audio.size


def test_singing_with_espeak_follows_the_notes() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    singer = EmbeddedSinger(tts="espeak")
    assert singer.name == "embedded-espeak-world"
    vocal = singer.sing(score, lyrics, VoiceProfile(), seed=1)
    assert np.array_equal(vocal.audio, singer.sing(score, lyrics, VoiceProfile(), seed=1).audio)
    audio = librosa.resample(vocal.audio, orig_sr=SAMPLE_RATE_HZ, target_sr=22_050)
    f0, voiced, _ = librosa.pyin(
        audio, fmin=70, fmax=400, sr=22_050, frame_length=2048, hop_length=512
    )
    times = librosa.times_like(f0, sr=22_050, hop_length=512)
    errors: list[float] = []
    for phrase in score.melody:
        for note in phrase.notes:
            start = score.beat_to_seconds(note.start_beat) + 0.06
            frames = (times >= start) & (times < score.beat_to_seconds(note.end_beat) - 0.03)
            target = librosa.midi_to_hz(note.pitch + vocal.transpose_semitones)
            errors += list(np.abs(1200 * np.log2(f0[frames & voiced] / target)))
    assert len(errors) > 40
    assert float(np.median(errors)) <= 15.0
    assert float(np.mean(np.array(errors) <= 50.0)) >= 0.9


def test_auto_falls_back_to_espeak_when_piper_cannot_load(
    fresh_engines: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str = "joe") -> None:
        raise ProviderError("onnxruntime is missing", provider="piper")

    monkeypatch.setattr(piper_module, "load_voice", broken)
    assert speech_engine("auto").name == "espeak"
    with pytest.raises(ProviderError, match="onnxruntime"):
        speech_engine("piper")


def test_auto_prefers_piper(fresh_engines: None) -> None:
    assert speech_engine("auto").name == "piper"
    with pytest.raises(InputError, match="accepted: auto, piper, espeak"):
        speech_engine("festival")
