"""Genre styles as data: tempo, feel, harmony, grooves, instruments and effects per genre.

A style is plain data read by the planner, composer and renderer; a new genre is a new
:class:`GenreStyle` value (one module here) added to :data:`STYLES`, never new code.
"""

from __future__ import annotations

from collections.abc import Mapping

from ai_artist.engines.music.styles.ambient import AMBIENT
from ai_artist.engines.music.styles.base import (
    CLAP,
    CLOSED_HAT,
    CRASH,
    KICK,
    OPEN_HAT,
    ROLES,
    SNARE,
    SYNTH_VOICES,
    DrumPattern,
    Effect,
    Feel,
    GenreStyle,
    Instrument,
    Level,
    Palette,
    Transitions,
    energy_level,
    fx,
)
from ai_artist.engines.music.styles.house import HOUSE
from ai_artist.engines.music.styles.lofi import LOFI
from ai_artist.engines.music.styles.pop import POP
from ai_artist.engines.music.styles.synthwave import SYNTHWAVE
from ai_artist.engines.music.styles.trap import TRAP
from ai_artist.errors import InputError

STYLES: Mapping[str, GenreStyle] = {
    style.name: style for style in (SYNTHWAVE, LOFI, HOUSE, POP, TRAP, AMBIENT)
}
GENRES: tuple[str, ...] = tuple(STYLES)
"""Names of the genres the embedded engine can write."""

_ALIASES = {
    "lo-fi": "lofi",
    "lofi hip-hop": "lofi",
    "lo-fi hip-hop": "lofi",
    "lofi-hip-hop": "lofi",
    "deep house": "house",
    "deep-house": "house",
    "synth-wave": "synthwave",
    "retrowave": "synthwave",
}


def get_style(name: str) -> GenreStyle:
    """The style of a genre by name (case-insensitive; 'lo-fi', 'deep house' accepted)."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in STYLES:
        raise InputError(f"unknown genre '{name}'; accepted: {', '.join(GENRES)}")
    return STYLES[key]


__all__ = [
    "CLAP",
    "CLOSED_HAT",
    "CRASH",
    "GENRES",
    "KICK",
    "OPEN_HAT",
    "ROLES",
    "SNARE",
    "STYLES",
    "SYNTH_VOICES",
    "DrumPattern",
    "Effect",
    "Feel",
    "GenreStyle",
    "Instrument",
    "Level",
    "Palette",
    "Transitions",
    "energy_level",
    "fx",
    "get_style",
]
