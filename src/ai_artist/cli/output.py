"""Console output shared by the commands: errors, progress bars, JSON."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ai_artist.config import Settings, get_settings
from ai_artist.errors import AiArtistError, ConfigError, InputError
from ai_artist.logs import configure_logging
from ai_artist.persistence.db import Database, open_database
from ai_artist.pipeline.runner import StageEvent

console = Console(stderr=True)
stdout = Console()


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn platform errors into a one-line message and exit code 2 (input) or 1 (other)."""
    try:
        yield
    except AiArtistError as error:
        console.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(2 if isinstance(error, InputError | ConfigError) else 1) from error


def environment() -> tuple[Settings, Database]:
    """Settings (validated) and the migrated database."""
    settings = get_settings()
    configure_logging(settings, console=console)
    return settings, open_database(settings)


def print_json(data: Any) -> None:
    """Print one JSON object on stdout."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@contextlib.contextmanager
def stage_progress(enabled: bool, label: str) -> Iterator[Any]:
    """A progress bar over the stages; yields the ``on_event`` handler for the runner."""
    if not enabled:
        yield None
        return
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    task = progress.add_task(label, total=None)

    def on_event(event: StageEvent) -> None:
        progress.update(task, total=event.total)
        if event.status == "running":
            progress.update(task, description=f"{label}: {event.stage}")
            return
        progress.update(task, completed=event.index + 1)
        if event.status == "skipped-done":
            return
        mark = {"done": "[green]✓", "failed": "[red]✗", "waiting": "[yellow]…", "skipped": "[dim]-"}
        detail = f" ({event.provider})" if event.provider else ""
        progress.console.print(
            f"  {mark.get(event.status, '?')}[/] {event.stage:<8} {event.seconds:6.2f} s{detail}"
            + (f"  [red]{event.error}[/]" if event.error else "")
        )

    with progress:
        yield on_event
