"""Pop: piano and strings, a steady backbeat, lifts into big choruses."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLAP,
    CLOSED_HAT,
    HALL,
    HIGH_TOM,
    KICK,
    LOW_TOM,
    OPEN_HAT,
    PUNCH,
    SNARE,
    SPACE,
    TAMBOURINE,
    WIDE,
    DrumPattern,
    Feel,
    GenreStyle,
    Palette,
    Transitions,
    fx,
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
            ("IV", "iv", "I", "V"),  # borrowed minor iv
            ("I", "bVI", "bVII", "I"),  # borrowed lift
        ),
        "minor": (
            ("i", "VI", "III", "VII"),
            ("i", "iv", "VI", "V"),
            ("VI", "VII", "i", "i"),
            ("i", "VII", "VI", "VII"),
            ("i", "III", "VII", "IV"),  # dorian IV
        ),
    },
    half_cadence={"major": "V", "minor": "V"},
    drums={
        "low": (
            DrumPattern(((KICK, "x.......x......."), (CLOSED_HAT, "o.o.o.o.o.o.o.o."))),
            DrumPattern(((KICK, "x.......x.....o."), (CLOSED_HAT, "o.o.o.o.o.o.oooo"))),
        ),
        "mid": (
            DrumPattern(
                (
                    (KICK, "x.....o.x......."),
                    (SNARE, "....x.......x..."),
                    (CLOSED_HAT, "o.o.o.o.o.o.o.o."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.....o.x.o....."),
                    (SNARE, "....x.......x..."),
                    (CLOSED_HAT, "o.o.o.o.o.o.o.oo"),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    (KICK, "x.....o.x.o....."),
                    (SNARE, "....x.......x..."),
                    (CLAP, "....o.......o..."),
                    (CLOSED_HAT, "ogogogogogogogog"),
                    (TAMBOURINE, "....o.......o..."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.....o.x.o...o."),
                    (SNARE, "....x.......x..."),
                    (CLAP, "....o.......o..."),
                    (CLOSED_HAT, "ogogogogogogog.."),
                    (OPEN_HAT, "..............o."),
                )
            ),
        ),
    },
    fills=(
        DrumPattern(((SNARE, "............o.oo"),), from_step=12),
        DrumPattern(
            (
                (SNARE, "........o.o.oxox"),
                (HIGH_TOM, "........o......."),
                (LOW_TOM, "..........o....."),
            ),
            from_step=8,
        ),
    ),
    bass={
        "low": ("x_______x_______", "x_______x_____o_"),
        "mid": ("x_____o_x_______", "x_____o_x___o___"),
        "high": ("x__o__x_x__o__x_", "x__o__x_x__o_Fx_"),
    },
    comp={
        "low": ("x_______________", "x_______x_______"),
        "mid": ("x___o___x___o___", "x___o___x_o_o___"),
        "high": ("x.o.x.o.x.o.x.o.", "x.o.x.o.x.o.xoxo"),
    },
    arp="x.o.x.o.x.o.x.o.",
    palette=Palette(drums=0, bass=33, keys=0, lead=81, pad=48, arp="pluck"),
    alternatives={
        "Keys": (0, 4, 5, "pluck"),
        "Pad": (48, 49, 89, "supersaw"),
        "Lead": (81, 80, 73),
        "Bass": (33, 38, "analog"),
    },
    feel=Feel(timing_jitter_beats=0.01, velocity_jitter=6),
    transitions=Transitions(riser_beats=4.0),
    melody_density=0.65,
    effects={
        "Drums": (PUNCH, fx("reverb", room_size=0.3, wet_level=0.1, dry_level=1.0)),
        "Bass": (fx("compressor", threshold_db=-18.0, ratio=3.0),),
        "Keys": (SPACE,),
        "Pad": (HALL,),
        "Lead": (fx("delay", delay_beats=0.75, feedback=0.25, mix=0.18), SPACE),
        "Arp": (WIDE, SPACE),
        "FX": (HALL,),
    },
)
