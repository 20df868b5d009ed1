"""Embedded persona writer: a new artist's name, bio, themes, voice and visual identity.

Everything is drawn from seeded tables per genre, so the same seed gives the same artist.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ai_artist.domain import (
    ArtistProfile,
    ArtistSound,
    Persona,
    VisualIdentity,
    VoiceProfile,
)

_ONSETS = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "sh", "th", "kr", "st", "fl"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "y"]
_CODAS = ["", "", "", "n", "r", "l", "x", "s", "th", "ne", "ra"]


@dataclass(frozen=True)
class _GenrePersona:
    themes: tuple[str, ...]
    moods: tuple[str, ...]
    palettes: tuple[tuple[str, ...], ...]
    motifs: tuple[str, ...]
    places: tuple[str, ...]


_GENRE_PERSONA: dict[str, _GenrePersona] = {
    "synthwave": _GenrePersona(
        themes=(
            "neon cities at night",
            "a summer that never ended",
            "driving into the dark",
            "memories on magnetic tape",
            "a love lost in the static",
        ),
        moods=("nostalgic", "bittersweet", "euphoric"),
        palettes=(
            ("#0b0f2b", "#ff2e88", "#19d3ff", "#f8f4e3"),
            ("#140028", "#ff6ec7", "#7b2ff7", "#fff1a8"),
        ),
        motifs=("sun", "grid"),
        places=("a rooftop in Miami", "an empty arcade", "the last drive-in"),
    ),
    "lofi": _GenrePersona(
        themes=(
            "rainy afternoons",
            "late-night study",
            "the city waking up",
            "old photographs",
            "quiet coffee mornings",
        ),
        moods=("calm", "wistful", "warm"),
        palettes=(
            ("#2b2118", "#d9a066", "#8fb8a8", "#f3e9d2"),
            ("#1e2433", "#e6a57e", "#9ab7d3", "#fbeee0"),
        ),
        motifs=("waves", "bloom"),
        places=("a small flat above a bakery", "a library basement", "a tram at dawn"),
    ),
    "house": _GenrePersona(
        themes=(
            "the dance floor at 4 am",
            "strangers becoming friends",
            "letting go",
            "city lights and heartbeat",
            "the sunrise after the party",
        ),
        moods=("euphoric", "hypnotic", "warm"),
        palettes=(
            ("#05060f", "#00e0b8", "#ffd23f", "#ffffff"),
            ("#101010", "#ff5f40", "#3ad1ff", "#f5f5f5"),
        ),
        motifs=("rings", "waves"),
        places=("a warehouse in Berlin", "a beach club at dawn", "a basement in Chicago"),
    ),
    "pop": _GenrePersona(
        themes=(
            "falling for someone new",
            "summer freedom",
            "getting over you",
            "dancing alone in the kitchen",
            "being young forever",
        ),
        moods=("bright", "hopeful", "bittersweet"),
        palettes=(
            ("#1b1446", "#ff4f9a", "#ffd166", "#ffffff"),
            ("#0d3b66", "#f95738", "#faf0ca", "#ffffff"),
        ),
        motifs=("bloom", "shards"),
        places=("a bedroom studio", "a seaside town", "a late bus home"),
    ),
    "trap": _GenrePersona(
        themes=(
            "the come-up",
            "late nights and loyalty",
            "city pressure",
            "proving them wrong",
            "money and memory",
        ),
        moods=("dark", "confident", "moody"),
        palettes=(
            ("#000000", "#b20000", "#8a8a8a", "#f2f2f2"),
            ("#0a0a0a", "#7d3cff", "#00d1ff", "#eeeeee"),
        ),
        motifs=("shards", "rings"),
        places=("the south side", "a parking garage studio", "a city that never sleeps"),
    ),
    "ambient": _GenrePersona(
        themes=(
            "slow tides",
            "the space between stars",
            "winter light",
            "breathing with the forest",
            "a long quiet journey",
        ),
        moods=("serene", "floating", "melancholic"),
        palettes=(
            ("#0e1a24", "#6fa3b5", "#c7dbe6", "#f4f7f9"),
            ("#1a1423", "#8e7dbe", "#d6c9f2", "#faf8ff"),
        ),
        motifs=("waves", "bloom"),
        places=("a lighthouse", "a cabin in the north", "an observatory"),
    ),
}


def _name(rng: random.Random) -> str:
    def word(syllables: int) -> str:
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
        return ("".join(parts) + rng.choice(_CODAS)).capitalize()

    if rng.random() < 0.5:
        return word(rng.choice([2, 3]))
    return f"{word(2)} {word(rng.choice([1, 2]))}"


def slugify(name: str) -> str:
    """Folder-safe id of a name: lowercase letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "artist"


class EmbeddedPersonaWriter:
    """Creates artist profiles offline from seeded tables."""

    name = "embedded"

    def create(self, *, genre: str, seed: int, name: str | None = None) -> ArtistProfile:
        """A new profile for ``genre``; ``name`` is generated when not given."""
        table = _GENRE_PERSONA.get(genre, _GENRE_PERSONA["pop"])
        rng = random.Random(f"persona:{genre}:{seed}")
        artist_name = name or _name(rng)
        themes = rng.sample(list(table.themes), k=3)
        mood = rng.choice(table.moods)
        place = rng.choice(table.places)
        low = rng.randint(45, 52)
        voice = VoiceProfile(
            pitch_offset_semitones=round(rng.uniform(-2.0, 3.0), 2),
            formant_shift=round(rng.uniform(0.92, 1.12), 3),
            breathiness=round(rng.uniform(0.05, 0.35), 3),
            vibrato_rate_hz=round(rng.uniform(4.8, 6.2), 2),
            vibrato_depth_cents=round(rng.uniform(15.0, 45.0), 1),
            range_low_midi=low,
            range_high_midi=low + rng.randint(12, 15),
        )
        visual = VisualIdentity(
            palette=list(rng.choice(table.palettes)),
            motif=rng.choice(table.motifs),
        )
        bio = (
            f"{artist_name} makes {genre} from {place}. "
            f"Their songs are {mood}, about {themes[0]} and {themes[1]}."
        )
        return ArtistProfile(
            slug=slugify(artist_name),
            name=artist_name,
            genre=genre,
            seed=seed,
            persona=Persona(bio=bio, themes=themes, mood=mood),
            voice=voice,
            visual=visual,
            sound=ArtistSound(),
        )
