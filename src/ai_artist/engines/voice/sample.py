"""An artist's voice sample: a spoken introduction, then a short sung phrase.

The introduction keeps the speech's own intonation, raised by the voice's pitch offset and
coloured by its formant shift and breathiness. The phrase is sung in the middle of the
voice's range (plus the pitch offset) with its vibrato, so two voice profiles give samples
that differ in pitch and brightness.
"""

from __future__ import annotations

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ, resample
from ai_artist.domain import VoiceProfile
from ai_artist.engines.voice.breath import breath
from ai_artist.engines.voice.line import HOP, prepare_line, render_take
from ai_artist.engines.voice.phonemes import voiced_frames
from ai_artist.engines.voice.pitch import SungNote
from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, speech_engine
from ai_artist.engines.voice.world import analyse, shape_aperiodicity, synthesize, warp_envelope

SAMPLE_LINE = "Oh, I will sing for you tonight"
SAMPLE_STEPS = (0, 2, 4, 7, 4, 2, 0, 0)
"""Semitones above the phrase's base note (range centre − 4 + pitch offset)."""
SAMPLE_BEAT_S = 0.42
PEAK = 0.5
"""Peak of the sample (−6 dBFS)."""


def sample_notes(voice: VoiceProfile) -> list[list[SungNote]]:
    """The sung phrase of the sample: one note per syllable, the last one held."""
    base = round((voice.range_low_midi + voice.range_high_midi) / 2) - 4
    base_midi = base + voice.pitch_offset_semitones
    notes = []
    for i, step in enumerate(SAMPLE_STEPS):
        start_s = 0.3 + i * SAMPLE_BEAT_S
        length_s = SAMPLE_BEAT_S * (2.5 if i == len(SAMPLE_STEPS) - 1 else 0.9)
        notes.append([SungNote(start_s, start_s + length_s, base_midi + step)])
    return notes


def render_voice_sample(
    voice: VoiceProfile, *, name: str, seed: int, tts: str = "auto"
) -> np.ndarray:
    """A short demo of ``voice``: a spoken introduction, then a sung phrase.

    Returns float32 mono ``(samples,)`` audio at :data:`SAMPLE_RATE_HZ` (about 6 s).
    ``tts`` picks the speech engine (``auto``, ``piper`` or ``espeak``).
    """
    engine = speech_engine(tts, base_voice=voice.base_voice)
    intro = f"Hi, I'm {name.strip() or 'your new artist'}. This is my voice."
    speech = engine.speak(intro)
    frames = int(speech.audio.size / HOP) + 1
    voiced = voiced_frames(speech.phones, frames=frames, hop=HOP)
    analysis = analyse(speech.audio, voiced, sample_rate_hz=TTS_SAMPLE_RATE_HZ)
    spoken = synthesize(
        analysis.f0_hz * 2.0 ** (voice.pitch_offset_semitones / 12.0),
        warp_envelope(analysis.sp, voice.formant_shift),
        shape_aperiodicity(
            analysis.ap,
            analysis.f0_hz > 0,
            breathiness=voice.breathiness,
            sample_rate_hz=TTS_SAMPLE_RATE_HZ,
        ),
        sample_rate_hz=TTS_SAMPLE_RATE_HZ,
    )
    take = prepare_line(SAMPLE_LINE, sample_notes(voice), voice, engine)
    sung = render_take(take, voice)
    rng = np.random.default_rng(seed)
    gap = np.zeros(int(0.35 * TTS_SAMPLE_RATE_HZ))
    inhale = breath(0.3, rng, level=0.03 * float(np.max(np.abs(sung))))
    lead = np.zeros(int(max(0.0, take.start_s) * TTS_SAMPLE_RATE_HZ))
    audio = np.concatenate([spoken, gap, inhale, lead, sung])
    audio *= PEAK / (float(np.max(np.abs(audio))) + 1e-12)
    out = resample(audio[np.newaxis, :].astype(np.float32), TTS_SAMPLE_RATE_HZ, SAMPLE_RATE_HZ)
    return out[0].astype(np.float32)
