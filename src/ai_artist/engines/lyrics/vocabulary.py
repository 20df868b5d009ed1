"""Word banks of the embedded lyric writer, grouped by theme and mood.

Every word here is in the CMU dictionary with one unambiguous syllable count (words such
as "fire" or "every", which singers and dictionaries count differently, are left out).
End-word families are nouns that rhyme with each other; the tests check both facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _families(*lines: str) -> tuple[tuple[str, ...], ...]:
    return tuple(_words(line) for line in lines)


@dataclass(frozen=True)
class Bank:
    """Words for one theme; ``keywords`` pick the bank from a plan's genre, mood and theme."""

    name: str
    keywords: tuple[str, ...]
    nouns: tuple[str, ...]  # plural nouns, used inside lines ("the lights of the …")
    verbs_moving: tuple[str, ...]  # intransitive, base form: "we drift through …"
    verbs_holding: tuple[str, ...]  # transitive, base form: "we chase the …"
    families: tuple[tuple[str, ...], ...]  # rhyming singular nouns that end lines
    title_nouns: tuple[str, ...] = field(default=())


SUBJECTS = _words("I we you they")
MODALS = _words("can will still could never always")
PREPOSITIONS = _words("in on through by under across along beneath beyond into")
OPENERS = ("", "oh, ", "and ", "so ", "now ", "tonight, ", "and now ", "hold on, ", "so tonight, ")

ADJECTIVES = {
    "dark": _words(
        "broken hollow empty distant silent restless fading cold lonely heavy "
        "shattered faded quiet grey midnight dark lost pale late last slow deep bare"
    ),
    "bright": _words(
        "golden shining brighter endless open burning glowing electric "
        "wild warm sunny gentle vivid bright new clear high free sweet"
    ),
    "neutral": _words(
        "silver velvet neon crystal secret hidden fragile electric endless "
        "quiet distant burning blue soft strange still slow wide"
    ),
}

MOOD_ADJECTIVES = {
    "bittersweet": ("neutral", "dark"),
    "melancholic": ("dark", "neutral"),
    "sad": ("dark", "neutral"),
    "dark": ("dark", "neutral"),
    "moody": ("dark", "neutral"),
    "nostalgic": ("neutral", "dark"),
    "dreamy": ("neutral", "bright"),
    "hopeful": ("bright", "neutral"),
    "euphoric": ("bright", "neutral"),
    "happy": ("bright", "neutral"),
    "energetic": ("bright", "neutral"),
    "romantic": ("neutral", "bright"),
}

BANKS: tuple[Bank, ...] = (
    Bank(
        name="city-night",
        keywords=_words("synthwave electronic synth city night neon urban retro club dance house"),
        nouns=_words("lights signs cars streets echoes screens shadows"),
        verbs_moving=_words("drift run dance glide fall shine burn wait wander glow fade rise"),
        verbs_holding=_words("chase hold find keep feel follow remember"),
        families=_families(
            "night light sight flight midnight satellite",
            "rain train lane chain pane plane",
            "street beat heat concrete",
            "line sign shine design skyline",
            "town sundown downtown crown",
            "glow radio show afterglow",
            "car star guitar bar",
            "dream stream beam",
        ),
        title_nouns=_words("rain lights skyline midnight signal boulevard echo city highway"),
    ),
    Bank(
        name="sky-sea",
        keywords=_words("folk indie acoustic ambient chill sea ocean sky summer nature dream"),
        nouns=_words("waves clouds birds leaves stars rivers dreams fields"),
        verbs_moving=_words("drift float fly fall sail glow rise wander linger breathe shine"),
        verbs_holding=_words("hold find keep feel follow carry remember"),
        families=_families(
            "sea tree key bee",
            "sky lullaby goodbye July",
            "shore floor door",
            "tide side ride",
            "moon tune june lagoon afternoon",
            "wave cave",
            "stone bone throne",
            "sun one",
        ),
        title_nouns=_words("ocean tide harbor meadow summer horizon lantern river"),
    ),
    Bank(
        name="heart",
        keywords=_words("pop soul love heart rnb ballad romance romantic"),
        nouns=_words("hearts hands words songs dreams lies tears kisses"),
        verbs_moving=_words("dance fall run shine wait burn hide breathe dream stay"),
        verbs_holding=_words("hold find keep feel follow need remember"),
        families=_families(
            "heart start art",
            "eyes skies sunrise lies",
            "name flame game frame",
            "time rhyme chime",
            "day way away yesterday",
            "kiss bliss abyss",
            "song along belong",
        ),
        title_nouns=_words("heart promise stranger paradise ribbon echo letters"),
    ),
    Bank(
        name="road",
        keywords=_words("rock country blues punk road highway freedom grunge metal"),
        nouns=_words("wheels roads bridges engines years stories"),
        verbs_moving=_words("run drive ride roll burn fall rise roam shout stand"),
        verbs_holding=_words("chase hold find leave keep follow remember"),
        families=_families(
            "road load code",
            "west chest rest quest",
            "dust trust rust",
            "soul coal goal",
            "ground sound",
            "town crown sundown",
            "track black back",
            "home foam chrome",
        ),
        title_nouns=_words("highway thunder engine desert outlaw frontier"),
    ),
)

BLOCKLIST = frozenset(
    _words("damn hell shit fuck fucking bitch ass bastard crap dick piss kill killing dead")
)
