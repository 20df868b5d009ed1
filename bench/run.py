"""`make bench`: speed and quality figures, printed as tables and written to
bench/results.json. Figures live here, never in the tests.

Sections: the whole pipeline for a full-length song (per-stage seconds), then each area's
bench module (bench/bench_<area>.py exposing ``run(quick=...) -> dict`` and
``table(result) -> rich.table.Table``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
AREAS = ("music", "voice", "release")


def bench_song(*, genre: str, seed: int, duration_s: float) -> dict[str, object]:
    """Produce one song in a temporary data directory; return stage seconds and facts."""
    from ai_artist.config import load_settings
    from ai_artist.persistence.db import close_databases, open_database
    from ai_artist.services.artists import create_artist
    from ai_artist.services.tracks import plan_track, run_track

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
    return {
        "genre": genre,
        "seed": seed,
        "audio_s": round(doc.master.duration_s, 2) if doc.master else None,
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


def song_table(result: dict[str, object]) -> Table:
    """Per-stage seconds of one song."""
    table = Table(title=f"pipeline: {result['genre']}, {result['audio_s']} s of audio")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    stages: dict[str, float] = result["stages_s"]  # type: ignore[assignment]
    for name, seconds in stages.items():
        table.add_row(name, f"{seconds:.2f}")
    table.add_row("[bold]total", f"[bold]{result['total_s']:.2f}")
    table.caption = (
        f"master {result['master_lufs']:.2f} LUFS, {result['true_peak_dbtp']:.2f} dBTP; "
        f"tempo {result['tempo_planned_bpm']:.1f} planned / {result['tempo_heard_bpm']:.1f} heard"
    )
    return table


def load_area(area: str) -> ModuleType | None:
    """bench/bench_<area>.py as a module, or None when it does not exist."""
    path = HERE / f"bench_{area}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"bench_{area}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--genre", default="synthwave")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=180.0, help="song length (s)")
    parser.add_argument("--quick", action="store_true", help="fewer and shorter songs")
    parser.add_argument("--only", choices=("song", *AREAS), action="append")
    args = parser.parse_args()
    os.environ.setdefault("NUMBA_CACHE_DIR", str((HERE.parent / ".numba_cache").resolve()))
    console = Console(width=110)
    wanted = args.only or ["song", *AREAS]
    payload: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    if "song" in wanted:
        song = bench_song(genre=args.genre, seed=args.seed, duration_s=args.duration)
        payload["song"] = song
        console.print(song_table(song))
    for area in AREAS:
        module = load_area(area) if area in wanted else None
        if module is None:
            continue
        started = time.perf_counter()
        result = module.run(quick=args.quick)
        result["bench_seconds"] = round(time.perf_counter() - started, 1)
        payload[area] = result
        console.print(module.table(result))
    RESULTS.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    console.print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
