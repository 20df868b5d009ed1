"""``ai-artist artist …``: create, list, show artists; their voice; autopilot."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from ai_artist.cli.output import environment, print_json, stdout, user_errors

app = typer.Typer(help="Artists: create, list, show, voice, autopilot.", no_args_is_help=True)


@app.command("create")
def create(
    genre: Annotated[str, typer.Option(help="synthwave, lofi, house, pop, trap, ambient.")] = (
        "synthwave"
    ),
    name: Annotated[str | None, typer.Option(help="Artist name (generated if left out).")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: SEED setting).")] = None,
    autopilot: Annotated[
        bool, typer.Option("--autopilot/--manual", help="Autopilot reviews its songs.")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a new artist (Candidate) with a persona, voice and visual identity."""
    from ai_artist.services.artists import create_artist, get_artist

    with user_errors():
        settings, database = environment()
        profile = create_artist(
            database, settings, genre=genre, name=name, seed=seed, autopilot=autopilot
        )
        row = get_artist(database, profile.slug)
        if json_output:
            print_json(
                {
                    "slug": profile.slug,
                    "profile": profile.model_dump(mode="json"),
                    "voice_sample": row.voice_sample_path,
                }
            )
            return
        stdout.print(f"created [bold]{profile.name}[/] ({profile.slug}), {profile.genre}")
        stdout.print(profile.persona.bio)
        if row.voice_sample_path:
            stdout.print(f"voice sample: {settings.data_dir / row.voice_sample_path}")


@app.command("list")
def list_() -> None:
    """List artists."""
    from ai_artist.services.artists import list_artists

    with user_errors():
        _, database = environment()
        table = Table("id", "slug", "name", "genre", "state", "autopilot", "version")
        for row in list_artists(database):
            table.add_row(
                str(row.id),
                row.slug,
                row.name,
                row.genre,
                row.state,
                "on" if row.autopilot else "off",
                str(row.current_version),
            )
        stdout.print(table)


@app.command("show")
def show(
    artist: Annotated[str, typer.Argument(help="Artist slug or id.")],
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show an artist's profile, state and versions."""
    from ai_artist.services.artists import get_artist, profile_of

    with user_errors():
        _, database = environment()
        row = get_artist(database, artist)
        profile = profile_of(row)
        if json_output:
            print_json(
                {
                    "id": row.id,
                    "state": row.state,
                    "autopilot": row.autopilot,
                    "versions": [v.version for v in row.versions],
                    "voice_sample": row.voice_sample_path,
                    "profile": profile.model_dump(mode="json"),
                }
            )
            return
        stdout.print(
            f"[bold]{profile.name}[/] ({row.slug}) — {profile.genre}, {row.state}, "
            f"autopilot {'on' if row.autopilot else 'off'}, v{row.current_version}"
        )
        stdout.print(profile.persona.bio)
        stdout.print(f"themes: {', '.join(profile.persona.themes)}")
        voice = profile.voice
        stdout.print(
            f"voice: {voice.base_voice}, {voice.pitch_offset_semitones:+.1f} st, formant "
            f"{voice.formant_shift:.2f}, range MIDI {voice.range_low_midi}–{voice.range_high_midi}"
        )
        stdout.print(f"visual: {profile.visual.motif}, palette {' '.join(profile.visual.palette)}")


@app.command("voice")
def voice(artist: Annotated[str, typer.Argument(help="Artist slug or id.")]) -> None:
    """Render the artist's voice sample again and print where it is."""
    from ai_artist.services.artists import render_artist_voice

    with user_errors():
        settings, database = environment()
        path = render_artist_voice(database, settings, artist)
        stdout.print(str(path.resolve()))


@app.command("autopilot")
def autopilot(
    artist: Annotated[str, typer.Argument(help="Artist slug or id.")],
    state: Annotated[str, typer.Argument(help="on or off")],
) -> None:
    """Turn automatic review on or off for an artist."""
    from ai_artist.errors import InputError
    from ai_artist.services.artists import set_autopilot

    with user_errors():
        if state not in ("on", "off"):
            raise InputError(f"autopilot state '{state}': accepted values are on, off")
        _, database = environment()
        set_autopilot(database, artist, enabled=state == "on")
        stdout.print(f"autopilot {state} for {artist}")
