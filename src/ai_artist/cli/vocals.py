"""``ai-artist sing <track>``: sing a track again after its lyrics were edited."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_artist.cli.output import environment, print_json, stage_progress, stdout, user_errors


def sing(
    track_id: Annotated[str, typer.Argument(help="Track id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Sing a track's lyrics again (edit them in its track.json first), then finish the
    track: mix, master, video, reflection and review run again."""
    from ai_artist.services.tracks import run_track
    from ai_artist.services.vocals import resing_track

    with user_errors():
        settings, database = environment()
        with stage_progress(not json_output, f"track {track_id}") as on_event:
            resing_track(database, settings, track_id, on_event=on_event)
            doc = run_track(database, settings, track_id, on_event=on_event)
        stages = {name: record.status for name, record in doc.stages.items()}
        if json_output:
            print_json(
                {
                    "track_id": track_id,
                    "stages": stages,
                    "files": doc.files,
                    "release_id": doc.release_id,
                }
            )
            return
        stdout.print(
            f"track {track_id} sung again: " + ", ".join(f"{k} {v}" for k, v in stages.items())
        )
