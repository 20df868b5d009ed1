"""One sung line: speech cut into syllables and laid out on the notes, then resynthesised.

:func:`prepare_line` speaks the text, splits it into one syllable per note group and lays
the WORLD parameters out on the output timeline: each syllable's onset consonants start at
most :data:`PRE_ONSET_MAX_S` before its note (so the syllable is heard on the beat), its vowel
is stretched or compressed to fill the note(s), and coda consonants keep their natural length
(capped). :func:`render_take` then sings that layout on any F0 — the lead notes, a detuned
double, a harmony line — so backing takes reuse the analysis of the lead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ai_artist.domain import VoiceProfile
from ai_artist.engines.voice.phonemes import Segment, Syllable, syllabify
from ai_artist.engines.voice.pitch import NATURAL, Expression, SungNote, f0_curve
from ai_artist.engines.voice.tts import TTS_SAMPLE_RATE_HZ, SpeechEngine
from ai_artist.engines.voice.world import (
    FRAME_PERIOD_MS,
    analyse,
    shape_aperiodicity,
    synthesize,
    warp_envelope,
)

FRAME_S = FRAME_PERIOD_MS / 1000.0
HOP = TTS_SAMPLE_RATE_HZ * FRAME_S
"""Speech samples per WORLD frame (110.25)."""
SPEECH_LENGTH_SCALE = 1.0
"""Speaking speed of the source speech (>1 slower: longer vowels, more analysis time)."""
PRE_ONSET_MAX_S = 0.035
"""Onset consonants start at most this long before their note (seconds)."""
MAX_ONSET_S = 0.10
"""Onset consonants are compressed to at most this length (seconds)."""
MAX_CODA_S = 0.15
"""Coda consonants are compressed to at most this length (seconds)."""
LEGATO_MAX_GAP_S = 0.3
"""Syllables closer than this are joined legato (the vowel runs into the next consonant)."""


@dataclass(frozen=True)
class LineTake:
    """A line's WORLD parameters laid out on the output timeline.

    Frame ``k`` sits at ``start_s + k * FRAME_S`` seconds (on the notes' clock); ``spans``
    holds each syllable's (audible start, end) in seconds.
    """

    start_s: float
    sp: np.ndarray
    ap: np.ndarray
    voiced: np.ndarray
    notes: tuple[SungNote, ...]
    spans: tuple[tuple[float, float], ...]

    @property
    def times_s(self) -> np.ndarray:
        return self.start_s + FRAME_S * np.arange(self.sp.shape[0])


@dataclass
class _Placed:
    """A source span placed on the output timeline (seconds)."""

    out_start_s: float
    out_end_s: float
    source: Segment
    syllable: int


def place_syllables(
    syllables: list[Syllable], notes: list[list[SungNote]]
) -> tuple[list[_Placed], list[tuple[float, float]]]:
    """Lay onsets just before, vowels on and codas after each syllable's notes (seconds).

    Returns the placed spans and each syllable's (audible start, end).
    """
    rate = float(TTS_SAMPLE_RATE_HZ)
    count = len(syllables)
    onset_s: list[float] = []
    lead_s: list[float] = []
    for j, syllable in enumerate(syllables):
        natural = sum(s.length for s in syllable.onset) / rate
        room = 0.3 if j == 0 else 0.45 * (notes[j][0].start_s - notes[j - 1][0].start_s)
        length = min(natural, MAX_ONSET_S, max(room, 0.0))
        onset_s.append(length)
        lead_s.append(min(length, PRE_ONSET_MAX_S))
    placed: list[_Placed] = []
    spans: list[tuple[float, float]] = []
    for j, syllable in enumerate(syllables):
        note_start, end_s = notes[j][0].start_s, notes[j][-1].end_s
        audible_start = note_start - lead_s[j]
        vowel_start = audible_start + onset_s[j]
        coda_s = min(sum(s.length for s in syllable.coda) / rate, MAX_CODA_S)
        if j + 1 < count:
            next_start = notes[j + 1][0].start_s - lead_s[j + 1]
            limit = next_start if next_start - end_s <= LEGATO_MAX_GAP_S else end_s + coda_s
        else:
            limit = end_s + coda_s
        vowel_end = limit - coda_s
        shortest = vowel_start + 0.6 * max(min(end_s, limit) - vowel_start, 0.02)
        if vowel_end < shortest:
            vowel_end = shortest
            coda_s = max(0.0, min(coda_s, limit - vowel_end))
        placed += _spread(syllable.onset, audible_start, vowel_start, j)
        placed.append(_Placed(vowel_start, vowel_end, syllable.vowel, j))
        placed += _spread(syllable.coda, vowel_end, vowel_end + coda_s, j)
        spans.append((audible_start, vowel_end + coda_s))
    return placed, spans


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


def prepare_line(
    text: str, notes: list[list[SungNote]], voice: VoiceProfile, engine: SpeechEngine
) -> LineTake:
    """Speak ``text`` and lay it out with one entry of ``notes`` per sung syllable."""
    speech = engine.speak(text, length_scale=SPEECH_LENGTH_SCALE)
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
    placed, spans = place_syllables(syllables, notes)
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
        first = item.source.start / HOP
        last = max(item.source.end / HOP - 1, first)
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
    return LineTake(
        start_s=float(t0),
        sp=out_sp,
        ap=out_ap,
        voiced=sounding & out_voiced,
        notes=tuple(note for group in notes for note in group),
        spans=tuple(spans),
    )


def render_take(
    take: LineTake,
    voice: VoiceProfile,
    *,
    notes: list[SungNote] | None = None,
    expression: Expression = NATURAL,
) -> np.ndarray:
    """Sing ``take`` on ``notes`` (default: its own) — float64 audio at 22050 Hz from
    ``take.start_s``."""
    f0 = f0_curve(take.times_s, list(notes or take.notes), voice, expression, frame_s=FRAME_S)
    f0[~take.voiced] = 0.0
    return synthesize(f0, take.sp, take.ap, sample_rate_hz=TTS_SAMPLE_RATE_HZ)
