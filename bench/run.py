"""`make bench`: per-stage seconds for a full-length song, printed as a table and written
to bench/results.json. Speed figures live here, never in the tests."""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ai_artist.config import load_settings
from ai_artist.persistence.db import close_databases, open_database
from ai_artist.services.artists import create_artist
from ai_artist.services.tracks import plan_track, run_track

RESULTS = Path(__file__).resolve().parent / "results.json"


def bench_song(*, genre: str, seed: int, duration_s: float) -> dict[str, object]:
    """Produce one song in a temporary data directory; return stage seconds and facts."""
    with tempfile.TemporaryDirectory(prefix="ai-artist-bench-") as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data")
        database = open_database(settings)
        started = time.perf_counter()
        profile = create_artist(database, settings, genre=genre, seed=seed, autopilot=True)
        artist_s = time.perf_counter() - started
        track_id = plan_track(database, settings, profile.slug, seed=seed, duration_s=duration_s)
        started = time.perf_counter()
        doc = run_track(database, settings, track_id)
        total_s = time.perf_counter() - started
        close_databases()
    audio_s = doc.master.duration_s if doc.master else 0.0
    return {
        "genre": genre,
        "seed": seed,
        "audio_s": round(audio_s, 2),
        "artist_create_s": round(artist_s, 2),
        "stages_s": {name: record.seconds for name, record in doc.stages.items()},
        "total_s": round(total_s, 2),
        "master_lufs": doc.master.integrated_lufs if doc.master else None,
        "true_peak_dbtp": doc.master.true_peak_dbtp if doc.master else None,
        "tempo_planned_bpm": doc.plan.tempo_bpm,
        "tempo_heard_bpm": doc.analysis.tempo_bpm if doc.analysis else None,
        "reflection": doc.reflection.overall if doc.reflection else None,
        "review": (doc.review or {}).get("decision"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--genre", default="synthwave")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=180.0, help="song length (s)")
    args = parser.parse_args()
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(".numba_cache").resolve()))

    result = bench_song(genre=args.genre, seed=args.seed, duration_s=args.duration)
    table = Table(title=f"{args.genre}, {result['audio_s']} s of audio, seed {args.seed}")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    stages: dict[str, float] = result["stages_s"]  # type: ignore[assignment]
    for name, seconds in stages.items():
        table.add_row(name, f"{seconds:.2f}")
    table.add_row("[bold]total", f"[bold]{result['total_s']:.2f}")
    console = Console(width=100)
    console.print(table)
    console.print(
        f"master {result['master_lufs']:.2f} LUFS, true peak {result['true_peak_dbtp']:.2f} dBTP; "
        f"tempo {result['tempo_planned_bpm']:.1f} planned / {result['tempo_heard_bpm']:.1f} heard; "
        f"reflection {result['reflection']}, review {result['review']}"
    )
    payload = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "song": result,
    }
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    console.print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
