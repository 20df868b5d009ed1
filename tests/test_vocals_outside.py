"""Syllable slots for outside audio: a score from the analyzer's tempo, beat grid, key,
duration and sections, that the writer and the singer use like a composed one."""

from __future__ import annotations

import numpy as np
import pytest
from tests.factories import make_artist, make_plan

from ai_artist.domain import Analysis, VoiceProfile
from ai_artist.engines.lyrics import EmbeddedWriter, check_lyrics
from ai_artist.engines.lyrics.slots import score_from_analysis
from ai_artist.engines.music.theory import scale_pitch_classes
from ai_artist.engines.voice import EmbeddedSinger
from ai_artist.errors import InputError

FIRST_DOWNBEAT_S = 0.31
BEAT_S = 0.5  # 120 BPM


def _analysis(duration_s: float, boundaries: list[float], **overrides: object) -> Analysis:
    beats = list(np.arange(FIRST_DOWNBEAT_S, duration_s, BEAT_S).round(4))
    data: dict[str, object] = {
        "duration_s": duration_s,
        "sample_rate_hz": 44_100,
        "tempo_bpm": 120.0,
        "beat_times_s": beats,
        "downbeat_times_s": beats[::4],
        "key": "D",
        "mode": "major",
        "key_confidence": 0.7,
        "integrated_lufs": -12.0,
        "peak_dbfs": -1.0,
        "section_boundaries_s": boundaries,
    }
    data.update(overrides)
    return Analysis.model_validate(data)


def test_sections_chords_and_melody_follow_the_analysis() -> None:
    voice = VoiceProfile(range_low_midi=50, range_high_midi=64)
    analysis = _analysis(75.0, [8.33, 24.3, 40.28, 56.31, 72.3])
    score = score_from_analysis(analysis, voice=voice, title="Paper Moon", seed=3)
    assert score.tempo_bpm == pytest.approx(120.0)
    assert [s.name for s in score.sections] == ["intro", "verse", "chorus", "verse", "chorus"]
    assert [s.bars for s in score.sections] == [4, 8, 8, 8, 9]  # 1-bar tail joins the chorus
    assert not score.sections[0].vocal and not score.parts
    assert score.beat_to_seconds(score.sections[1].start_beat) == pytest.approx(8.31)
    scale = set(scale_pitch_classes(2, "major"))
    assert all(set(chord.pitch_classes) <= scale for chord in score.chords)
    assert len(score.chords) == sum(s.bars for s in score.sections)
    grid = FIRST_DOWNBEAT_S + BEAT_S / 2 * np.arange(400)  # half-beats of the analysed grid
    for phrase in score.melody:
        assert phrase.hook == (phrase.section_name == "chorus")
        for note in phrase.notes:
            start_s = score.beat_to_seconds(note.start_beat)
            assert float(np.min(np.abs(grid - start_s))) < 0.001
            assert 50 <= note.pitch <= 64
    again = score_from_analysis(analysis, voice=voice, title="Paper Moon", seed=3)
    assert again == score


def test_writer_and_singer_work_on_it() -> None:
    analysis = _analysis(24.0, [], key="A", mode="minor")
    score = score_from_analysis(analysis, voice=VoiceProfile(), title="Quiet Signal", seed=1)
    assert [s.name for s in score.sections] == ["verse", "chorus", "verse"]
    plan = make_plan(title="Quiet Signal", key="A", mode="minor", tempo_bpm=120.0)
    lyrics = EmbeddedWriter().write(score, plan, make_artist())
    assert check_lyrics(lyrics, score) == []
    vocal = EmbeddedSinger().sing(score, lyrics, VoiceProfile(), seed=1)
    grid = FIRST_DOWNBEAT_S + BEAT_S / 2 * np.arange(100)
    for line in vocal.lyrics.lines:
        for timing in line.timings:  # audible starts sit on the beat grid (≤ 40 ms early)
            assert (
                -0.04
                <= timing.start_s - grid[np.argmin(np.abs(grid - timing.start_s - 0.02))]
                <= 0.001
            )


def test_too_short_audio_is_refused() -> None:
    with pytest.raises(InputError, match="at least 2 bars"):
        score_from_analysis(_analysis(3.0, []), voice=VoiceProfile(), title="x", seed=1)
