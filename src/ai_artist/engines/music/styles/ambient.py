"""Ambient: slow harmony, long pads, soft plucks echoing in delays, sparse pulses."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLOSED_HAT,
    DEFAULT_ENERGY,
    DEFAULT_GAINS_DB,
    HALL,
    KICK,
    SHAKER,
    SIDE_STICK,
    SNARE,
    SPACE,
    WIDE,
    DrumPattern,
    Feel,
    GenreStyle,
    Palette,
    Transitions,
    fx,
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
            ("Isus2", "bVII", "IV", "I"),  # borrowed bVII
        ),
        "minor": (
            ("i", "VI", "i", "VI"),
            ("i9", "VImaj7", "III", "VII"),
            ("i", "iv", "VI", "i"),
            ("i9", "VImaj7", "iv", "V"),  # harmonic-minor V
        ),
    },
    half_cadence={"major": "IV", "minor": "VII"},
    drums={
        "low": (
            DrumPattern(((KICK, "x.......x......."), (SHAKER, "o...o...o...o..."))),
            DrumPattern(((KICK, "x.......x......."), (SHAKER, "o...o...o...o.g."))),
        ),
        "mid": (
            DrumPattern(
                (
                    (KICK, "x.......x......."),
                    (SHAKER, "o...o...o...o..."),
                    (SIDE_STICK, "....o.......o..."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.......x.....o."),
                    (SHAKER, "o...o...o...o.g."),
                    (SIDE_STICK, "....o.......o..."),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    (KICK, "x.......x......."),
                    (SNARE, "....o.......o..."),
                    (CLOSED_HAT, "o...o...o...o..."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.......x.....o."),
                    (SNARE, "....o.......o..."),
                    (CLOSED_HAT, "o...o...o...o.g."),
                )
            ),
        ),
    },
    fills=(DrumPattern(((SHAKER, "............oooo"),), from_step=12),),
    bass={
        "low": ("x_______________",),
        "mid": ("x_______x_______",),
        "high": ("x_______x_______", "x_______x___o___"),
    },
    comp={
        "low": ("x_______________",),
        "mid": ("x_______________",),
        "high": ("x_______x_______",),
    },
    arp="x...o...x...o...",
    palette=Palette(drums=0, bass="analog", keys=4, lead=98, pad="supersaw", arp="pluck"),
    alternatives={
        "Keys": (4, 0, 11, 88),
        "Lead": (98, 73, 88, 11),
        "Pad": ("supersaw", 89, 91, 94),
        "Arp": ("pluck", 8, 11, 46),
    },
    feel=Feel(timing_jitter_beats=0.02, velocity_jitter=8),
    transitions=Transitions(riser_beats=8.0),
    melody_density=0.4,
    section_energy={
        **DEFAULT_ENERGY,
        "intro": 0.35,
        "verse": 0.45,
        "chorus": 0.75,
        "prechorus": 0.55,
    },
    gains_db={**DEFAULT_GAINS_DB, "Drums": -4.0, "Pad": -6.0, "Arp": -9.0},
    arrangement={
        "intro": ("Drums", "Pad", "Arp", "Lead"),
        "verse": ("Drums", "Bass", "Keys", "Pad", "Arp"),
        "prechorus": ("Drums", "Bass", "Keys", "Pad", "Arp", "FX"),
        "chorus": ("Drums", "Bass", "Keys", "Pad", "Arp", "Lead", "FX"),
        "bridge": ("Drums", "Pad", "Arp", "Keys"),
        "break": ("Pad", "Arp"),
        "outro": ("Drums", "Pad", "Arp", "Lead"),
    },
    effects={
        "Drums": (SPACE,),
        "Keys": (WIDE, HALL),
        "Pad": (fx("lowpass", cutoff_frequency_hz=4000.0), WIDE, HALL),
        "Lead": (fx("delay", delay_beats=1.5, feedback=0.4, mix=0.3), HALL),
        "Arp": (fx("delay", delay_beats=1.5, feedback=0.45, mix=0.3), HALL),
        "Bass": (fx("lowpass", cutoff_frequency_hz=600.0),),
        "FX": (HALL,),
    },
)
