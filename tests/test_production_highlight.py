"""The chorus window of the preview and the short: from the score, the analysis or the audio."""

from __future__ import annotations

import numpy as np
import pytest

from ai_artist.domain import Analysis
from ai_artist.engines.production.highlight import chorus_span, chorus_window
from ai_artist.errors import InputError
from factories import make_score

SR = 1_000  # the energy search only needs a coarse rate


def _analysis(boundaries_s: list[float]) -> Analysis:
    return Analysis(
        duration_s=60.0,
        sample_rate_hz=SR,
        tempo_bpm=100.0,
        beat_times_s=[],
        downbeat_times_s=[],
        key="A",
        mode="minor",
        key_confidence=0.5,
        integrated_lufs=-14.0,
        peak_dbfs=-1.0,
        section_boundaries_s=boundaries_s,
    )


def _loud_between(start_s: float, end_s: float) -> np.ndarray:
    t = np.arange(60 * SR) / SR
    level = np.where((t >= start_s) & (t < end_s), 0.8, 0.1)
    return (level * np.sin(2 * np.pi * 110.0 * t))[np.newaxis, :].astype(np.float32)


def test_window_starts_just_before_the_first_sung_chorus() -> None:
    score = make_score()  # verse 4 bars + chorus 4 bars at 100 BPM: chorus at 9.6 s
    assert chorus_span(score) == pytest.approx((9.6, 19.2))
    preview = chorus_window(duration_s=60.0, length_s=30.0, score=score)
    assert (preview.start_s, preview.end_s, preview.source) == (9.1, 39.1, "score")
    short = chorus_window(duration_s=60.0, length_s=(15.0, 30.0), score=score)
    assert (short.start_s, short.duration_s) == (9.1, 15.0)  # a short chorus still gives 15 s
    whole = chorus_window(duration_s=19.2, length_s=30.0, score=score)
    assert (whole.start_s, whole.end_s) == (0.0, 19.2)  # a song shorter than the window
    late = chorus_window(duration_s=20.0, length_s=(15.0, 30.0), score=score)
    assert (late.start_s, late.end_s) == (5.0, 20.0)  # moved earlier to stay inside the song


def test_without_a_score_the_loudest_section_or_window_is_taken() -> None:
    audio = _loud_between(20.0, 35.0)
    found = chorus_window(
        duration_s=60.0,
        length_s=(15.0, 30.0),
        analysis=_analysis([10.0, 20.0, 35.0, 50.0]),
        audio=audio,
        sample_rate_hz=SR,
    )
    assert (found.start_s, found.duration_s, found.source) == (19.5, 15.5, "analysis")
    energy = chorus_window(duration_s=60.0, length_s=15.0, audio=audio, sample_rate_hz=SR)
    assert energy.source == "energy" and energy.start_s == pytest.approx(20.0, abs=0.1)
    guess = chorus_window(duration_s=60.0, length_s=30.0)
    assert (guess.start_s, guess.source) == (20.0, "position")
    with pytest.raises(InputError, match="positive"):
        chorus_window(duration_s=0.0)
    with pytest.raises(InputError, match="ordered"):
        chorus_window(duration_s=10.0, length_s=(30.0, 15.0))
