"""Which General MIDI SoundFont (.sf2) the renderer uses."""

from __future__ import annotations

from pathlib import Path

from ai_artist.errors import InputError

SYSTEM_SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
"""FluidR3_GM from Debian's ``fluid-soundfont-gm`` (148 MB, the better sound)."""


def bundled_soundfont() -> Path:
    """TimGM6mb.sf2 (6 MB), shipped inside pretty_midi."""
    import pretty_midi

    return Path(pretty_midi.__file__).with_name("TimGM6mb.sf2")


def find_soundfont(configured: Path | None = None) -> Path:
    """The SoundFont to use: ``configured`` if given, else FluidR3_GM if installed, else TimGM6mb.

    Raises :class:`InputError` when ``configured`` is not an existing ``.sf2`` file.
    """
    if configured is not None:
        path = Path(configured)
        if not path.is_file() or path.suffix.lower() != ".sf2":
            raise InputError(
                f"SoundFont {path} is not an existing .sf2 file; accepted: a General MIDI .sf2 "
                "file, or no setting to use FluidR3_GM / the bundled TimGM6mb"
            )
        return path
    if SYSTEM_SOUNDFONT.is_file():
        return SYSTEM_SOUNDFONT
    bundled = bundled_soundfont()
    if not bundled.is_file():
        raise InputError(
            f"no SoundFont found: neither {SYSTEM_SOUNDFONT} nor {bundled} exists; "
            "set SOUNDFONT_PATH to a General MIDI .sf2 file"
        )
    return bundled
