"""Music engine bench: render speed per genre, analyzer seconds, tempo/key accuracy.

- render: a full-length song (3 minutes; quick: 45 s) per genre, composed for an artist with
  a seeded sound, rendered to stems + instrumental three times (quick: once) after flushing
  earlier files to disk; the median wall time is reported (and the slowest run), speed =
  audio seconds per wall second.
- analyze: seconds to analyze each of those instrumentals.
- accuracy: 30 seeded short songs (5 per genre; quick: 2 per genre), each analyzed; tempo is
  right within 2 % of the plan (half/double is wrong), key is right when it is the planned
  key or its relative; beats (downbeats) are right when their median distance to the
  score's beat (bar) grid is under 10 % of a beat (bar). Seeds differ from the ones the
  tests use and from the 60 songs the analyzer's constants (tempo prior, high-band weight,
  fifth partial) were tuned on.

The load average at the start is recorded: other processes slow every figure down.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from rich.table import Table

SHARPS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def _relative(key: str, mode: str) -> tuple[str, str]:
    tonic = SHARPS.index(key)
    if mode == "major":
        return SHARPS[(tonic + 9) % 12], "minor"
    return SHARPS[(tonic + 3) % 12], "major"


def _song(
    genre: str, *, artist_seed: int, seed: int, duration_s: float, out: Path, renders: int = 1
) -> dict:
    """Compose, render ``renders`` times (median time kept) and analyze one song."""
    from ai_artist.domain import ArtistProfile
    from ai_artist.engines.music import EmbeddedComposer, EmbeddedRenderer, plan_song
    from ai_artist.engines.music.analyze import analyze
    from ai_artist.engines.music.sound import artist_sound

    artist = ArtistProfile(
        slug=f"bench-{genre}",
        name="Bench",
        genre=genre,
        sound=artist_sound(genre, seed=artist_seed),
    )
    plan = plan_song(artist, seed=seed, duration_s=duration_s, title="B", theme="t", mood="m")
    score = EmbeddedComposer().compose(plan, artist)
    times = []
    for attempt in range(renders):
        if attempt:
            shutil.rmtree(out)
        # Earlier renders' files (≈ 0.6 GB per 3-minute song) are flushed first, so the
        # kernel writing them back to disk does not compete with this render.
        os.sync()
        started = time.perf_counter()
        EmbeddedRenderer().render(
            score, stems_dir=out / "stems", instrumental_path=out / "instrumental.wav"
        )
        times.append(time.perf_counter() - started)
    render_s = statistics.median(times)
    started = time.perf_counter()
    heard = analyze(out / "instrumental.wav")
    analyze_s = time.perf_counter() - started
    tempo_ok = abs(heard.tempo_bpm - plan.tempo_bpm) / plan.tempo_bpm < 0.02
    beat_s = 60.0 / plan.tempo_bpm
    beats_ok = _on_grid(heard.beat_times_s, beat_s)
    downbeats_ok = beats_ok and _on_grid(heard.downbeat_times_s, 4 * beat_s)
    key_ok = (heard.key, heard.mode) in {(plan.key, plan.mode), _relative(plan.key, plan.mode)}
    return {
        "genre": genre,
        "seed": seed,
        "audio_s": round(heard.duration_s, 2),
        "render_s": round(render_s, 3),
        "render_runs_s": [round(t, 3) for t in times],
        "analyze_s": round(analyze_s, 3),
        "tempo_planned_bpm": plan.tempo_bpm,
        "tempo_heard_bpm": heard.tempo_bpm,
        "key_planned": f"{plan.key} {plan.mode}",
        "key_heard": f"{heard.key} {heard.mode}",
        "tempo_ok": tempo_ok,
        "key_ok": key_ok,
        "beats_ok": beats_ok,
        "downbeats_ok": downbeats_ok,
    }


def _on_grid(times_s: list[float], period_s: float) -> bool:
    """Whether the median of the times falls within 10 % of a period of the score's grid."""
    if not times_s:
        return False
    phase = [(t / period_s) % 1.0 for t in times_s]
    return statistics.median(min(p, 1.0 - p) for p in phase) < 0.1


def run(*, quick: bool = False) -> dict:
    """Measure; JSON-serialisable figures."""
    from ai_artist.engines.music import GENRES
    from ai_artist.engines.music.analyze import analyze
    from ai_artist.engines.music.render import EmbeddedRenderer
    from ai_artist.engines.music.styles import get_style

    load_before = os.getloadavg()[0]
    renders: list[dict] = []
    accuracy: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-music-") as tmp:
        folder = Path(tmp)
        # warm-up: librosa/numba compile and the SoundFont page cache
        warm = _song("pop", artist_seed=1, seed=1, duration_s=8.0, out=folder / "warm")
        analyze(folder / "warm" / "instrumental.wav")
        del warm
        for genre in GENRES:
            song = _song(
                genre,
                artist_seed=41,
                seed=700,
                duration_s=45.0 if quick else 180.0,
                out=folder / f"full-{genre}",
                renders=1 if quick else 3,
            )
            song["x_realtime"] = round(song["audio_s"] / song["render_s"], 1)
            renders.append(song)
        per_genre = 2 if quick else 5
        for genre in GENRES:
            style = get_style(genre)
            bar_s = 240.0 / ((style.tempo_min_bpm + style.tempo_max_bpm) / 2)
            for index in range(per_genre):
                accuracy.append(
                    _song(
                        genre,
                        artist_seed=900 + index,
                        seed=1100 + index,
                        duration_s=(12 if quick else 20) * bar_s,
                        out=folder / f"acc-{genre}-{index}",
                    )
                )
    songs = len(accuracy)
    return {
        "quick": quick,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": round(load_before, 2),
        "renderer": EmbeddedRenderer().name,
        "render": renders,
        "accuracy": {
            "songs": songs,
            "tempo_ok": sum(s["tempo_ok"] for s in accuracy),
            "key_ok": sum(s["key_ok"] for s in accuracy),
            "beats_ok": sum(s["beats_ok"] for s in accuracy),
            "downbeats_ok": sum(s["downbeats_ok"] for s in accuracy),
            "tempo_accuracy": round(sum(s["tempo_ok"] for s in accuracy) / songs, 3),
            "key_accuracy": round(sum(s["key_ok"] for s in accuracy) / songs, 3),
            "misses": [s for s in accuracy if not (s["tempo_ok"] and s["key_ok"])],
            "per_genre": {
                genre: {
                    "tempo_ok": sum(s["tempo_ok"] for s in accuracy if s["genre"] == genre),
                    "key_ok": sum(s["key_ok"] for s in accuracy if s["genre"] == genre),
                    "beats_ok": sum(s["beats_ok"] for s in accuracy if s["genre"] == genre),
                    "downbeats_ok": sum(s["downbeats_ok"] for s in accuracy if s["genre"] == genre),
                    "songs": sum(s["genre"] == genre for s in accuracy),
                }
                for genre in GENRES
            },
        },
    }


def table(result: dict) -> Table:
    """Render speed and analyzer time per genre, then tempo/key accuracy."""
    length = "45 s" if result["quick"] else "3 min"
    title = (
        f"music engine ({result['renderer']}, load {result['load_average_at_start']} on "
        f"{result['cpu_count']} cores)"
    )
    out = Table(
        "genre",
        f"render {length} (s)",
        "slowest (s)",
        "× real time",
        "analyze (s)",
        "tempo ok",
        "key ok",
        "beats ok",
        "downbeats ok",
        title=title,
    )
    per_genre = result["accuracy"]["per_genre"]
    for song in result["render"]:
        counts = per_genre[song["genre"]]
        out.add_row(
            song["genre"],
            f"{song['render_s']:.2f}",
            f"{max(song['render_runs_s']):.2f}",
            f"{song['x_realtime']:.0f}",
            f"{song['analyze_s']:.2f}",
            f"{counts['tempo_ok']}/{counts['songs']}",
            f"{counts['key_ok']}/{counts['songs']}",
            f"{counts['beats_ok']}/{counts['songs']}",
            f"{counts['downbeats_ok']}/{counts['songs']}",
        )
    acc = result["accuracy"]
    out.add_row(
        "all",
        "",
        "",
        "",
        "",
        f"{acc['tempo_ok']}/{acc['songs']} ({100 * acc['tempo_accuracy']:.0f} %)",
        f"{acc['key_ok']}/{acc['songs']} ({100 * acc['key_accuracy']:.0f} %)",
        f"{acc['beats_ok']}/{acc['songs']}",
        f"{acc['downbeats_ok']}/{acc['songs']}",
    )
    return out


if __name__ == "__main__":
    import json
    import sys

    from rich.console import Console

    figures = run(quick="--quick" in sys.argv)
    Console().print(table(figures))
    print(json.dumps(figures, indent=1))
