"""Trap: half-time claps, rolling hats, long gliding 808s, dark piano, bells and choir."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLAP,
    CLOSED_HAT,
    DEFAULT_ENERGY,
    DEFAULT_GAINS_DB,
    HALL,
    KICK,
    OPEN_HAT,
    PUNCH,
    SNARE,
    DrumPattern,
    Feel,
    GenreStyle,
    Palette,
    Transitions,
    fx,
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
            ("i", "bII", "i", "i"),  # phrygian bII
        ),
    },
    half_cadence={"minor": "V"},
    drums={
        "low": (
            DrumPattern(((KICK, "x.........x....."), (CLOSED_HAT, "x.o.x.o.x.o.x.o."))),
            DrumPattern(((KICK, "x.........x....."), (CLOSED_HAT, "x.o.x.o.x.o.rrrr"))),
        ),
        "mid": (
            DrumPattern(
                (
                    (KICK, "x.....x...x....."),
                    (CLAP, "........x......."),
                    (CLOSED_HAT, "xgogxgogxgogxgog"),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.....x...x..x.."),
                    (CLAP, "........x......."),
                    (CLOSED_HAT, "xgogxgogxgorrgog"),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    (KICK, "x.....x..x.x...."),
                    (CLAP, "........x......."),
                    (SNARE, "........o......."),
                    (CLOSED_HAT, "xgogxgogxgogxooo"),
                    (OPEN_HAT, "......o........."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.....x..x.x..x."),
                    (CLAP, "........x......."),
                    (SNARE, "........o.....g."),
                    (CLOSED_HAT, "xgogRRogxgogrrrr"),
                    (OPEN_HAT, "......o........."),
                )
            ),
        ),
    },
    fills=(
        DrumPattern(((CLOSED_HAT, "............RRRR"),), from_step=12),
        DrumPattern(((SNARE, "............oooo"), (CLOSED_HAT, "............xxxx")), from_step=12),
    ),
    bass={
        "low": ("x_______________", "x_______x_______"),
        "mid": ("x_____x___x_____", "x_____x___x___S_"),
        "high": ("x_____x__x_x____", "x_____x__x_x__S_"),
    },
    comp={
        "low": ("x_______________",),
        "mid": ("x_______________", "x_______x_______"),
        "high": ("x_______x_______",),
    },
    arp="x..ox..ox..ox..o",
    palette=Palette(drums="machine", bass="808", keys=0, lead=10, pad=52, arp=14),
    alternatives={
        "Keys": (0, 1, 4),
        "Lead": (10, 9, 14, 11, 8),
        "Pad": (52, 89, 48),
        "Arp": (14, 9, 10, "pluck"),
    },
    feel=Feel(velocity_jitter=4),
    transitions=Transitions(drop_beats=1.0, impact=True),
    bass_low_midi=28,
    melody_density=0.7,
    section_energy={**DEFAULT_ENERGY, "intro": 0.4, "verse": 0.65},
    gains_db={**DEFAULT_GAINS_DB, "Bass": 0.0, "Keys": -7.0},
    arrangement={
        "intro": ("Keys", "Pad", "Lead"),
        "verse": ("Drums", "Bass", "Keys", "Pad"),
        "prechorus": ("Drums", "Bass", "Keys", "Pad", "Arp"),
        "chorus": ("Drums", "Bass", "Keys", "Pad", "Arp", "Lead", "FX"),
        "bridge": ("Drums", "Keys", "Pad", "Arp"),
        "break": ("Keys", "Pad"),
        "outro": ("Keys", "Pad", "Lead", "Bass"),
    },
    effects={
        "Drums": (PUNCH,),
        "Bass": (fx("saturation", drive_db=8.0), fx("lowpass", cutoff_frequency_hz=900.0)),
        "Keys": (HALL,),
        "Pad": (fx("lowpass", cutoff_frequency_hz=5000.0), HALL),
        "Lead": (fx("delay", delay_beats=0.75, feedback=0.3, mix=0.2), HALL),
        "Arp": (HALL,),
        "FX": (HALL,),
    },
    sidechain_db=3.0,
    sidechain_roles=("Keys", "Pad"),
)
