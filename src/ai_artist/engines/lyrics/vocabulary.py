"""Word banks of the embedded lyric writer, one per genre family, plus mood adjectives.

Every word here is in the CMU dictionary with one unambiguous syllable count (words such
as "fire" or "every", which singers and dictionaries count differently, are left out).
End-word families are concrete nouns that rhyme with each other; the tests check both.
Verbs are base forms, so they agree with the subjects used (I, you, we) and with the
plural nouns.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _families(*lines: str) -> tuple[tuple[str, ...], ...]:
    return tuple(_words(line) for line in lines)


@dataclass(frozen=True)
class Bank:
    """Words for one genre family; ``keywords`` pick the bank from genre, mood and theme."""

    name: str
    keywords: tuple[str, ...]
    nouns: tuple[str, ...]
    """Plural nouns, the song's images ("the lights", "the waves")."""
    verbs_moving: tuple[str, ...]
    """Intransitive verbs, base form: "we drift through …"."""
    verbs_holding: tuple[str, ...]
    """Transitive verbs, base form: "you hold the …"."""
    families: tuple[tuple[str, ...], ...]
    """Rhyming singular nouns that end lines."""
    title_nouns: tuple[str, ...] = ()


SUBJECTS = _words("I we you")
MODALS = _words("can will still could never always")
PREPOSITIONS = _words("in on through by under across along beneath beyond into")
OPENERS = ("", "oh, ", "and ", "so ", "now ", "yeah, ", "tonight, ", "and now ", "hold on, ")

ADJECTIVES = {
    "dark": _words(
        "broken hollow empty distant silent restless fading cold lonely heavy "
        "shattered faded quiet grey midnight dark lost pale late last slow deep bare "
        "forgotten unspoken flickering sleepless borrowed careless whispering"
    ),
    "bright": _words(
        "golden shining brighter endless open burning glowing electric "
        "wild warm sunny gentle vivid bright new clear high free sweet "
        "beautiful luminous shimmering glittering fearless golden tender"
    ),
    "neutral": _words(
        "silver velvet neon crystal secret hidden fragile electric endless "
        "quiet distant burning blue soft strange still slow wide "
        "magnetic hypnotic infinite delicate wandering scarlet amber timeless"
    ),
}

MOOD_ADJECTIVES = {
    "bittersweet": ("neutral", "dark"),
    "melancholic": ("dark", "neutral"),
    "sad": ("dark", "neutral"),
    "dark": ("dark", "neutral"),
    "moody": ("dark", "neutral"),
    "nostalgic": ("neutral", "dark"),
    "wistful": ("neutral", "dark"),
    "dreamy": ("neutral", "bright"),
    "floating": ("neutral", "bright"),
    "serene": ("neutral", "bright"),
    "calm": ("neutral", "bright"),
    "hypnotic": ("neutral", "dark"),
    "hopeful": ("bright", "neutral"),
    "euphoric": ("bright", "neutral"),
    "happy": ("bright", "neutral"),
    "bright": ("bright", "neutral"),
    "warm": ("bright", "neutral"),
    "confident": ("bright", "dark"),
    "energetic": ("bright", "neutral"),
    "romantic": ("neutral", "bright"),
}

BANKS: tuple[Bank, ...] = (
    Bank(
        name="city-night",
        keywords=_words("synthwave electronic synth city cities night neon urban retro static"),
        nouns=_words("lights signs cars streets echoes screens shadows"),
        verbs_moving=_words("drift run dance glide fall shine burn wait wander glow fade rise"),
        verbs_holding=_words("chase hold find keep feel follow remember"),
        families=_families(
            "night light sight flight midnight satellite height",
            "rain train lane chain plane",
            "street beat heat concrete seat",
            "sign shine skyline",
            "town sundown downtown crown",
            "glow radio show afterglow snow",
            "car star guitar bar",
            "dream stream beam",
        ),
        title_nouns=_words("rain lights skyline midnight signal boulevard echo city highway"),
    ),
    Bank(
        name="dance-floor",
        keywords=_words("house dance club floor party dancing strangers sunrise heartbeat"),
        nouns=_words("lights hands voices bodies strangers speakers drums"),
        verbs_moving=_words("dance move sway spin shine rise fall glow burn breathe stay"),
        verbs_holding=_words("feel hold find keep chase follow need"),
        families=_families(
            "floor door shore",
            "night light height",
            "sky goodbye",
            "beat heat street feet seat",
            "sound ground",
            "time rhyme chime",
            "soul goal control",
            "day way yesterday",
            "flame name game",
        ),
        title_nouns=_words("sunrise strangers heartbeat daylight rhythm gravity ocean"),
    ),
    Bank(
        name="sky-sea",
        keywords=_words(
            "ambient folk indie acoustic chill sea ocean sky summer nature dream tides stars "
            "forest winter journey space"
        ),
        nouns=_words("waves clouds birds leaves stars rivers dreams fields"),
        verbs_moving=_words("drift float fly fall sail glow rise wander linger breathe shine"),
        verbs_holding=_words("hold find keep feel follow carry remember"),
        families=_families(
            "sea tree key",
            "breeze trees",
            "sky lullaby goodbye",
            "shore floor door",
            "tide side ride",
            "moon tune lagoon afternoon",
            "stone bone throne",
            "light night sight",
            "snow glow show",
        ),
        title_nouns=_words("ocean tide harbor meadow summer horizon lantern river winter"),
    ),
    Bank(
        name="room",
        keywords=_words(
            "lofi rainy afternoons study coffee mornings photographs quiet morning waking "
            "old bedroom window"
        ),
        nouns=_words("pages records photographs windows candles letters raindrops"),
        verbs_moving=_words("drift fall wait rest linger wander breathe fade stay dream"),
        verbs_holding=_words("hold keep find read write remember follow"),
        families=_families(
            "rain lane pane train",
            "page stage age",
            "tea sea key",
            "street seat sheet",
            "room bloom",
            "moon afternoon tune",
            "light night kite",
            "sound ground",
            "door floor shore",
        ),
        title_nouns=_words("window coffee pages polaroid rainfall sunday paper lantern"),
    ),
    Bank(
        name="heart",
        keywords=_words("pop soul love heart rnb ballad romance romantic falling kitchen young"),
        nouns=_words("hearts hands words songs dreams tears kisses"),
        verbs_moving=_words("dance fall run shine wait burn hide breathe dream stay"),
        verbs_holding=_words("hold find keep feel follow need remember"),
        families=_families(
            "heart start art",
            "eyes skies sunrise",
            "name flame game frame",
            "time rhyme chime",
            "day way yesterday",
            "kiss bliss",
            "night light sight",
            "song throng",
        ),
        title_nouns=_words("heart promise stranger paradise ribbon echo letters summer"),
    ),
    Bank(
        name="rise",
        keywords=_words("trap come-up loyalty pressure money proving hustle grind rap"),
        nouns=_words("dreams streets nights lights crowds doubts roads"),
        verbs_moving=_words("rise climb run shine stand ride grind win move"),
        verbs_holding=_words("chase hold keep find prove earn build"),
        families=_families(
            "crown town",
            "ground sound",
            "street heat beat concrete",
            "top stop",
            "name game flame",
            "night light height",
            "gold cold",
            "team dream stream",
            "way day",
        ),
        title_nouns=_words("crown concrete skyline pressure loyal summit gold"),
    ),
    Bank(
        name="road",
        keywords=_words("rock country blues punk road highway freedom grunge metal driving"),
        nouns=_words("wheels roads bridges engines years stories"),
        verbs_moving=_words("run drive ride roll burn fall rise roam shout stand"),
        verbs_holding=_words("chase hold find leave keep follow remember"),
        families=_families(
            "road load",
            "west chest rest quest",
            "dust trust rust",
            "soul goal",
            "ground sound",
            "town crown sundown",
            "track black back",
            "home chrome",
        ),
        title_nouns=_words("highway thunder engine desert outlaw frontier"),
    ),
)

GENRE_BANKS = {
    "synthwave": "city-night",
    "house": "dance-floor",
    "ambient": "sky-sea",
    "lofi": "room",
    "pop": "heart",
    "trap": "rise",
    "rock": "road",
}
"""The bank each genre writes from (other genres choose by keywords)."""

BLOCKLIST = frozenset(
    _words(
        "damn damned hell shit shitty fuck fucking fucked motherfucker bitch bitches ass "
        "asshole bastard crap dick piss pissed cock pussy slut whore cunt nigga nigger "
        "kill killing killed dead weed cocaine"
    )
)
"""Words kept out of clean lyrics (checked unless the artist is marked explicit)."""
