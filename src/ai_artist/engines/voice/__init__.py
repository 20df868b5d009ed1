"""Voice: the embedded singer (piper or espeak-ng speech turned into singing with WORLD)."""

from ai_artist.engines.voice.sample import render_voice_sample
from ai_artist.engines.voice.sing import EmbeddedSinger, SungVocal
from ai_artist.engines.voice.tts import TTS_ENGINES, speech_engine

__all__ = ["TTS_ENGINES", "EmbeddedSinger", "SungVocal", "render_voice_sample", "speech_engine"]
