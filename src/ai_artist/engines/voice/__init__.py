"""Voice: the embedded singer (piper speech turned into singing with the WORLD vocoder)."""

from ai_artist.engines.voice.sing import EmbeddedSinger, SungVocal, render_voice_sample

__all__ = ["EmbeddedSinger", "SungVocal", "render_voice_sample"]
