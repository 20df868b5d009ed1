"""The embedded singer: piper speech re-timed and re-pitched onto the melody with WORLD.

For each phrase the lyric line is spoken by the piper voice; the phoneme alignment gives
each syllable's onset consonants, vowel and coda. Consonants keep their natural length
(up to a cap), vowels are stretched so every vowel starts on its note and lasts until the
next syllable's consonants. WORLD resynthesises the speech on the melody's F0 (octave
chosen once per song for the voice range, plus the voice's pitch offset, ~40 ms portamento
and vibrato on long notes), with the spectral envelope warped by ``formant_shift`` and the
aperiodicity raised by ``breathiness``. Voicing comes from the phonemes, not from WORLD's
tracker (the Joe voice is creaky). Same inputs and seed → identical samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import butter, sosfilt

from ai_artist.audio import SAMPLE_RATE_HZ, resample
from ai_artist.domain import LyricLine, Lyrics, Score, SyllableTiming, VoiceProfile
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.voice.phonemes import Segment, Syllable, syllabify, voiced_frames
from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, speak
from ai_artist.engines.voice.world import (
    FRAME_PERIOD_MS,
    analyse,
    shape_aperiodicity,
    synthesize,
    warp_envelope,
)
from ai_artist.errors import InputError

FRAME_S = FRAME_PERIOD_MS / 1000.0
HOP = TTS_SAMPLE_RATE_HZ * FRAME_S  # samples per WORLD frame (110.25)
SPEECH_LENGTH_SCALE = 1.0  # piper speed; >1 gives longer vowels but costs TTS + analysis time
MAX_CONSONANT_S = 0.15
PORTAMENTO_S = 0.04
VIBRATO_MIN_NOTE_S = 0.4
LEGATO_MAX_GAP_S = 0.3
TAIL_S = 2.0
PEAK = 0.5  # dry vocal peak (−6 dBFS); the mix sets the level


@dataclass(frozen=True)
class SungNote:
    """A note to sing: times in seconds, pitch as a (fractional) MIDI number, velocity 1–127."""

    start_s: float
    end_s: float
    midi: float
    velocity: int = 90


@dataclass(frozen=True)
class SungVocal:
    """A dry vocal: float32 mono ``(samples,)`` audio and the lyrics with their timings."""

    audio: np.ndarray
    sample_rate_hz: int
    lyrics: Lyrics
    transpose_semitones: float


@dataclass
class _Placed:
    """A source span placed on the output timeline (seconds, relative to the song)."""

    out_start_s: float
    out_end_s: float
    source: Segment
    syllable: int


def choose_octave(pitches: list[int], voice: VoiceProfile) -> int:
    """Octave shift (in semitones, a multiple of 12) that best fits the voice's range."""
    low, high = voice.range_low_midi, voice.range_high_midi
    centre = (low + high) / 2.0
    best: tuple[float, int] | None = None
    for octaves in (0, -1, 1, -2, 2):
        shifted = np.asarray(pitches, dtype=float) + 12 * octaves
        outside = np.maximum(low - shifted, 0) + np.maximum(shifted - high, 0)
        cost = float(outside.sum()) + 0.01 * abs(float(np.median(shifted)) - centre)
        if best is None or cost < best[0] - 1e-9:
            best = (cost, 12 * octaves)
    return best[1] if best else 0


def _place(
    syllables: list[Syllable], notes: list[list[SungNote]]
) -> tuple[list[_Placed], list[tuple[float, float]]]:
    """Place onsets before, vowels on, codas after each syllable's notes (seconds)."""
    count = len(syllables)
    rate = float(TTS_SAMPLE_RATE_HZ)
    onset_s = []
    for j, syllable in enumerate(syllables):
        natural = sum(s.length for s in syllable.onset) / rate
        room = 0.2 if j == 0 else 0.45 * (notes[j][0].start_s - notes[j - 1][0].start_s)
        onset_s.append(min(natural, MAX_CONSONANT_S, max(room, 0.0)))
    placed: list[_Placed] = []
    timings: list[tuple[float, float]] = []
    for j, syllable in enumerate(syllables):
        start_s, end_s = notes[j][0].start_s, notes[j][-1].end_s
        natural_coda = sum(s.length for s in syllable.coda) / rate
        coda_s = min(natural_coda, MAX_CONSONANT_S)
        if j + 1 < count:
            next_onset = notes[j + 1][0].start_s - onset_s[j + 1]
            legato = next_onset - end_s <= LEGATO_MAX_GAP_S
            limit = next_onset if legato else end_s + coda_s
        else:
            limit = end_s + coda_s
        vowel_end = limit - coda_s
        shortest = start_s + 0.6 * max(min(end_s, limit) - start_s, 0.02)
        if vowel_end < shortest:
            vowel_end = shortest
            coda_s = max(0.0, min(coda_s, limit - vowel_end))
        cursor = start_s - onset_s[j]
        placed += _spread(syllable.onset, cursor, start_s, j)
        placed.append(_Placed(start_s, vowel_end, syllable.vowel, j))
        placed += _spread(syllable.coda, vowel_end, vowel_end + coda_s, j)
        timings.append((start_s, vowel_end + coda_s))
    return placed, timings


def _spread(segments: list[Segment], start_s: float, end_s: float, syllable: int) -> list[_Placed]:
    """Consonant segments laid out in order over [start_s, end_s), scaled together."""
    total = sum(s.length for s in segments)
    if total <= 0 or end_s - start_s <= FRAME_S / 2:
        return []
    scale = (end_s - start_s) / total
    out, cursor = [], start_s
    for segment in segments:
        length = segment.length * scale
        out.append(_Placed(cursor, cursor + length, segment, syllable))
        cursor += length
    return out


def _f0_curve(times_s: np.ndarray, notes: list[SungNote], voice: VoiceProfile) -> np.ndarray:
    """Target F0 (Hz) per frame: note steps with portamento and vibrato on long notes."""
    starts = np.array([n.start_s for n in notes])
    index = np.clip(np.searchsorted(starts, times_s, side="right") - 1, 0, len(notes) - 1)
    midi = np.array([n.midi for n in notes])[index]
    width = max(3, round(PORTAMENTO_S / FRAME_S) | 1)
    window = np.hanning(width + 2)[1:-1]
    window /= window.sum()
    padded = np.pad(midi, (width // 2, width // 2), mode="edge")
    midi = np.convolve(padded, window, mode="valid")
    depth = voice.vibrato_depth_cents / 100.0
    if depth > 0:
        for note in notes:
            if note.end_s - note.start_s < VIBRATO_MIN_NOTE_S:
                continue
            inside = (times_s >= note.start_s) & (times_s < note.end_s)
            since = times_s[inside] - note.start_s
            ramp = np.clip((since - 0.15) / 0.3, 0.0, 1.0)
            midi[inside] += depth * ramp * np.sin(2 * np.pi * voice.vibrato_rate_hz * since)
    return 440.0 * 2.0 ** ((midi - 69.0) / 12.0)


def sing_line(
    text: str, notes: list[list[SungNote]], voice: VoiceProfile
) -> tuple[np.ndarray, float, list[tuple[float, float]]]:
    """Sing ``text`` with one entry of ``notes`` per sung syllable.

    Returns audio (float64 at :data:`TTS_SAMPLE_RATE_HZ`), its start time in seconds and
    (start_s, end_s) of every syllable (vowel onset on the note start).
    """
    speech = speak(text, voice_name=voice.base_voice, length_scale=SPEECH_LENGTH_SCALE)
    syllables = syllabify(speech.phones, len(notes))
    source_frames = int(speech.audio.size / HOP) + 1
    voiced = np.zeros(source_frames, dtype=bool)
    for syllable in syllables:
        for segment in [*syllable.onset, syllable.vowel, *syllable.coda]:
            if segment.voiced:
                voiced[int(np.ceil(segment.start / HOP)) : int(segment.end / HOP) + 1] = True
    analysis = analyse(speech.audio, voiced, sample_rate_hz=TTS_SAMPLE_RATE_HZ)
    frames = analysis.sp.shape[0]
    sp = warp_envelope(analysis.sp, voice.formant_shift)
    ap = shape_aperiodicity(
        analysis.ap,
        voiced[:frames],
        breathiness=voice.breathiness,
        sample_rate_hz=TTS_SAMPLE_RATE_HZ,
    )
    placed, timings = _place(syllables, notes)
    t0 = min(p.out_start_s for p in placed) - 0.02
    t1 = max(p.out_end_s for p in placed) + 0.05
    times = t0 + FRAME_S * np.arange(int(np.ceil((t1 - t0) / FRAME_S)) + 1)
    position = np.full(times.size, -1.0)
    out_voiced = np.zeros(times.size, dtype=bool)
    owner = np.zeros(times.size, dtype=int)
    for item in placed:
        lo, hi = np.searchsorted(times, [item.out_start_s, item.out_end_s])
        if hi <= lo:
            continue
        fraction = (times[lo:hi] - item.out_start_s) / (item.out_end_s - item.out_start_s)
        first, last = (
            item.source.start / HOP,
            max(item.source.end / HOP - 1, item.source.start / HOP),
        )
        position[lo:hi] = first + fraction * (last - first)
        out_voiced[lo:hi] = item.source.voiced
        owner[lo:hi] = item.syllable
    sounding = position >= 0
    position = np.clip(position, 0, frames - 1)
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, frames - 1)
    weight = (position - low)[:, None]
    out_sp = sp[low] * (1 - weight) + sp[high] * weight
    out_ap = ap[low] * (1 - weight) + ap[high] * weight
    gains = np.array([0.6 + 0.4 * group[0].velocity / 127.0 for group in notes])
    out_sp *= (gains[owner] ** 2)[:, None]
    out_sp[~sounding] = 1e-12
    out_ap[~sounding] = 1.0
    flat = [note for group in notes for note in group]
    f0 = _f0_curve(times, flat, voice)
    f0[~(sounding & out_voiced)] = 0.0
    audio = synthesize(f0, out_sp, out_ap, sample_rate_hz=TTS_SAMPLE_RATE_HZ)
    return audio, float(t0), timings


def _breath(duration_s: float, rng: np.random.Generator, *, level: float) -> np.ndarray:
    """Soft band-passed noise with a rise-and-fall envelope (an in-breath)."""
    count = int(duration_s * TTS_SAMPLE_RATE_HZ)
    noise = rng.standard_normal(count)
    sos = butter(2, [700.0, 5000.0], btype="bandpass", fs=TTS_SAMPLE_RATE_HZ, output="sos")
    shaped = sosfilt(sos, noise)
    envelope = np.sin(np.linspace(0.0, np.pi, count)) ** 2
    shaped = shaped * envelope
    return level * shaped / (np.max(np.abs(shaped)) + 1e-12)


class EmbeddedSinger:
    """Offline singer: piper TTS + WORLD vocoder."""

    name = "embedded-piper-world"

    def sing(self, score: Score, lyrics: Lyrics, voice: VoiceProfile, *, seed: int) -> SungVocal:
        """The dry lead vocal of ``score`` sung with ``lyrics`` by ``voice``.

        The audio covers ``score.duration_s + 2`` seconds at :data:`SAMPLE_RATE_HZ`.
        """
        if not score.melody:
            raise InputError("the score has no vocal melody to sing")
        transpose = (
            choose_octave([n.pitch for p in score.melody for n in p.notes], voice)
            + voice.pitch_offset_semitones
        )
        rng = np.random.default_rng(seed)
        total = round((score.duration_s + TAIL_S) * TTS_SAMPLE_RATE_HZ)
        buffer = np.zeros(total)
        lines: list[LyricLine] = []
        previous_end_s = 0.0
        for line in sorted(lyrics.lines, key=lambda item: item.phrase_index):
            if not 0 <= line.phrase_index < len(score.melody):
                raise InputError(
                    f"lyric line {line.text!r} points at missing phrase {line.phrase_index}"
                )
            phrase = score.melody[line.phrase_index]
            if len(line.syllables) != len(phrase.notes):
                raise InputError(
                    f"lyric line {line.phrase_index} has {len(line.syllables)} syllables for "
                    f"{len(phrase.notes)} notes; they must match"
                )
            groups: list[list[SungNote]] = []
            texts: list[str] = []
            for syllable, note in zip(line.syllables, phrase.notes, strict=True):
                sung = SungNote(
                    score.beat_to_seconds(note.start_beat),
                    score.beat_to_seconds(note.end_beat),
                    note.pitch + transpose,
                    note.velocity,
                )
                if syllable == MELISMA and groups:
                    groups[-1].append(sung)
                else:
                    groups.append([sung])
                    texts.append(syllable)
            audio, start_s, spans = sing_line(line.text, groups, voice)
            if start_s - previous_end_s > 0.6:
                breath = _breath(0.3, rng, level=0.03 * float(np.max(np.abs(audio))))
                self._add(buffer, breath, start_s - 0.33)
            self._add(buffer, audio, start_s)
            previous_end_s = start_s + audio.size / TTS_SAMPLE_RATE_HZ
            timings = [
                SyllableTiming(text=text, start_s=round(a, 4), end_s=round(b, 4))
                for text, (a, b) in zip(texts, spans, strict=True)
            ]
            lines.append(line.model_copy(update={"timings": timings}))
        peak = float(np.max(np.abs(buffer)))
        if peak > 0:
            buffer *= PEAK / peak
        out = resample(
            buffer[np.newaxis, :].astype(np.float32), TTS_SAMPLE_RATE_HZ, SAMPLE_RATE_HZ
        )[0]
        samples = round((score.duration_s + TAIL_S) * SAMPLE_RATE_HZ)
        out = np.pad(out, (0, max(0, samples - out.size)))[:samples].astype(np.float32)
        return SungVocal(
            audio=out,
            sample_rate_hz=SAMPLE_RATE_HZ,
            lyrics=lyrics.model_copy(update={"lines": lines}),
            transpose_semitones=float(transpose),
        )

    @staticmethod
    def _add(buffer: np.ndarray, audio: np.ndarray, start_s: float) -> None:
        """Mix ``audio`` into ``buffer`` at ``start_s`` seconds (cut at both ends)."""
        offset = round(start_s * TTS_SAMPLE_RATE_HZ)
        skip = max(0, -offset)
        offset = max(0, offset)
        chunk = audio[skip : skip + max(0, buffer.size - offset)]
        buffer[offset : offset + chunk.size] += chunk


SAMPLE_LINE = "Oh, I will sing for you tonight"
SAMPLE_STEPS = (0, 2, 4, 7, 4, 2, 0, 0)  # scale steps (semitones) above the range centre − 4


def render_voice_sample(voice: VoiceProfile, *, name: str, seed: int) -> np.ndarray:
    """A short demo of ``voice``: a spoken introduction, then a sung phrase.

    Returns float32 mono ``(samples,)`` audio at :data:`SAMPLE_RATE_HZ` (about 6 s).
    """
    intro = f"Hi, I'm {name.strip() or 'your new artist'}. This is my voice."
    speech = speak(intro, voice_name=voice.base_voice)
    frames = int(speech.audio.size / HOP) + 1
    voiced = voiced_frames(speech.phones, frames=frames, hop=HOP)
    analysis = analyse(speech.audio, voiced, sample_rate_hz=TTS_SAMPLE_RATE_HZ)
    spoken_f0 = analysis.f0_hz * 2.0 ** (voice.pitch_offset_semitones / 12.0)
    spoken = synthesize(
        spoken_f0,
        warp_envelope(analysis.sp, voice.formant_shift),
        shape_aperiodicity(
            analysis.ap,
            analysis.f0_hz > 0,
            breathiness=voice.breathiness,
            sample_rate_hz=TTS_SAMPLE_RATE_HZ,
        ),
        sample_rate_hz=TTS_SAMPLE_RATE_HZ,
    )
    base = round((voice.range_low_midi + voice.range_high_midi) / 2) - 4
    beat_s = 0.42
    groups = [
        [SungNote(i * beat_s, i * beat_s + beat_s * (2.5 if i == 7 else 0.9), base + step)]
        for i, step in enumerate(SAMPLE_STEPS)
    ]
    offset = voice.pitch_offset_semitones
    groups = [[SungNote(n.start_s + 0.3, n.end_s + 0.3, n.midi + offset)] for [n] in groups]
    sung, start_s, _ = sing_line(SAMPLE_LINE, groups, voice)
    rng = np.random.default_rng(seed)
    gap = np.zeros(int(0.35 * TTS_SAMPLE_RATE_HZ))
    breath = _breath(0.3, rng, level=0.03 * float(np.max(np.abs(sung))))
    lead = np.zeros(int(max(0.0, start_s) * TTS_SAMPLE_RATE_HZ))
    audio = np.concatenate([spoken, gap, breath, lead, sung])
    audio *= PEAK / (float(np.max(np.abs(audio))) + 1e-12)
    return resample(audio[np.newaxis, :].astype(np.float32), TTS_SAMPLE_RATE_HZ, SAMPLE_RATE_HZ)[
        0
    ].astype(np.float32)
