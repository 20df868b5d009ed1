"""``ai-artist compose`` (an artist's instrumental + MIDI) and ``ai-artist analyze <file>``.

The lead registers both on the main app: ``app.command()(compose)``, ``app.command()(analyze)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ai_artist.cli.output import environment, print_json, stdout, user_errors

JsonOutput = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def compose(
    artist: Annotated[str, typer.Argument(help="Artist slug or id.")],
    genre: Annotated[
        str | None,
        typer.Option(help="synthwave, lofi, house, pop, trap, ambient (default: the artist's)."),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: SEED setting).")] = None,
    duration: Annotated[
        float | None, typer.Option(help="Song length in seconds (default: SONG_DURATION_S).")
    ] = None,
    json_output: JsonOutput = False,
) -> None:
    """Compose and render just the music of a song: score, MIDI, stems and instrumental.

    Files go to data/artists/<artist>/sketches/<genre>-s<seed>-<length>s/.
    """
    from ai_artist.engines.lyrics.writer import make_title
    from ai_artist.engines.music.sketch import write_sketch
    from ai_artist.services.artists import artist_folder, get_artist, profile_of

    with user_errors():
        settings, database = environment()
        profile = profile_of(get_artist(database, artist))
        seed = settings.seed if seed is None else seed
        duration_s = settings.song_duration_s if duration is None else duration
        theme = profile.persona.themes[0] if profile.persona.themes else profile.genre
        sketch = write_sketch(
            profile,
            folder=artist_folder(settings, profile.slug) / "sketches",
            seed=seed,
            duration_s=duration_s,
            genre=genre,
            title=make_title(theme, profile.persona.mood, genre or profile.genre, seed=seed),
            soundfont=settings.soundfont_path,
        )
        score = sketch.score
        result = {
            "artist": profile.slug,
            "sketch_id": sketch.sketch_id,
            "title": score.title,
            "genre": score.genre,
            "key": score.key,
            "mode": score.mode,
            "tempo_bpm": score.tempo_bpm,
            "duration_s": round(score.duration_s, 2),
            "form": [f"{s.name}:{s.bars}" for s in score.sections],
            "folder": str(sketch.folder.resolve()),
            "score": str(sketch.score_json.resolve()),
            "midi": str(sketch.midi.resolve()),
            "instrumental": str(sketch.instrumental.resolve()),
            "stems": {name: str(path.resolve()) for name, path in sketch.stems.items()},
            "render_s": round(sketch.render_s, 2),
        }
        if json_output:
            print_json(result)
            return
        stdout.print(
            f"'{score.title}' — {score.genre}, {score.key} {score.mode}, "
            f"{score.tempo_bpm:g} BPM, {score.duration_s:.0f} s ({' '.join(result['form'])})"
        )
        for label in ("instrumental", "midi", "score"):
            stdout.print(f"  {label:<12} {result[label]}")
        for name, path in result["stems"].items():
            stdout.print(f"  stem {name:<12} {path}")


def analyze(
    file: Annotated[Path, typer.Argument(help="An audio file: WAV, FLAC, OGG, MP3, AIFF, M4A.")],
    json_output: JsonOutput = False,
) -> None:
    """Analyze any audio file: tempo, beats, downbeats, key, loudness, sections."""
    from ai_artist.engines.music.analyze import analyze as analyze_audio

    with user_errors():
        analysis = analyze_audio(file)
        if json_output:
            print_json(analysis.model_dump(mode="json"))
            return
        table = Table("measure", "value", title=str(file))
        beats = analysis.beat_times_s
        table.add_row("duration", f"{analysis.duration_s:.2f} s ({analysis.sample_rate_hz} Hz)")
        table.add_row("tempo", f"{analysis.tempo_bpm:.1f} BPM")
        table.add_row("key", f"{analysis.key} {analysis.mode} ({analysis.key_confidence:.2f})")
        table.add_row("loudness", f"{analysis.integrated_lufs:.1f} LUFS integrated")
        table.add_row("peak", f"{analysis.peak_dbfs:.1f} dBFS")
        table.add_row("beats", f"{len(beats)}, first at {beats[0]:.2f} s" if beats else "none")
        table.add_row("downbeats", f"{len(analysis.downbeat_times_s)}")
        table.add_row(
            "sections",
            ", ".join(f"{t:.1f}" for t in analysis.section_boundaries_s) + " s"
            if analysis.section_boundaries_s
            else "one",
        )
        stdout.print(table)
