"""Genre styles as data: tempo, feel, harmony, grooves, instruments and effects per genre.

A style is plain data read by the planner, composer and renderer; a new genre is a new
:class:`GenreStyle` value in :data:`STYLES`, never new code.

Rhythm grids have 16 steps per 4/4 bar (one step = a sixteenth note = 0.25 beats):

* drum lanes: ``x`` accent, ``o`` normal hit, ``g`` ghost note, ``.`` rest;
* bass and comping: ``x`` accented onset, ``o`` soft onset, ``O`` octave up (bass),
  ``F`` fifth (bass), ``_`` hold the previous note, ``.`` rest.

Drum pitches are General MIDI percussion keys (36 kick, 38 snare, 39 clap, 42 closed hat,
46 open hat, 37 side stick, 70 maracas/shaker, 45/47/50 toms, 49 crash). Programs are GM
program numbers counted from 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ai_artist.errors import InputError

Level = Literal["low", "mid", "high"]

KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, OPEN_HAT, CRASH, SHAKER = 36, 37, 38, 39, 42, 46, 49, 70
LOW_TOM, MID_TOM, HIGH_TOM = 45, 47, 50


def energy_level(energy: float) -> Level:
    """The groove level of a section energy (0..1): low < 0.45 ≤ mid < 0.72 ≤ high."""
    if energy < 0.45:
        return "low"
    return "mid" if energy < 0.72 else "high"


@dataclass(frozen=True)
class DrumPattern:
    """One bar of drums: (GM drum pitch, 16-step grid) lanes."""

    lanes: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Palette:
    """GM programs of the parts; ``None`` leaves the part out."""

    keys: int
    bass: int
    lead: int
    pad: int | None = None
    arp: int | None = None
    drum_kit: int = 0


@dataclass(frozen=True)
class Effect:
    """A pedalboard effect by class name with keyword parameters.

    ``kind`` is one of reverb, compressor, chorus, delay, lowpass, highpass, distortion.
    A delay may give ``delay_beats`` instead of ``delay_seconds`` (converted with the tempo).
    """

    kind: str
    params: tuple[tuple[str, float], ...] = ()


def _fx(kind: str, **params: float) -> Effect:
    return Effect(kind, tuple(sorted(params.items())))


DEFAULT_ENERGY: Mapping[str, float] = {
    "intro": 0.3,
    "verse": 0.5,
    "prechorus": 0.65,
    "chorus": 0.85,
    "bridge": 0.6,
    "break": 0.3,
    "outro": 0.35,
}

DEFAULT_GAINS_DB: Mapping[str, float] = {
    "Drums": 0.0,
    "Bass": -2.0,
    "Keys": -6.0,
    "Pad": -11.0,
    "Lead": -6.0,
    "Arp": -11.0,
}


@dataclass(frozen=True)
class GenreStyle:
    """Everything genre-specific the music engine uses. Tempi in BPM, swing 0..1."""

    name: str
    description: str
    tempo_min_bpm: float
    tempo_max_bpm: float
    modes: tuple[str, ...]
    progressions: Mapping[str, tuple[tuple[str, ...], ...]]
    half_cadence: Mapping[str, str]
    drums: Mapping[Level, DrumPattern]
    fill: DrumPattern
    bass: Mapping[Level, str]
    comp: Mapping[Level, str]
    palette: Palette
    arp: str = "x.o.x.o.x.o.x.o."
    swing: float = 0.0
    fill_from_step: int = 12
    bass_low_midi: int = 33
    melody_density: float = 0.6
    section_energy: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ENERGY))
    gains_db: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_GAINS_DB))
    effects: Mapping[str, tuple[Effect, ...]] = field(default_factory=dict)

    def energy_of(self, section_name: str) -> float:
        """Default energy (0..1) of a section by name."""
        return self.section_energy.get(section_name, 0.5)


_SPACE = _fx("reverb", room_size=0.55, wet_level=0.18, dry_level=0.9, damping=0.5)
_HALL = _fx("reverb", room_size=0.85, wet_level=0.32, dry_level=0.8, damping=0.4)
_PUNCH = _fx("compressor", threshold_db=-16.0, ratio=3.0, attack_ms=8.0, release_ms=120.0)
_WIDE = _fx("chorus", rate_hz=0.6, depth=0.25, centre_delay_ms=7.0, mix=0.35)

SYNTHWAVE = GenreStyle(
    name="synthwave",
    description="80s-inspired synth pop: gated drums, pulsing bass, lush pads, saw leads",
    tempo_min_bpm=84,
    tempo_max_bpm=112,
    modes=("minor", "major"),
    progressions={
        "minor": (
            ("i", "VI", "III", "VII"),
            ("i", "VII", "VI", "VII"),
            ("VI", "VII", "i", "i"),
            ("i", "iv", "VI", "V"),
            ("i", "VI", "VII", "v"),
        ),
        "major": (
            ("I", "V", "vi", "IV"),
            ("vi", "IV", "I", "V"),
            ("I", "iii", "IV", "V"),
            ("IV", "V", "iii", "vi"),
        ),
    },
    half_cadence={"minor": "VII", "major": "V"},
    drums={
        "low": DrumPattern(((KICK, "x.......x......."), (CLOSED_HAT, "o.g.o.g.o.g.o.g."))),
        "mid": DrumPattern(
            (
                (KICK, "x.......x.o....."),
                (SNARE, "....x.......x..."),
                (CLOSED_HAT, "o.o.o.o.o.o.o.o."),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x...x...x...x..."),
                (SNARE, "....x.......x..."),
                (CLAP, "....o.......o..."),
                (CLOSED_HAT, "ogogogogogogogog"),
            )
        ),
    },
    fill=DrumPattern(
        ((SNARE, "........o.o.oooo"), (HIGH_TOM, "........o......."), (MID_TOM, "..........o....."))
    ),
    fill_from_step=8,
    bass={"low": "x_______x_______", "mid": "x.o.x.o.x.o.x.o.", "high": "xoxoxoxoxoxoxoxo"},
    comp={"low": "x_______________", "mid": "x_______x_______", "high": "x_______x_______"},
    arp="xooOxooOxooOxooO",
    palette=Palette(keys=5, bass=38, lead=81, pad=89, arp=80, drum_kit=24),
    effects={
        "Drums": (_PUNCH, _fx("reverb", room_size=0.35, wet_level=0.12, dry_level=1.0)),
        "Bass": (_fx("compressor", threshold_db=-18.0, ratio=4.0),),
        "Keys": (_WIDE, _SPACE),
        "Pad": (_WIDE, _HALL),
        "Lead": (_fx("delay", delay_beats=0.75, feedback=0.3, mix=0.22), _SPACE),
        "Arp": (_fx("delay", delay_beats=0.75, feedback=0.35, mix=0.25), _SPACE),
    },
)

LOFI = GenreStyle(
    name="lofi",
    description="lo-fi hip-hop: swung boom-bap, dusty electric piano, jazzy seventh chords",
    tempo_min_bpm=70,
    tempo_max_bpm=90,
    modes=("minor", "major"),
    progressions={
        "minor": (
            ("i7", "iv7", "VII7", "IIImaj7"),
            ("i9", "VImaj7", "iv7", "v7"),
            ("i7", "iv7", "i7", "v7"),
            ("iv7", "v7", "i7", "VImaj7"),
        ),
        "major": (
            ("IVmaj7", "iii7", "ii7", "Imaj7"),
            ("ii7", "V7", "Imaj7", "vi7"),
            ("Imaj7", "vi7", "ii7", "V7"),
            ("Imaj7", "IVmaj7", "iii7", "vi7"),
        ),
    },
    half_cadence={"minor": "v7", "major": "V7"},
    drums={
        "low": DrumPattern(
            (
                (KICK, "x.........x....."),
                (SIDE_STICK, "....o.......o..."),
                (CLOSED_HAT, "o.g.o.g.o.g.o.g."),
            )
        ),
        "mid": DrumPattern(
            (
                (KICK, "x......o..x....."),
                (SNARE, "....x.......x..."),
                (CLOSED_HAT, "o.o.o.ogo.o.o.og"),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x......ox.x....."),
                (SNARE, "....x.......x..g"),
                (CLOSED_HAT, "o.ogo.ogo.ogo.og"),
                (SHAKER, "..g...g...g...g."),
            )
        ),
    },
    fill=DrumPattern(((SNARE, "............g.oo"), (KICK, "..............o."))),
    bass={"low": "x_________x_____", "mid": "x_____x___x_____", "high": "x_____x_o_x___o_"},
    comp={"low": "x_______________", "mid": "x_____o_________", "high": "x_____o___x_____"},
    palette=Palette(keys=4, bass=33, lead=11, pad=89, drum_kit=32),
    swing=0.5,
    bass_low_midi=31,
    melody_density=0.45,
    section_energy={**DEFAULT_ENERGY, "chorus": 0.75, "prechorus": 0.6},
    gains_db={**DEFAULT_GAINS_DB, "Keys": -4.0, "Pad": -14.0},
    effects={
        "Drums": (_fx("lowpass", cutoff_frequency_hz=7000.0), _PUNCH),
        "Bass": (_fx("lowpass", cutoff_frequency_hz=1800.0),),
        "Keys": (_fx("lowpass", cutoff_frequency_hz=3800.0), _WIDE, _SPACE),
        "Pad": (_fx("lowpass", cutoff_frequency_hz=3000.0), _HALL),
        "Lead": (_fx("lowpass", cutoff_frequency_hz=5000.0), _SPACE),
    },
)

HOUSE = GenreStyle(
    name="house",
    description="deep house: four-on-the-floor, off-beat bass and chord stabs, warm pads",
    tempo_min_bpm=118,
    tempo_max_bpm=126,
    modes=("minor", "major"),
    progressions={
        "minor": (
            ("i7", "iv7", "i7", "iv7"),
            ("i7", "VImaj7", "VII7", "i7"),
            ("i9", "VII", "VImaj7", "VII"),
            ("iv7", "VII7", "IIImaj7", "VImaj7"),
        ),
        "major": (
            ("ii7", "iii7", "IVmaj7", "iii7"),
            ("vi7", "IVmaj7", "Imaj7", "V7"),
            ("Imaj7", "iii7", "vi7", "IVmaj7"),
        ),
    },
    half_cadence={"minor": "VII7", "major": "V7"},
    drums={
        "low": DrumPattern(((KICK, "x...x...x...x..."), (OPEN_HAT, "..o...o...o...o."))),
        "mid": DrumPattern(
            (
                (KICK, "x...x...x...x..."),
                (CLAP, "....x.......x..."),
                (OPEN_HAT, "..o...o...o...o."),
                (CLOSED_HAT, "...g...g...g...g"),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x...x...x...x..."),
                (CLAP, "....x.......x..."),
                (OPEN_HAT, "..o...o...o...o."),
                (CLOSED_HAT, "...g...g...g...g"),
                (SHAKER, "ogg.ogg.ogg.ogg."),
            )
        ),
    },
    fill=DrumPattern(((CLAP, "........o.o.oooo"),)),
    fill_from_step=8,
    bass={"low": "..x...x...x...x.", "mid": "..x_.ox_..x_.ox_", "high": "..x_.ox_..x_.oO_"},
    comp={"low": "x_______________", "mid": "..x_..x_..x_..x_", "high": "..x_..x_..x_.ox_"},
    palette=Palette(keys=4, bass=39, lead=80, pad=89, drum_kit=25),
    swing=0.15,
    melody_density=0.55,
    effects={
        "Drums": (_PUNCH,),
        "Bass": (_fx("compressor", threshold_db=-18.0, ratio=4.0),),
        "Keys": (_fx("delay", delay_beats=0.75, feedback=0.25, mix=0.2), _SPACE),
        "Pad": (_WIDE, _HALL),
        "Lead": (_fx("delay", delay_beats=0.5, feedback=0.3, mix=0.2), _SPACE),
    },
)

POP = GenreStyle(
    name="pop",
    description="contemporary pop: piano and strings, steady backbeat, big choruses",
    tempo_min_bpm=96,
    tempo_max_bpm=124,
    modes=("major", "minor"),
    progressions={
        "major": (
            ("I", "V", "vi", "IV"),
            ("vi", "IV", "I", "V"),
            ("I", "vi", "IV", "V"),
            ("IV", "I", "V", "vi"),
            ("I", "IV", "vi", "V"),
        ),
        "minor": (
            ("i", "VI", "III", "VII"),
            ("i", "iv", "VI", "V"),
            ("VI", "VII", "i", "i"),
            ("i", "VII", "VI", "VII"),
        ),
    },
    half_cadence={"major": "V", "minor": "V"},
    drums={
        "low": DrumPattern(((KICK, "x.......x......."), (CLOSED_HAT, "o.o.o.o.o.o.o.o."))),
        "mid": DrumPattern(
            (
                (KICK, "x.....o.x......."),
                (SNARE, "....x.......x..."),
                (CLOSED_HAT, "o.o.o.o.o.o.o.o."),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x.....o.x.o....."),
                (SNARE, "....x.......x..."),
                (CLAP, "....o.......o..."),
                (CLOSED_HAT, "ogogogogogogogog"),
            )
        ),
    },
    fill=DrumPattern(
        ((SNARE, "........o.o.oxox"), (HIGH_TOM, "........o......."), (LOW_TOM, "..........o....."))
    ),
    fill_from_step=8,
    bass={"low": "x_______x_______", "mid": "x_____o_x_______", "high": "x__o__x_x__o__x_"},
    comp={"low": "x_______________", "mid": "x___o___x___o___", "high": "x.o.x.o.x.o.x.o."},
    arp="x.o.x.o.x.o.x.o.",
    palette=Palette(keys=0, bass=33, lead=81, pad=48, arp=27, drum_kit=0),
    melody_density=0.65,
    effects={
        "Drums": (_PUNCH, _fx("reverb", room_size=0.3, wet_level=0.1, dry_level=1.0)),
        "Keys": (_SPACE,),
        "Pad": (_HALL,),
        "Lead": (_fx("delay", delay_beats=0.75, feedback=0.25, mix=0.18), _SPACE),
        "Arp": (_WIDE, _SPACE),
    },
)

TRAP = GenreStyle(
    name="trap",
    description="trap: half-time claps, rolling hats, long 808 bass, dark piano and bells",
    tempo_min_bpm=130,
    tempo_max_bpm=150,
    modes=("minor",),
    progressions={
        "minor": (
            ("i", "VI", "VII", "i"),
            ("i", "iv", "VI", "V"),
            ("i", "VI", "iv", "V"),
            ("i", "i", "VI", "VII"),
            ("i", "III", "VI", "v"),
        ),
    },
    half_cadence={"minor": "V"},
    drums={
        "low": DrumPattern(((KICK, "x.........x....."), (CLOSED_HAT, "o.o.o.o.o.o.o.o."))),
        "mid": DrumPattern(
            (
                (KICK, "x.....x...x....."),
                (CLAP, "........x......."),
                (CLOSED_HAT, "ogogogogogogogog"),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x.....x..x.x...."),
                (CLAP, "........x......."),
                (SNARE, "........o......."),
                (CLOSED_HAT, "ogogogogogogxooo"),
                (OPEN_HAT, "......o........."),
            )
        ),
    },
    fill=DrumPattern(((SNARE, "............oooo"), (CLOSED_HAT, "............xxxx"))),
    bass={"low": "x_______________", "mid": "x_____x___x_____", "high": "x_____x__x_x____"},
    comp={"low": "x_______________", "mid": "x_______________", "high": "x_______x_______"},
    arp="x..ox..ox..ox..o",
    palette=Palette(keys=0, bass=38, lead=10, pad=89, arp=14, drum_kit=25),
    bass_low_midi=28,
    melody_density=0.7,
    section_energy={**DEFAULT_ENERGY, "intro": 0.4, "verse": 0.65},
    gains_db={**DEFAULT_GAINS_DB, "Bass": 0.0, "Keys": -7.0},
    effects={
        "Drums": (_PUNCH,),
        "Bass": (_fx("distortion", drive_db=6.0), _fx("lowpass", cutoff_frequency_hz=900.0)),
        "Keys": (_HALL,),
        "Pad": (_HALL,),
        "Lead": (_fx("delay", delay_beats=0.75, feedback=0.3, mix=0.2), _HALL),
        "Arp": (_HALL,),
    },
)

AMBIENT = GenreStyle(
    name="ambient",
    description="ambient: slow harmony, long pads, soft pulses, sparse percussion",
    tempo_min_bpm=60,
    tempo_max_bpm=84,
    modes=("major", "minor"),
    progressions={
        "major": (
            ("I", "IV", "I", "IV"),
            ("Imaj7", "IVmaj7", "vi7", "IVmaj7"),
            ("I", "iii", "IV", "I"),
            ("vi7", "IVmaj7", "I", "V"),
        ),
        "minor": (("i", "VI", "i", "VI"), ("i9", "VImaj7", "III", "VII"), ("i", "iv", "VI", "i")),
    },
    half_cadence={"major": "IV", "minor": "VII"},
    drums={
        "low": DrumPattern(((KICK, "x..............."), (SHAKER, "..g...g...g...g."))),
        "mid": DrumPattern(
            (
                (KICK, "x.......x......."),
                (SHAKER, "o.g.o.g.o.g.o.g."),
                (SIDE_STICK, "............o..."),
            )
        ),
        "high": DrumPattern(
            (
                (KICK, "x.......x......."),
                (SNARE, "........o......."),
                (CLOSED_HAT, "o.o.o.o.o.o.o.o."),
            )
        ),
    },
    fill=DrumPattern(((SHAKER, "............oooo"),)),
    bass={"low": "x_______________", "mid": "x_______________", "high": "x_______x_______"},
    comp={"low": "x_______________", "mid": "x_______________", "high": "x_______x_______"},
    arp="x...o...x...o...",
    palette=Palette(keys=4, bass=38, lead=98, pad=89, arp=8, drum_kit=0),
    melody_density=0.4,
    section_energy={**DEFAULT_ENERGY, "verse": 0.4, "chorus": 0.65, "prechorus": 0.5},
    gains_db={**DEFAULT_GAINS_DB, "Drums": -4.0, "Pad": -5.0},
    effects={
        "Drums": (_SPACE,),
        "Keys": (_WIDE, _HALL),
        "Pad": (_WIDE, _HALL),
        "Lead": (_fx("delay", delay_beats=1.5, feedback=0.4, mix=0.3), _HALL),
        "Arp": (_fx("delay", delay_beats=1.0, feedback=0.4, mix=0.3), _HALL),
        "Bass": (_fx("lowpass", cutoff_frequency_hz=600.0),),
    },
)

STYLES: Mapping[str, GenreStyle] = {
    style.name: style for style in (SYNTHWAVE, LOFI, HOUSE, POP, TRAP, AMBIENT)
}
GENRES: tuple[str, ...] = tuple(STYLES)
"""Names of the genres the embedded engine can write."""

_ALIASES = {
    "lo-fi": "lofi",
    "lofi hip-hop": "lofi",
    "lo-fi hip-hop": "lofi",
    "deep house": "house",
    "deep-house": "house",
    "synth-wave": "synthwave",
}


def get_style(name: str) -> GenreStyle:
    """The style of a genre by name (case-insensitive; 'lo-fi', 'deep house' accepted)."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in STYLES:
        raise InputError(f"unknown genre '{name}'; accepted: {', '.join(GENRES)}")
    return STYLES[key]
