"""An artist's sound: how one artist narrows its genre, and the style that results.

:func:`artist_sound` derives a seeded :class:`ArtistSound` for a new artist (keys, mode,
tempo band, signature instruments and progressions); :func:`artist_style` applies an
artist's sound to its genre style (the composer and renderer then use that style).

Signature instruments are written ``"<Role>:<instrument>"``: a General MIDI program number
(counted from 0) or a synthesized voice name, e.g. ``"Keys:4"``, ``"Pad:supersaw"``.
"""

from __future__ import annotations

import dataclasses
import random

from ai_artist.domain import ArtistSound
from ai_artist.engines.music.styles import SYNTH_VOICES, GenreStyle, Instrument, get_style
from ai_artist.errors import InputError

KEYS_BY_MODE: dict[str, tuple[str, ...]] = {
    "minor": ("A", "E", "D", "C", "F#", "G", "B", "F", "C#"),
    "major": ("C", "G", "D", "F", "A", "E", "A#", "D#"),
}
"""Tonics that sit well for each mode (sharps): the pool artists and plans draw keys from."""

SIGNATURE_ROLES = ("Drums", "Bass", "Keys", "Pad", "Lead", "Arp")
_TONAL_VOICES = ("analog", "supersaw", "pluck")
_ROLE_VOICES = {"Drums": ("machine",), "Bass": ("808", "analog", "pluck")}


def artist_sound(genre: str, *, seed: int) -> ArtistSound:
    """A seeded narrowing of ``genre`` for one artist.

    One mode (the genre's first mode twice as likely), two keys, a tempo band of about a
    third of the genre's range (at least 6 BPM), one or two signature instruments from the
    style's alternatives, and two signature progressions from its vocabulary.
    """
    style = get_style(genre)
    rng = random.Random(f"sound:{style.name}:{seed}")
    modes = list(style.modes)
    mode = rng.choice([modes[0], *modes])
    keys = rng.sample(list(KEYS_BY_MODE.get(mode, KEYS_BY_MODE["minor"])), k=2)
    low, high = style.tempo_min_bpm, style.tempo_max_bpm
    width = min(high - low, max(6.0, round((high - low) / 3.0)))
    start = round(rng.uniform(low, high - width))
    roles = sorted(style.alternatives)
    chosen = rng.sample(roles, k=min(len(roles), rng.choice((1, 2))))
    instruments = []
    for role in sorted(chosen):
        options = [i for i in style.alternatives[role] if i != style.palette.of(role)]
        if options:
            instruments.append(f"{role}:{rng.choice(options)}")
    vocabulary = list(style.progressions.get(mode, ()))
    progressions = [list(p) for p in rng.sample(vocabulary, k=min(2, len(vocabulary)))]
    return ArtistSound(
        preferred_keys=keys,
        preferred_modes=[mode],
        tempo_min_bpm=float(start),
        tempo_max_bpm=float(start + width),
        signature_instruments=instruments,
        signature_progressions=progressions,
    )


def parse_instrument(spec: str) -> tuple[str, Instrument]:
    """("Keys", 4) from "Keys:4"; ("Pad", "supersaw") from "Pad:supersaw".

    Raises :class:`InputError` naming the accepted roles and instruments.
    """
    role, sep, value = spec.partition(":")
    role = role.strip().capitalize()
    value = value.strip().lower()
    if not sep or role not in SIGNATURE_ROLES:
        raise InputError(
            f"signature instrument '{spec}' is not '<role>:<instrument>'; accepted roles: "
            f"{', '.join(SIGNATURE_ROLES)}"
        )
    if value.isdigit() and 0 <= int(value) <= 127:
        return role, int(value)
    allowed = _ROLE_VOICES.get(role, _TONAL_VOICES)
    if value in allowed:
        return role, value
    raise InputError(
        f"signature instrument '{spec}': '{value}' is not a GM program 0..127 or a voice for "
        f"{role}; accepted voices: {', '.join(allowed)} (all voices: {', '.join(SYNTH_VOICES)})"
    )


def artist_style(style: GenreStyle, sound: ArtistSound) -> GenreStyle:
    """``style`` with the artist's signature instruments in its palette."""
    if not sound.signature_instruments:
        return style
    changes: dict[str, Instrument] = {}
    for spec in sound.signature_instruments:
        role, instrument = parse_instrument(spec)
        changes[role.lower()] = instrument
    return dataclasses.replace(style, palette=dataclasses.replace(style.palette, **changes))
