"""``ai-artist``: the command-line interface."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_artist import __version__
from ai_artist.cli import artist as artist_commands
from ai_artist.cli import llm as llm_commands
from ai_artist.cli import track as track_commands
from ai_artist.cli.doctor import doctor
from ai_artist.cli.music import analyze, compose
from ai_artist.cli.output import environment, print_json, stage_progress, stdout, user_errors
from ai_artist.cli.vocals import sing

app = typer.Typer(
    name="ai-artist",
    help="Create, run and evolve virtual music artists — offline on a laptop CPU.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(artist_commands.app, name="artist")
app.add_typer(track_commands.app, name="track")
app.add_typer(llm_commands.app, name="llm")
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.command()(doctor)
app.command()(sing)
app.command()(compose)
app.command()(analyze)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object with ids and paths.")
]


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def init() -> None:
    """Create the data directory and the database (migrated to the newest schema)."""
    with user_errors():
        settings, _ = environment()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        stdout.print(f"data directory: {settings.data_dir.resolve()}")
        stdout.print(f"database:       {settings.db_url}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    from ai_artist.persistence.db import current_revision

    with user_errors():
        _, database = environment()
        stdout.print(f"database at revision {current_revision(database.engine)}")


@app.command()
def generate(
    artist: Annotated[str, typer.Argument(help="Artist slug or id.")],
    seed: Annotated[int | None, typer.Option(help="Seed (default: SEED setting).")] = None,
    duration: Annotated[
        float | None, typer.Option(help="Song length in seconds (default: SONG_DURATION_S).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Plan and produce a new song for an artist, through every stage."""
    from ai_artist.services.tracks import plan_track, run_track

    with user_errors():
        settings, database = environment()
        track_id = plan_track(database, settings, artist, seed=seed, duration_s=duration)
        with stage_progress(not json_output, f"track {track_id}") as on_event:
            doc = run_track(database, settings, track_id, on_event=on_event)
        folder = settings.artists_dir / doc.artist_slug / "tracks" / track_id
        result = {
            "artist": doc.artist_slug,
            "track_id": track_id,
            "title": doc.plan.title,
            "status": (doc.review or {}).get("decision", "awaiting_review"),
            "track_folder": str(folder.resolve()),
            "release_id": doc.release_id,
            "release_folder": str((settings.releases_dir / doc.release_id).resolve())
            if doc.release_id
            else None,
        }
        if json_output:
            print_json(result)
        else:
            stdout.print(f"'{doc.plan.title}' → {result['track_folder']}")
            if doc.release_id:
                stdout.print(f"released as {doc.release_id} → {result['release_folder']}")
            elif doc.review is None:
                stdout.print(f"awaiting review: ai-artist track approve {track_id}")


@app.command()
def release(
    tracks: Annotated[list[str], typer.Argument(help="Approved track ids of one artist.")],
    title: Annotated[str | None, typer.Option(help="Release title (EPs).")] = None,
    json_output: JsonOption = False,
) -> None:
    """Package approved tracks as a single (one track) or an EP (2–8 tracks)."""
    from ai_artist.services.releases import make_release, release_archive

    with user_errors():
        settings, database = environment()
        manifest = make_release(database, settings, tracks, title=title)
        folder = (settings.releases_dir / manifest.release_id).resolve()
        archive = release_archive(database, settings, manifest.release_id).resolve()
        if json_output:
            print_json(
                {
                    "release_id": manifest.release_id,
                    "release_type": manifest.release_type,
                    "release_folder": str(folder),
                    "archive": str(archive),
                    "tracks": [t.model_dump() for t in manifest.tracks],
                    "files": [str(folder / f.path) for f in manifest.files],
                }
            )
        else:
            stdout.print(f"{manifest.release_type} '{manifest.title}' → {folder}")
            stdout.print(f"zip: {archive}")
            for file in manifest.files:
                stdout.print(f"  {file.path}  {file.size_bytes:>10} B  {file.sha256[:12]}")


@app.command()
def demo(
    genre: Annotated[str, typer.Option(help="Genre of the demo artist.")] = "synthwave",
    seed: Annotated[int | None, typer.Option(help="Seed (default: SEED setting).")] = None,
    duration: Annotated[float | None, typer.Option(help="Song length in seconds.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Make a first artist and a complete release, offline, and print where the files are."""
    from ai_artist.services.demo import run_demo

    with user_errors():
        settings, database = environment()
        with stage_progress(not json_output, "demo") as on_event:
            result = run_demo(
                database, settings, genre=genre, seed=seed, duration_s=duration, on_event=on_event
            )
        data = {
            "artist": result.artist_slug,
            "track_ids": result.track_ids,
            "track_folder": str(result.track_folder.resolve()),
            "release_id": result.release_id,
            "release_folder": str(result.release_folder.resolve())
            if result.release_folder
            else None,
        }
        if json_output:
            print_json(data)
            return
        stdout.print(f"artist:  {result.artist_slug}")
        stdout.print(f"track:   {data['track_folder']}")
        for name in ("master.wav", "video.mp4", "short.mp4", "preview.mp3", "cover.jpg",
                     "lyrics.lrc", "score.mid"):  # fmt: skip
            stdout.print(f"         {Path(data['track_folder']) / name}")
        if result.release_folder:
            stdout.print(f"release: {data['release_folder']}")
            stdout.print(f"zip:     {data['release_folder']}.zip")
        else:
            stdout.print("[yellow]no take passed the autopilot's quality gates[/]")
            raise typer.Exit(1)
