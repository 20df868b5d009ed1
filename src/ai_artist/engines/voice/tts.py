"""Speech engines the singer starts from: spoken audio plus every phoneme's length.

Two embedded engines share the :class:`SpeechEngine` protocol: the neural piper voice
(:mod:`ai_artist.engines.voice.piper`) and the espeak-ng formant voice
(:mod:`ai_artist.engines.voice.espeak`). :func:`speech_engine` picks one by name;
``"auto"`` takes piper and falls back to espeak-ng (logged) when piper cannot load.
Both are deterministic: the same text always gives the same samples.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from ai_artist.errors import InputError, ProviderError

TTS_SAMPLE_RATE_HZ = 22_050
"""Sample rate of every embedded speech engine (Hz)."""

TTS_ENGINES = ("auto", "piper", "espeak")
"""Accepted speech engine names; ``auto`` = piper, else espeak-ng."""

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Phone:
    """One phoneme (an IPA symbol, or a pause/stress/length mark) and its length in samples."""

    symbol: str
    samples: int


@dataclass(frozen=True)
class Speech:
    """Spoken audio (float32 mono at ``sample_rate_hz``) and its phonemes, in order."""

    audio: np.ndarray
    phones: tuple[Phone, ...]
    sample_rate_hz: int = TTS_SAMPLE_RATE_HZ


@runtime_checkable
class SpeechEngine(Protocol):
    """Speaks text with per-phoneme timing at :data:`TTS_SAMPLE_RATE_HZ`."""

    name: str

    def speak(self, text: str, *, length_scale: float = 1.0) -> Speech:
        """Speak ``text``; ``length_scale`` > 1 speaks slower."""
        ...


def speech_engine(name: str = "auto", *, base_voice: str = "joe") -> SpeechEngine:
    """The speech engine ``name`` (one of :data:`TTS_ENGINES`) for ``base_voice``.

    ``auto`` loads piper and falls back to espeak-ng when piper (or its voice) cannot load.
    """
    if name not in TTS_ENGINES:
        raise InputError(f"unknown speech engine {name!r}; accepted: {', '.join(TTS_ENGINES)}")
    return _engine(name, base_voice)


@lru_cache(maxsize=8)
def _engine(name: str, base_voice: str) -> SpeechEngine:
    from ai_artist.engines.voice.espeak import EspeakSpeech
    from ai_artist.engines.voice.piper import PiperSpeech

    if name == "espeak":
        return EspeakSpeech()
    if name == "piper":
        return PiperSpeech(base_voice)
    try:
        return PiperSpeech(base_voice)
    except ProviderError as error:
        _LOG.warning("piper is unavailable (%s); singing with espeak-ng instead", error)
        return EspeakSpeech()


def check_alignment(phones: list[Phone], audio_samples: int) -> tuple[Phone, ...]:
    """Phones whose lengths add up to ``audio_samples`` (the last one absorbs any rest)."""
    total = sum(p.samples for p in phones)
    if phones and total != audio_samples:
        _LOG.debug("alignment covers %d of %d samples", total, audio_samples)
        last = phones[-1]
        phones[-1] = Phone(last.symbol, max(0, last.samples + audio_samples - total))
    return tuple(phones)
