"""Seconds for a full release of a 3-minute song: audio (compose … master), video, short and
the release package, total and per step. Goal: ≤ 60 s on a 2-core laptop CPU.

``run(quick=True)`` makes a 30-second song instead (a smoke run of the same path).
Sub-steps inside the stages (video vs short, MP3/FLAC/preview, package + zip) are timed by
wrapping the engine functions the stages call.
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.table import Table

GOAL_S = 60.0
_STEPS = {
    "video 16:9": ("ai_artist.engines.visuals.video", "render_video"),
    "short 9:16": ("ai_artist.engines.visuals.video", "render_short"),
    "preview mp3": ("ai_artist.engines.release.export", "export_preview"),
    "mp3 320k": ("ai_artist.engines.release.export", "export_mp3"),
    "flac": ("ai_artist.engines.release.export", "export_flac"),
    "package + zip": ("ai_artist.engines.release.package", "write_release_package"),
}


@contextlib.contextmanager
def _timed_steps() -> Iterator[dict[str, float]]:
    """Wrap the engine functions of ``_STEPS`` so each call adds its seconds to the result."""
    import importlib

    seconds: dict[str, float] = dict.fromkeys(_STEPS, 0.0)
    originals: list[tuple[Any, str, Callable[..., Any]]] = []

    def timer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - started

        return timed

    for name, (module_name, attribute) in _STEPS.items():
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        originals.append((module, attribute, original))
        setattr(module, attribute, timer(name, original))
    try:
        yield seconds
    finally:
        for module, attribute, original in originals:
            setattr(module, attribute, original)


def _cpu_s() -> float:
    """CPU seconds used so far by this process and its finished children (ffmpeg, renderers):
    a figure other programs on the machine do not inflate, unlike the wall clock."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(*, quick: bool = False, genre: str = "synthwave", seed: int = 1) -> dict[str, Any]:
    """Make an autopilot artist and one released song; return seconds per stage and step."""
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(".numba_cache").resolve()))
    from ai_artist.config import load_settings
    from ai_artist.persistence.db import close_databases, open_database
    from ai_artist.services.artists import create_artist
    from ai_artist.services.tracks import plan_track, run_track

    duration_s = 30.0 if quick else 180.0
    with tempfile.TemporaryDirectory(prefix="ai-artist-bench-release-") as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data")
        database = open_database(settings)
        profile = create_artist(
            database, settings, genre=genre, seed=seed, autopilot=True, voice_sample=False
        )
        track_id = plan_track(database, settings, profile.slug, seed=seed, duration_s=duration_s)
        load_before = round(os.getloadavg()[0], 2)
        with _timed_steps() as steps:
            cpu_before = _cpu_s()
            started = time.perf_counter()
            doc = run_track(database, settings, track_id)
            total_s = time.perf_counter() - started
            cpu_s = _cpu_s() - cpu_before
        sizes_mb: dict[str, float] = {}
        if doc.release_id is not None:
            folder = settings.releases_dir / doc.release_id
            for path in sorted(folder.iterdir()):
                sizes_mb[path.name] = round(path.stat().st_size / 1e6, 2)
            zip_path = settings.releases_dir / f"{doc.release_id}.zip"
            if zip_path.is_file():
                sizes_mb[zip_path.name] = round(zip_path.stat().st_size / 1e6, 2)
        close_databases()
    stages = {name: record.seconds for name, record in doc.stages.items()}
    audio = ("compose", "render", "analyze", "lyrics", "sing", "mix", "humanize", "master")
    return {
        "genre": genre,
        "seed": seed,
        "song_s": duration_s,
        "audio_s": doc.master.duration_s if doc.master else None,
        "cpus": os.cpu_count(),
        "video": {
            "size": f"{settings.video_width_px}x{settings.video_height_px}",
            "fps": settings.video_fps,
        },
        "load_avg_1m": {"before": load_before, "after": round(os.getloadavg()[0], 2)},
        "total_s": round(total_s, 2),
        "cpu_s": round(cpu_s, 2),
        "goal_s": GOAL_S,
        "groups_s": {
            "audio (plan … master)": round(sum(stages.get(name, 0.0) for name in audio), 2),
            "artwork": stages.get("artwork", 0.0),
            "video + short": stages.get("video", 0.0),
            "release package": stages.get("release", 0.0),
        },
        "stages_s": stages,
        "steps_s": {name: round(value, 2) for name, value in steps.items()},
        "sizes_mb": sizes_mb,
        "released": doc.release_id is not None,
    }


def table(result: dict[str, Any]) -> Table:
    """The result as a table: steps, stages, the total against the goal."""
    view = Table(
        title=f"release of a {result['audio_s']:.0f} s {result['genre']} song "
        f"(video {result['video']['size']} at {result['video']['fps']} fps, "
        f"{result['cpus']} CPUs, load {result['load_avg_1m']['before']:.1f})"
    )
    view.add_column("step")
    view.add_column("seconds", justify="right")
    for name, seconds in result["stages_s"].items():
        view.add_row(name, f"{seconds:.2f}")
    for name, seconds in result["steps_s"].items():
        view.add_row(f"  [dim]{name}", f"[dim]{seconds:.2f}")
    verdict = "ok" if result["total_s"] <= result["goal_s"] else "over"
    view.add_row(
        "[bold]total", f"[bold]{result['total_s']:.2f}  (goal ≤ {result['goal_s']:.0f}: {verdict})"
    )
    view.add_row("CPU seconds (all cores)", f"{result['cpu_s']:.2f}")
    return view


if __name__ == "__main__":
    import argparse
    import json

    from rich.console import Console

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 30-second song")
    args = parser.parse_args()
    outcome = run(quick=args.quick)
    Console(width=110).print(table(outcome))
    print(json.dumps(outcome, indent=2))
