"""Where the chorus is: the window used for the preview MP3 and the vertical short.

From the score's sections when there is a score (the first chorus that is sung), else from
the analysis' section boundaries (the loudest section of the audio), else the loudest window
of the audio. Times are seconds from the start of the song.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from ai_artist.domain import Analysis, Score
from ai_artist.errors import InputError

LEAD_IN_S = 0.5
"""A window starts this long before the chorus so its first beat is not clipped (seconds)."""

_ENERGY_RATE_HZ = 20


@dataclass(frozen=True)
class Window:
    """A span of the song (seconds) and what it was found from: ``score``, ``analysis``,
    ``energy`` (loudest window) or ``position`` (a third into the song)."""

    start_s: float
    end_s: float
    source: str

    @property
    def duration_s(self) -> float:
        return round(self.end_s - self.start_s, 3)


def chorus_span(score: Score | None) -> tuple[float, float] | None:
    """(start, end) seconds of the first sung chorus of ``score`` (else of any chorus)."""
    if score is None:
        return None
    beat = 0.0
    spans: list[tuple[float, float, bool]] = []
    for section in score.sections:
        length = section.bars * score.beats_per_bar
        if "chorus" in section.name.lower() and "pre" not in section.name.lower():
            spans.append(
                (score.beat_to_seconds(beat), score.beat_to_seconds(beat + length), section.vocal)
            )
        beat += length
    for start_s, end_s, vocal in spans:
        if vocal:
            return start_s, end_s
    return (spans[0][0], spans[0][1]) if spans else None


def _energy(audio: np.ndarray, sample_rate_hz: int) -> np.ndarray:
    """Mean power per 50 ms frame of ``(channels, samples)`` audio."""
    mono = np.asarray(audio, dtype=np.float64)
    mono = mono.mean(axis=0) if mono.ndim == 2 else mono
    hop = max(1, sample_rate_hz // _ENERGY_RATE_HZ)
    frames = mono[: mono.size // hop * hop].reshape(-1, hop)
    return np.mean(frames**2, axis=1)


def _loudest_section(
    boundaries_s: list[float], energy: np.ndarray, duration_s: float
) -> tuple[float, float] | None:
    edges = [0.0, *sorted(b for b in boundaries_s if 0.0 < b < duration_s), duration_s]
    best: tuple[float, float] | None = None
    best_power = -1.0
    for start_s, end_s in itertools.pairwise(edges):
        if end_s - start_s < 4.0:
            continue
        part = energy[int(start_s * _ENERGY_RATE_HZ) : int(end_s * _ENERGY_RATE_HZ)]
        power = float(part.mean()) if part.size else 0.0
        if power > best_power:
            best, best_power = (start_s, end_s), power
    return best


def _loudest_window(energy: np.ndarray, length_s: float) -> float:
    frames = max(1, int(length_s * _ENERGY_RATE_HZ))
    if energy.size <= frames:
        return 0.0
    sums = np.convolve(energy, np.ones(frames), mode="valid")
    return float(np.argmax(sums)) / _ENERGY_RATE_HZ


def _fit(start_s: float, length_s: float, duration_s: float, source: str) -> Window:
    """A window of ``length_s`` starting near ``start_s`` and kept inside the song."""
    length_s = min(length_s, duration_s)
    start_s = min(max(0.0, start_s), duration_s - length_s)
    return Window(round(start_s, 3), round(start_s + length_s, 3), source)


def chorus_window(
    *,
    duration_s: float,
    length_s: float | tuple[float, float] = 30.0,
    score: Score | None = None,
    analysis: Analysis | None = None,
    audio: np.ndarray | None = None,
    sample_rate_hz: int = 44_100,
) -> Window:
    """The chorus window of a song of ``duration_s`` seconds.

    ``length_s`` is a fixed length (the preview: 30 s) or a ``(shortest, longest)`` range
    (the short: 15–30 s), in which case the window follows the chorus' own length. The window
    starts ``LEAD_IN_S`` before the chorus and is moved to stay within the song; a song
    shorter than the window gives the whole song. Without a score the loudest analysed
    section is taken (``audio`` is ``(channels, samples)`` at ``sample_rate_hz``), and without
    boundaries the loudest window.
    """
    if duration_s <= 0:
        raise InputError(f"duration_s must be positive, got {duration_s}")
    shortest, longest = (length_s, length_s) if isinstance(length_s, float | int) else length_s
    if not 0 < shortest <= longest:
        raise InputError(f"window length must be positive and ordered, got {length_s}")

    def sized(span_s: float) -> float:
        return float(np.clip(span_s, shortest, longest))

    span = chorus_span(score)
    if span is not None:
        start_s, end_s = span
        return _fit(start_s - LEAD_IN_S, sized(end_s - start_s + LEAD_IN_S), duration_s, "score")
    if audio is not None and np.size(audio):
        energy = _energy(audio, sample_rate_hz)
        if analysis is not None and analysis.section_boundaries_s:
            section = _loudest_section(analysis.section_boundaries_s, energy, duration_s)
            if section is not None:
                length = sized(section[1] - section[0] + LEAD_IN_S)
                return _fit(section[0] - LEAD_IN_S, length, duration_s, "analysis")
        return _fit(_loudest_window(energy, longest), longest, duration_s, "energy")
    return _fit(duration_s / 3.0, longest, duration_s, "position")
