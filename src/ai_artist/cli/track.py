"""``ai-artist track …``: list, show, resume and review tracks."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ai_artist.cli.output import environment, print_json, stage_progress, stdout, user_errors

app = typer.Typer(help="Tracks: list, show, resume, approve, reject.", no_args_is_help=True)


@app.command("list")
def list_(
    artist: Annotated[str | None, typer.Option(help="Only this artist's tracks.")] = None,
) -> None:
    """List tracks, newest first."""
    from ai_artist.services.tracks import list_tracks

    with user_errors():
        _, database = environment()
        table = Table("id", "artist", "title", "status", "seed", "created")
        for row in list_tracks(database, artist):
            table.add_row(
                row.id,
                row.artist.slug,
                row.title,
                row.status,
                str(row.seed),
                row.created_at.strftime("%Y-%m-%d %H:%M"),
            )
        stdout.print(table)


@app.command("show")
def show(
    track_id: Annotated[str, typer.Argument(help="Track id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print track.json.")] = False,
) -> None:
    """Show a track: plan, stages with seconds and providers, results, files."""
    from ai_artist.services.tracks import get_track, load_document, track_folder

    with user_errors():
        settings, database = environment()
        row = get_track(database, track_id)
        doc = load_document(settings, row)
        if json_output:
            print_json(doc.model_dump(mode="json"))
            return
        plan = doc.plan
        stdout.print(f"[bold]{plan.title}[/] — {row.artist.slug}, {row.status}")
        stdout.print(
            f"{plan.genre}, {plan.key} {plan.mode}, {plan.tempo_bpm:.0f} BPM, "
            f"{plan.duration_s:.0f} s, seed {plan.seed}, theme: {plan.theme}"
        )
        table = Table("stage", "status", "seconds", "provider", "error / note")
        for name, record in doc.stages.items():
            table.add_row(
                name,
                record.status,
                f"{record.seconds:.2f}",
                record.provider or "",
                record.error or record.note or "",
            )
        stdout.print(table)
        if doc.master:
            stdout.print(
                f"master: {doc.master.integrated_lufs:.1f} LUFS, "
                f"true peak {doc.master.true_peak_dbtp:.1f} dBTP"
            )
        if doc.reflection:
            stdout.print(f"reflection: {doc.reflection.overall:.2f} — {doc.reflection.summary}")
        if doc.lyrics:
            stdout.print(doc.lyrics.text)
        stdout.print(f"folder: {track_folder(settings, row).resolve()}")


@app.command("resume")
def resume(
    track_id: Annotated[str, typer.Argument(help="Track id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-run a track from its first unfinished stage."""
    from ai_artist.services.tracks import run_track

    with user_errors():
        settings, database = environment()
        with stage_progress(not json_output, f"track {track_id}") as on_event:
            doc = run_track(database, settings, track_id, on_event=on_event)
        if json_output:
            print_json(
                {
                    "track_id": track_id,
                    "stages": {k: v.status for k, v in doc.stages.items()},
                    "release_id": doc.release_id,
                }
            )
        else:
            stdout.print(
                f"track {track_id}: " + ", ".join(f"{k} {v.status}" for k, v in doc.stages.items())
            )


def _review(track_id: str, decision: str, notes: str) -> None:
    from ai_artist.services.reviews import review_track

    with user_errors():
        settings, database = environment()
        doc = review_track(
            database, settings, track_id, decision=decision, reviewer="cli", notes=notes
        )
        stdout.print(
            f"track {track_id} {decision}"
            + (f", released as {doc.release_id}" if doc.release_id else "")
        )


@app.command("approve")
def approve(
    track_id: Annotated[str, typer.Argument(help="Track id.")],
    notes: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Approve a track awaiting review; it is then released as a single."""
    _review(track_id, "approved", notes)


@app.command("reject")
def reject(
    track_id: Annotated[str, typer.Argument(help="Track id.")],
    notes: Annotated[str, typer.Option(help="Why.")] = "",
) -> None:
    """Reject a track awaiting review."""
    _review(track_id, "rejected", notes)
