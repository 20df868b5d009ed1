"""Embedded persona writer: a new artist's name, bio, themes, voice and visual identity.

Everything is drawn from seeded tables per genre, so the same seed gives the same artist.
Names come from a small phonotactic generator: syllables are built from genre-flavoured
onsets, vowels and endings, and a name is kept only when it reads as intended (its
syllable count by the CMU dictionary / vowel groups matches the syllables drawn, no
three consonant letters in a row, no doubled vowels, no blocked words).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ai_artist.domain import (
    ArtistProfile,
    Persona,
    VisualIdentity,
    VoiceProfile,
)

MOTIFS = ("sun", "grid", "waves", "rings", "shards", "bloom")
"""Cover motifs the artwork engine can draw."""


@dataclass(frozen=True)
class _GenrePersona:
    themes: tuple[str, ...]
    moods: tuple[str, ...]
    palettes: tuple[tuple[str, ...], ...]
    motifs: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class _Phonology:
    """Letters a genre's names are built from (spelled, English-readable)."""

    onsets: tuple[str, ...]
    """Word-initial consonants and clusters."""
    medials: tuple[str, ...]
    """Single consonants that open a syllable inside a word."""
    nuclei: tuple[str, ...]
    endings: tuple[str, ...]
    """Final rimes (vowel + optional coda) that close a word."""


@dataclass(frozen=True)
class _VoiceRange:
    """Genre-typical bounds of a voice (semitones, ratio, 0..1, Hz, cents, MIDI)."""

    pitch_offset_semitones: tuple[float, float]
    formant_shift: tuple[float, float]
    breathiness: tuple[float, float]
    vibrato_rate_hz: tuple[float, float]
    vibrato_depth_cents: tuple[float, float]
    range_low_midi: tuple[int, int]


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


_PHONOLOGY: dict[str, _Phonology] = {
    "synthwave": _Phonology(
        onsets=("n", "v", "k", "r", "z", "d", "s", "l", "j", "st", "tr", "kr", "x"),
        medials=("n", "v", "r", "l", "x", "d", "s", "k", "z"),
        nuclei=("a", "e", "i", "o"),
        endings=("ax", "on", "ix", "ara", "ine", "ova", "ex", "en", "or", "ay"),
    ),
    "lofi": _Phonology(
        onsets=("m", "l", "n", "s", "h", "f", "w", "b", "j", "sl", "fl"),
        medials=("m", "l", "n", "s", "b", "p", "w"),
        nuclei=("a", "e", "i", "o", "u"),
        endings=("ie", "o", "a", "el", "en", "oon", "ow", "ey", "um"),
    ),
    "house": _Phonology(
        onsets=("d", "k", "m", "r", "s", "t", "b", "j", "v", "dr", "kl", "gr"),
        medials=("d", "k", "m", "r", "s", "t", "v", "l"),
        nuclei=("a", "e", "i", "o", "u"),
        endings=("el", "ix", "o", "ay", "ez", "or", "an", "io"),
    ),
    "pop": _Phonology(
        onsets=("l", "m", "s", "n", "k", "j", "r", "b", "t", "c", "br", "st"),
        medials=("l", "m", "n", "r", "s", "v", "d", "t"),
        nuclei=("a", "e", "i", "o"),
        endings=("a", "ie", "y", "en", "ey", "ia", "elle", "on", "is"),
    ),
    "trap": _Phonology(
        onsets=("k", "d", "t", "z", "b", "g", "j", "dr", "tr", "sk", "sh"),
        medials=("k", "d", "t", "z", "b", "g", "v", "r"),
        nuclei=("a", "e", "i", "o", "u"),
        endings=("o", "ay", "ee", "ix", "az", "an", "ez", "ok", "eem"),
    ),
    "ambient": _Phonology(
        onsets=("l", "s", "n", "m", "h", "v", "f", "th", "fl", "sl"),
        medials=("l", "s", "n", "m", "v", "r", "th"),
        nuclei=("a", "e", "i", "o"),
        endings=("ia", "ene", "ora", "ith", "une", "is", "ele", "en", "ay"),
    ),
}

_VOICE_RANGES: dict[str, _VoiceRange] = {
    "synthwave": _VoiceRange(
        (-1.0, 2.0), (0.96, 1.08), (0.08, 0.25), (5.0, 6.0), (20, 40), (45, 50)
    ),
    "lofi": _VoiceRange((-2.0, 1.0), (0.92, 1.02), (0.2, 0.4), (4.6, 5.4), (10, 25), (45, 50)),
    "house": _VoiceRange((0.0, 3.0), (1.0, 1.12), (0.05, 0.2), (5.2, 6.2), (20, 40), (47, 52)),
    "pop": _VoiceRange((0.0, 3.0), (1.0, 1.12), (0.05, 0.2), (5.2, 6.2), (25, 45), (47, 52)),
    "trap": _VoiceRange((-3.0, 0.0), (0.9, 1.0), (0.05, 0.2), (4.8, 5.6), (5, 20), (43, 48)),
    "ambient": _VoiceRange((-1.0, 2.0), (0.95, 1.1), (0.25, 0.45), (4.5, 5.2), (15, 35), (45, 50)),
}

_TYPEFACES: dict[str, tuple[str, ...]] = {
    "synthwave": ("DejaVuSans-BoldOblique", "DejaVuSansMono-Bold"),
    "lofi": ("DejaVuSerif", "DejaVuSerif-Italic"),
    "house": ("DejaVuSansCondensed-Bold", "DejaVuSans-Bold"),
    "pop": ("DejaVuSans-Bold", "DejaVuSerif-Bold"),
    "trap": ("DejaVuSansCondensed-Bold", "DejaVuSansMono-Bold"),
    "ambient": ("DejaVuSans-ExtraLight", "DejaVuSerif-Italic"),
}

_BIO_OPENINGS = (
    "{name} makes {genre} from {place}.",
    "{name} writes {genre} in {place}.",
    "Out of {place}, {name} sends {genre} into the night.",
)
_BIO_SONGS = (
    "The songs are {mood}, about {t0}, {t1} and {t2}.",
    "Every song is {mood}: {t0}, {t1}, {t2}.",
    "{mood_cap} songs about {t0} and {t1}, with {t2} never far away.",
)
_MAX_NAME_TRIES = 200
_VOWEL_PAIRS = frozenset(("ai", "ay", "ea", "ee", "ei", "ey", "ia", "ie", "io", "oa", "oo", "ou"))
_NAME_BLOCK = ("sex", "ass", "nazi", "rape", "porn", "cum", "kkk", "dick", "cock", "tit", "fag")
"""Substrings a generated name never contains."""


def _word(rng: random.Random, phonology: _Phonology, syllables: int) -> str:
    """One word of ``syllables`` syllables: onset + nucleus, medial + nucleus …, ending."""
    parts = [rng.choice(phonology.onsets) if rng.random() > 0.12 else ""]
    for index in range(syllables - 1):
        if index:
            parts.append(rng.choice(phonology.medials))
        parts.append(rng.choice(phonology.nuclei))
    parts.append(rng.choice(phonology.medials) if syllables > 1 else "")
    parts.append(rng.choice(phonology.endings))
    return "".join(parts)


def is_pronounceable(word: str, syllables: int) -> bool:
    """True when ``word`` reads with ``syllables`` syllables and has no awkward spelling."""
    from ai_artist.engines.lyrics.syllables import count_syllables
    from ai_artist.engines.lyrics.vocabulary import BLOCKLIST

    lower = word.lower()
    if not 2 <= len(lower) <= 10 or not lower.isalpha():
        return False
    if re.search(r"[^aeiouy]{3}", lower) or re.search(r"(aa|ii|uu|yy|ee[aeiou]|[aeiou]{3})", lower):
        return False
    if re.search(r"(.)\1\1", lower) or lower in BLOCKLIST:
        return False
    if any(pair not in _VOWEL_PAIRS for pair in re.findall(r"(?=([aeiou][aeiouy]))", lower)):
        return False
    if any(blocked in lower for blocked in _NAME_BLOCK):
        return False
    return count_syllables(lower) == syllables


def artist_name(genre: str, *, seed: int) -> str:
    """A pronounceable stage name for ``genre`` (one or two words), the same for a seed."""
    rng = random.Random(f"name:{genre}:{seed}")
    phonology = _PHONOLOGY.get(genre, _PHONOLOGY["pop"])

    def word(syllables: int) -> str:
        for _ in range(_MAX_NAME_TRIES):
            candidate = _word(rng, phonology, syllables)
            if is_pronounceable(candidate, syllables):
                return candidate.capitalize()
        return rng.choice(("Nova", "Lumen", "Sola", "Milo")) if syllables > 1 else "Vale"

    if rng.random() < 0.4:
        return word(rng.choice((2, 3)))
    return f"{word(2)} {word(rng.choice((1, 1, 2)))}"


def slugify(name: str) -> str:
    """Folder-safe id of a name: lowercase letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "artist"


def genre_moods(genre: str) -> tuple[str, ...]:
    """Moods that fit ``genre`` (pop's when the genre is unknown)."""
    return _GENRE_PERSONA.get(genre, _GENRE_PERSONA["pop"]).moods


def genre_themes(genre: str) -> tuple[str, ...]:
    """Example themes of ``genre`` (pop's when the genre is unknown)."""
    return _GENRE_PERSONA.get(genre, _GENRE_PERSONA["pop"]).themes


def genre_voice(genre: str, rng: random.Random) -> VoiceProfile:
    """A voice drawn within the genre's typical bounds."""
    bounds = _VOICE_RANGES.get(genre, _VOICE_RANGES["pop"])
    low = rng.randint(*bounds.range_low_midi)
    return VoiceProfile(
        pitch_offset_semitones=round(rng.uniform(*bounds.pitch_offset_semitones), 2),
        formant_shift=round(rng.uniform(*bounds.formant_shift), 3),
        breathiness=round(rng.uniform(*bounds.breathiness), 3),
        vibrato_rate_hz=round(rng.uniform(*bounds.vibrato_rate_hz), 2),
        vibrato_depth_cents=round(rng.uniform(*bounds.vibrato_depth_cents), 1),
        range_low_midi=low,
        range_high_midi=low + rng.randint(12, 15),
    )


def shaped_voice(genre: str, voice: VoiceProfile, *, colour: str, texture: str) -> VoiceProfile:
    """``voice`` moved within the genre's bounds to a described character.

    ``colour`` is ``dark``/``warm``/``bright`` (formant and pitch offset at the low third,
    middle or high third of the genre's range); ``texture`` is ``clean``/``airy``/``breathy``
    (breathiness likewise).
    """
    bounds = _VOICE_RANGES.get(genre, _VOICE_RANGES["pop"])
    thirds = {"dark": 1 / 6, "warm": 1 / 2, "bright": 5 / 6, "clean": 1 / 6, "airy": 1 / 2}

    def at(span: tuple[float, float], where: float) -> float:
        return span[0] + (span[1] - span[0]) * where

    tone = thirds.get(colour, 0.5)
    air = thirds.get(texture, 5 / 6)
    return voice.model_copy(
        update={
            "formant_shift": round(at(bounds.formant_shift, tone), 3),
            "pitch_offset_semitones": round(at(bounds.pitch_offset_semitones, tone), 2),
            "breathiness": round(at(bounds.breathiness, air), 3),
        }
    )


def genre_sound(genre: str) -> str:
    """One-line description of the genre's sound (empty for an unknown genre)."""
    from ai_artist.engines.music.styles import STYLES

    style = STYLES.get(genre)
    return style.description if style is not None else ""


class EmbeddedPersonaWriter:
    """Creates artist profiles offline from seeded tables."""

    name = "embedded"

    def create(self, *, genre: str, seed: int, name: str | None = None) -> ArtistProfile:
        """A new profile for ``genre``; ``name`` is generated when not given."""
        from ai_artist.engines.music.sound import artist_sound

        table = _GENRE_PERSONA.get(genre, _GENRE_PERSONA["pop"])
        rng = random.Random(f"persona:{genre}:{seed}")
        stage_name = name or artist_name(genre, seed=seed)
        themes = rng.sample(list(table.themes), k=3)
        mood = rng.choice(table.moods)
        place = rng.choice(table.places)
        voice = genre_voice(genre, rng)
        typefaces = _TYPEFACES.get(genre, _TYPEFACES["pop"])
        visual = VisualIdentity(
            palette=list(rng.choice(table.palettes)),
            motif=rng.choice(table.motifs),
            typeface=rng.choice(typefaces),
        )
        words = {"name": stage_name, "genre": genre, "place": place}
        opening = rng.choice(_BIO_OPENINGS).format(**words)
        songs = rng.choice(_BIO_SONGS).format(
            mood=mood, mood_cap=mood.capitalize(), t0=themes[0], t1=themes[1], t2=themes[2]
        )
        sound = f" The sound: {genre_sound(genre)}." if genre_sound(genre) else ""
        return ArtistProfile(
            slug=slugify(stage_name),
            name=stage_name,
            genre=genre,
            seed=seed,
            persona=Persona(bio=f"{opening} {songs}{sound}", themes=themes, mood=mood),
            voice=voice,
            visual=visual,
            sound=artist_sound(genre, seed=seed),
        )
