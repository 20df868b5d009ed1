"""The embedded singer: speech re-timed and re-pitched onto the melody with WORLD.

For each phrase the lyric line is spoken (piper, or espeak-ng when piper is unavailable);
the phoneme alignment gives every syllable's onset consonants, vowel and coda, which
:mod:`ai_artist.engines.voice.line` lays out on the notes. The melody is sung in the octave
that suits the voice's range (never transposed out of the song's key); WORLD resynthesises
it with portamento and vibrato, the voice's formant shift and breathiness. Breaths fill the
gaps between phrases. Chorus (hook) phrases also get backing vocals — a doubled lead and a
harmony line (:mod:`ai_artist.engines.voice.backing`) — returned as a separate stereo stem.
Lines sung twice with the same words and notes (repeated choruses) are rendered once.
Same inputs and seed → identical samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ, resample
from ai_artist.domain import LyricLine, Lyrics, Score, SyllableTiming, VoiceProfile
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.voice.backing import BackingStyle, harmony_above, harmony_line
from ai_artist.engines.voice.breath import breath
from ai_artist.engines.voice.line import LineTake, prepare_line, render_take
from ai_artist.engines.voice.pitch import SungNote, choose_octave
from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, SpeechEngine, speech_engine
from ai_artist.errors import InputError

TAIL_S = 2.0
"""Silence kept after the last bar for reverb tails (seconds)."""
PEAK = 0.5
"""Peak of the dry lead vocal (−6 dBFS); the mix sets the level."""
BREATH_MIN_GAP_S = 0.6
"""A breath is drawn before phrases that follow at least this much silence (seconds)."""


@dataclass(frozen=True)
class SungVocal:
    """Dry vocals at ``sample_rate_hz`` and the lyrics with their sung timings.

    ``audio``: the lead, float32 mono ``(samples,)``. ``backing``: chorus doubles and
    harmony, float32 stereo ``(2, samples)`` of the same length, or None when the song has
    no chorus (or backing was turned off). ``transpose_semitones``: octave shift applied to
    the written melody for the voice's range.
    """

    audio: np.ndarray
    sample_rate_hz: int
    lyrics: Lyrics
    transpose_semitones: float
    backing: np.ndarray | None = None


@dataclass(frozen=True)
class _Rendered:
    take: LineTake
    lead: np.ndarray
    double: np.ndarray | None
    harmony: np.ndarray | None


def add_at(buffer: np.ndarray, audio: np.ndarray, start_s: float, *, gain: float = 1.0) -> None:
    """Mix ``audio`` into the last axis of ``buffer`` (22050 Hz) at ``start_s`` seconds."""
    offset = round(start_s * TTS_SAMPLE_RATE_HZ)
    skip = max(0, -offset)
    offset = max(0, offset)
    chunk = audio[..., skip : skip + max(0, buffer.shape[-1] - offset)]
    buffer[..., offset : offset + chunk.shape[-1]] += gain * chunk


def _pan(pan: float) -> np.ndarray:
    """Constant-power (left, right) gains for ``pan`` in −1 … 1."""
    angle = (pan + 1.0) * np.pi / 4.0
    return np.array([np.cos(angle), np.sin(angle)])


def _scale(score: Score) -> tuple[int, ...]:
    from ai_artist.engines.music.theory import SCALES, scale_pitch_classes

    return scale_pitch_classes(score.tonic_pc, score.mode if score.mode in SCALES else "major")


class EmbeddedSinger:
    """Offline singer: neural (piper) or formant (espeak-ng) speech + the WORLD vocoder.

    ``tts``: ``"auto"`` (piper, espeak-ng when piper cannot load), ``"piper"`` or
    ``"espeak"``. ``backing``: render chorus doubles and harmony.
    """

    def __init__(self, *, tts: str = "auto", backing: bool = True) -> None:
        self.tts = tts
        self.backing = backing
        self.style = BackingStyle()

    def engine(self, voice: VoiceProfile | None = None) -> SpeechEngine:
        """The speech engine this singer uses (loaded on first use)."""
        return speech_engine(self.tts, base_voice=(voice or VoiceProfile()).base_voice)

    @property
    def name(self) -> str:
        return f"embedded-{self.engine().name}-world"

    def sing(self, score: Score, lyrics: Lyrics, voice: VoiceProfile, *, seed: int) -> SungVocal:
        """Lead (and chorus backing) vocals of ``score`` sung with ``lyrics`` by ``voice``.

        The audio covers ``score.duration_s + 2`` seconds at :data:`SAMPLE_RATE_HZ`.
        """
        if not score.melody:
            raise InputError("the score has no vocal melody to sing")
        engine = self.engine(voice)
        transpose = choose_octave([n.pitch for p in score.melody for n in p.notes], voice)
        hook_pitches = [n.pitch for p in score.melody if p.hook for n in p.notes]
        above = bool(hook_pitches) and harmony_above(
            [p + transpose for p in hook_pitches], range_high_midi=voice.range_high_midi
        )
        scale_pcs = _scale(score) if hook_pitches and self.backing else ()
        rng = np.random.default_rng(seed)
        total = round((score.duration_s + TAIL_S) * TTS_SAMPLE_RATE_HZ)
        lead = np.zeros(total)
        backing = np.zeros((2, total))
        cache: dict[tuple[object, ...], _Rendered] = {}
        lines: list[LyricLine] = []
        previous_end_s = 0.0
        for line in sorted(lyrics.lines, key=lambda item: item.phrase_index):
            relative, texts = self._groups(line, score, transpose)
            phrase = score.melody[line.phrase_index]
            offset_s = score.beat_to_seconds(phrase.start_beat)
            harmony: tuple[float, ...] = ()
            if phrase.hook and self.backing:
                written = harmony_line(
                    [n.pitch for n in phrase.notes],
                    [n.start_beat for n in phrase.notes],
                    score.chords,
                    scale_pcs,
                    above=above,
                )
                harmony = tuple(float(p + transpose) for p in written)
            key = (
                line.text,
                tuple(len(g) for g in relative),
                tuple((n.start_s, n.end_s, n.midi, n.velocity) for g in relative for n in g),
                harmony,
            )
            rendered = cache.get(key)
            if rendered is None:
                rendered = self._render(line.text, relative, voice, engine, harmony)
                cache[key] = rendered
            start_s = offset_s + rendered.take.start_s
            if start_s - previous_end_s > BREATH_MIN_GAP_S:
                level = 0.03 * float(np.max(np.abs(rendered.lead)))
                add_at(lead, breath(0.3, rng, level=level), start_s - 0.33)
            add_at(lead, rendered.lead, start_s)
            if rendered.double is not None:
                delayed = start_s + self.style.double_delay_s
                gain = 10 ** (self.style.double_gain_db / 20)
                add_at(
                    backing,
                    _pan(self.style.double_pan)[:, None] * rendered.double[None],
                    delayed,
                    gain=gain,
                )
            if rendered.harmony is not None:
                gain = 10 ** (self.style.harmony_gain_db / 20)
                add_at(
                    backing,
                    _pan(self.style.harmony_pan)[:, None] * rendered.harmony[None],
                    start_s,
                    gain=gain,
                )
            previous_end_s = start_s + rendered.lead.size / TTS_SAMPLE_RATE_HZ
            timings = [
                SyllableTiming(
                    text=text, start_s=round(offset_s + a, 4), end_s=round(offset_s + b, 4)
                )
                for text, (a, b) in zip(texts, rendered.take.spans, strict=True)
            ]
            lines.append(line.model_copy(update={"timings": timings}))
        peak = float(np.max(np.abs(lead)))
        gain = PEAK / peak if peak > 0 else 1.0
        samples = round((score.duration_s + TAIL_S) * SAMPLE_RATE_HZ)
        has_backing = bool(np.any(backing))
        return SungVocal(
            audio=self._to_output(lead[np.newaxis] * gain, samples)[0],
            sample_rate_hz=SAMPLE_RATE_HZ,
            lyrics=lyrics.model_copy(update={"lines": lines}),
            transpose_semitones=float(transpose),
            backing=self._to_output(backing * gain, samples) if has_backing else None,
        )

    def _render(
        self,
        text: str,
        groups: list[list[SungNote]],
        voice: VoiceProfile,
        engine: SpeechEngine,
        harmony: tuple[float, ...],
    ) -> _Rendered:
        take = prepare_line(text, groups, voice, engine)
        lead = render_take(take, voice)
        if not harmony:
            return _Rendered(take, lead, None, None)
        double = render_take(take, voice, expression=self.style.double_expression)
        harmony_notes = [n.shifted(0.0, midi=m) for n, m in zip(take.notes, harmony, strict=True)]
        sung = render_take(
            take, voice, notes=harmony_notes, expression=self.style.harmony_expression
        )
        return _Rendered(take, lead, double, sung)

    @staticmethod
    def _groups(
        line: LyricLine, score: Score, transpose: int
    ) -> tuple[list[list[SungNote]], list[str]]:
        """Notes grouped per sung syllable, and the syllables.

        Note times are seconds from the phrase's first note (so repeated phrases match
        exactly); pitches are sung MIDI numbers.
        """
        if not 0 <= line.phrase_index < len(score.melody):
            raise InputError(
                f"lyric line {line.text!r} points at missing phrase {line.phrase_index}; "
                f"the score has phrases 0 to {len(score.melody) - 1}"
            )
        phrase = score.melody[line.phrase_index]
        if len(line.syllables) != len(phrase.notes):
            raise InputError(
                f"lyric line {line.phrase_index} ({line.text!r}) has {len(line.syllables)} "
                f"syllables for {len(phrase.notes)} notes; they must match"
            )
        if not line.syllables or line.syllables[0] == MELISMA:
            raise InputError(
                f"lyric line {line.phrase_index} ({line.text!r}) starts with a melisma mark "
                f"'{MELISMA}'; the first note needs a syllable"
            )
        groups: list[list[SungNote]] = []
        texts: list[str] = []
        first_beat = phrase.start_beat
        for syllable, note in zip(line.syllables, phrase.notes, strict=True):
            sung = SungNote(
                score.beat_to_seconds(note.start_beat - first_beat),
                score.beat_to_seconds(note.end_beat - first_beat),
                float(note.pitch + transpose),
                note.velocity,
            )
            if syllable == MELISMA:
                groups[-1].append(sung)
            else:
                groups.append([sung])
                texts.append(syllable)
        return groups, texts

    @staticmethod
    def _to_output(audio: np.ndarray, samples: int) -> np.ndarray:
        """``(channels, n)`` audio at 22050 Hz → float32 at 44100 Hz, exactly ``samples`` long."""
        out = resample(audio.astype(np.float32), TTS_SAMPLE_RATE_HZ, SAMPLE_RATE_HZ)
        out = np.pad(out, ((0, 0), (0, max(0, samples - out.shape[1]))))[:, :samples]
        return np.ascontiguousarray(out, dtype=np.float32)
