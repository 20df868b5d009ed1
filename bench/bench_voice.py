"""Vocals: synthesis speed (seconds per minute of vocals, lead + chorus backing), pitch and
timing accuracy measured on the audio, and the lyric writer's rhyme figures.

Goal: all vocals of a 3-minute song (lead + backing) in ≤ 8 s on a 2-core laptop CPU.
``run(quick=True)`` sings a 1-minute song instead and skips the outside-audio check.

- speed: the embedded singer (piper, and espeak-ng) on a song from the real composer; the
  TTS voice is loaded before timing. "vocal minutes" = time covered by sung phrases.
- pitch: librosa.pyin on the dry lead; error of each voiced frame against its note (cents),
  frames 50 ms after the note start to 30 ms before its end.
- timing: syllable audible starts against their notes (from the sung timings), and LRC line
  times against onsets measured on the audio (RMS rising to 20 dB under the line's peak).
- outside audio (full run): the music engine renders an instrumental, the analyzer hears it,
  score_from_analysis makes syllable slots; syllable starts against the analysed beat grid.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.table import Table

GOAL_S_PER_3_MIN = 8.0
SONG_SEED = 1


def _song(
    duration_s: float, *, genre: str = "synthwave", seed: int = SONG_SEED
) -> tuple[Any, Any, Any, Any]:
    """Artist, plan, score (real composer) and lyrics of one song."""
    from ai_artist.engines.lyrics import EmbeddedWriter
    from ai_artist.engines.lyrics.writer import make_title
    from ai_artist.engines.music.compose import EmbeddedComposer
    from ai_artist.engines.music.plan import plan_song
    from ai_artist.engines.persona import EmbeddedPersonaWriter

    artist = EmbeddedPersonaWriter().create(genre=genre, seed=seed)
    theme, mood = artist.persona.themes[0], artist.persona.mood
    title = make_title(theme, mood, genre, seed=seed)
    plan = plan_song(artist, seed=seed, duration_s=duration_s, title=title, theme=theme, mood=mood)
    score = EmbeddedComposer().compose(plan, artist)
    return artist, plan, score, EmbeddedWriter().write(score, plan, artist)


def _vocal_minutes(score: Any) -> float:
    return sum(score.beat_to_seconds(p.end_beat - p.start_beat) for p in score.melody) / 60.0


def _speed(score: Any, lyrics: Any, voice: Any, tts: str) -> tuple[float, Any]:
    from ai_artist.engines.voice import EmbeddedSinger

    singer = EmbeddedSinger(tts=tts)
    singer.engine(voice)  # load the voice before timing
    started = time.perf_counter()
    sung = singer.sing(score, lyrics, voice, seed=SONG_SEED)
    return time.perf_counter() - started, sung


def _pitch(score: Any, sung: Any) -> dict[str, float]:
    import librosa

    from ai_artist.audio import SAMPLE_RATE_HZ

    audio = librosa.resample(sung.audio, orig_sr=SAMPLE_RATE_HZ, target_sr=22_050)
    f0, voiced, _ = librosa.pyin(
        audio, fmin=70, fmax=500, sr=22_050, frame_length=2048, hop_length=512
    )
    times = librosa.times_like(f0, sr=22_050, hop_length=512)
    errors: list[float] = []
    inside = 0
    for phrase in score.melody:
        for note in phrase.notes:
            start = score.beat_to_seconds(note.start_beat) + 0.05
            frames = (times >= start) & (times < score.beat_to_seconds(note.end_beat) - 0.03)
            inside += int(frames.sum())
            target = librosa.midi_to_hz(note.pitch + sung.transpose_semitones)
            errors += list(np.abs(1200 * np.log2(f0[frames & voiced] / target)))
    cents = np.array(errors)
    return {
        "median_abs_error_cents": round(float(np.median(cents)), 1),
        "frames_within_50_cents_pct": round(100 * float(np.mean(cents <= 50)), 1),
        "voiced_frames_pct": round(100 * cents.size / max(inside, 1), 1),
    }


def _timing(score: Any, sung: Any) -> dict[str, float]:
    import librosa

    from ai_artist.audio import SAMPLE_RATE_HZ
    from ai_artist.domain.lyrics import MELISMA

    syllable_ms: list[float] = []
    for line in sung.lyrics.lines:
        notes = score.melody[line.phrase_index].notes
        starts = [n for n, s in zip(notes, line.syllables, strict=True) if s != MELISMA]
        for timing, note in zip(line.timings, starts, strict=True):
            syllable_ms.append(1000 * abs(timing.start_s - score.beat_to_seconds(note.start_beat)))
    hop = SAMPLE_RATE_HZ // 200
    rms = librosa.feature.rms(y=sung.audio, frame_length=4 * hop, hop_length=hop)[0]
    level = 20 * np.log10(rms / rms.max() + 1e-9)
    times = librosa.times_like(rms, sr=SAMPLE_RATE_HZ, hop_length=hop)
    line_ms: list[float] = []
    for line in sung.lyrics.lines:
        stamp = round(line.timings[0].start_s, 2)  # LRC keeps hundredths
        window = (times >= stamp - 0.3) & (times <= line.timings[-1].end_s)
        rising = np.flatnonzero(window & (level >= level[window].max() - 20.0))
        line_ms.append(1000 * abs(float(times[rising[0]]) - stamp))
    return {
        "syllable_start_max_ms": round(max(syllable_ms), 1),
        "lrc_line_median_ms": round(float(np.median(line_ms)), 1),
        "lrc_line_max_ms": round(max(line_ms), 1),
        "lrc_lines_within_50ms_pct": round(100 * float(np.mean(np.array(line_ms) <= 50)), 1),
    }


def _lyrics_figures() -> dict[str, float]:
    from ai_artist.domain.lyrics import MELISMA
    from ai_artist.engines.lyrics import check_lyrics, rhyme_pairs

    pairs = holds = lines = melismas = invalid = 0
    started = time.perf_counter()
    genres = ("synthwave", "lofi", "house", "pop", "trap", "ambient")
    for seed in range(20):
        _, _, score, lyrics = _song(25.0, genre=genres[seed % len(genres)], seed=seed)
        found = rhyme_pairs(lyrics, score)
        pairs += len(found)
        holds += sum(p.holds for p in found)
        lines += len(lyrics.lines)
        melismas += sum(MELISMA in line.syllables for line in lyrics.lines)
        invalid += bool(check_lyrics(lyrics, score))
    return {
        "songs": 20,
        "rhyme_pairs_holding_pct": round(100 * holds / max(pairs, 1), 1),
        "lines_with_melisma_pct": round(100 * melismas / max(lines, 1), 1),
        "songs_failing_check": invalid,
        "write_seconds_per_song": round((time.perf_counter() - started) / 20, 3),
    }


def _outside_audio() -> dict[str, float]:
    from ai_artist.domain import VoiceProfile
    from ai_artist.engines.lyrics import EmbeddedWriter
    from ai_artist.engines.lyrics.slots import score_from_analysis
    from ai_artist.engines.music.analyze import analyze
    from ai_artist.engines.music.render import EmbeddedRenderer
    from ai_artist.engines.music.soundfont import find_soundfont
    from ai_artist.engines.voice import EmbeddedSinger

    artist, plan, score, _ = _song(45.0)
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as tmp:
        path = Path(tmp) / "instrumental.wav"
        EmbeddedRenderer().render(
            score, stems_dir=Path(tmp) / "stems", instrumental_path=path, soundfont=find_soundfont()
        )
        analysis = analyze(path)
    slots = score_from_analysis(analysis, voice=VoiceProfile(), title=plan.title, seed=2)
    lyrics = EmbeddedWriter().write(slots, plan, artist)
    started = time.perf_counter()
    EmbeddedSinger().sing(slots, lyrics, VoiceProfile(), seed=2)
    sing_s = time.perf_counter() - started
    # Where the slots fall against the instrumental's true half-beat grid (from its score).
    true_grid = np.array([score.beat_to_seconds(b) for b in np.arange(0, score.total_beats, 0.5)])
    off_ms = [
        1000 * float(np.min(np.abs(true_grid - slots.beat_to_seconds(note.start_beat))))
        for phrase in slots.melody
        for note in phrase.notes
    ]
    return {
        "tempo_planned_bpm": round(plan.tempo_bpm, 2),
        "tempo_heard_bpm": round(analysis.tempo_bpm, 2),
        "sections_heard": len(slots.sections),
        "sung_phrases": len(slots.melody),
        "slot_to_true_beat_median_ms": round(float(np.median(off_ms)), 1),
        "slot_to_true_beat_p95_ms": round(float(np.percentile(off_ms, 95)), 1),
        "sing_s": round(sing_s, 2),
    }


def run(*, quick: bool = False) -> dict[str, Any]:
    """Speed, pitch and timing of the singer; rhyme figures of the writer."""
    duration_s = 60.0 if quick else 180.0
    artist, _, score, lyrics = _song(duration_s)
    minutes = _vocal_minutes(score)
    seconds, sung = _speed(score, lyrics, artist.voice, "auto")
    espeak_seconds, _ = _speed(score, lyrics, artist.voice, "espeak")
    song_s = score.duration_s
    result: dict[str, Any] = {
        "song_s": round(song_s, 1),
        "vocal_minutes": round(minutes, 2),
        "sing_s": round(seconds, 2),
        "sing_s_per_vocal_minute": round(seconds / minutes, 2),
        "sing_s_per_3_min_song": round(seconds * 180.0 / song_s, 2),
        "espeak_sing_s_per_vocal_minute": round(espeak_seconds / minutes, 2),
        "goal_s_per_3_min_song": GOAL_S_PER_3_MIN,
        "backing": sung.backing is not None,
        "pitch": _pitch(score, sung),
        "timing": _timing(score, sung),
        "lyrics": _lyrics_figures(),
    }
    if not quick:
        result["outside_audio"] = _outside_audio()
    return result


def table(result: dict[str, Any]) -> Table:
    """The figures as a rich table."""
    view = Table(title="vocals (lead + chorus backing)")
    view.add_column("figure")
    view.add_column("value", justify="right")
    goal = result["goal_s_per_3_min_song"]
    view.add_row(
        "song length (s) / vocal minutes", f"{result['song_s']} / {result['vocal_minutes']}"
    )
    view.add_row("sing, s per 3-min song (goal)", f"{result['sing_s_per_3_min_song']} (≤ {goal})")
    view.add_row("sing, s per vocal minute (piper)", str(result["sing_s_per_vocal_minute"]))
    view.add_row(
        "sing, s per vocal minute (espeak-ng)", str(result["espeak_sing_s_per_vocal_minute"])
    )
    for group in ("pitch", "timing", "lyrics", "outside_audio"):
        for name, value in result.get(group, {}).items():
            view.add_row(f"{group}: {name.replace('_', ' ')}", str(value))
    return view
