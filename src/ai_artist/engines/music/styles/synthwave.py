"""Synthwave: 80s-inspired synth pop — gated drums, pulsing analog bass, supersaw pads."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLAP,
    CLOSED_HAT,
    DEFAULT_ARRANGEMENT,
    HALL,
    HIGH_TOM,
    KICK,
    LOW_TOM,
    MID_TOM,
    OPEN_HAT,
    PUNCH,
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
            ("i", "VI", "VII", "V"),
            ("i", "IV", "VI", "VII"),  # dorian IV
        ),
        "major": (
            ("I", "V", "vi", "IV"),
            ("vi", "IV", "I", "V"),
            ("I", "iii", "IV", "V"),
            ("IV", "V", "iii", "vi"),
            ("I", "bVII", "IV", "I"),  # borrowed bVII
            ("I", "bVI", "V", "I"),  # borrowed bVI
        ),
    },
    half_cadence={"minor": "VII", "major": "V"},
    drums={
        "low": (
            DrumPattern(((KICK, "x.......x......."), (CLOSED_HAT, "o.g.o.g.o.g.o.g."))),
            DrumPattern(((KICK, "x.......x.....o."), (CLOSED_HAT, "o.g.o.g.o.g.oog."))),
        ),
        "mid": (
            DrumPattern(
                (
                    (KICK, "x.......x.o....."),
                    (SNARE, "....x.......x..."),
                    (CLOSED_HAT, "o.o.o.o.o.o.o.o."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.......x.o...o."),
                    (SNARE, "....x.......x..."),
                    (CLOSED_HAT, "o.o.o.o.o.o.oooo"),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    (KICK, "x...x...x...x..."),
                    (SNARE, "....x.......x..."),
                    (CLAP, "....o.......o..."),
                    (CLOSED_HAT, "ogogogogogogogog"),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x...x...x...x.o."),
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
                (SNARE, "........o.o.oooo"),
                (HIGH_TOM, "........o......."),
                (MID_TOM, "..........o....."),
                (LOW_TOM, "...........o...."),
            ),
            from_step=8,
        ),
    ),
    bass={
        "low": ("x_______x_______", "x_______x___o___"),
        "mid": ("x.o.x.o.x.o.x.o.", "x.o.x.o.x.o.O.o."),
        "high": ("xoxoxoxoxoxoxoxo", "xoxoxoxoOoxoxoOo"),
    },
    comp={
        "low": ("x_______________",),
        "mid": ("x_______x_______", "x_______x___o___"),
        "high": ("x_______x_______", "x_____x_____x___"),
    },
    arp="xooOxooOxooOxooO",
    palette=Palette(drums="machine", bass="analog", keys=5, lead=81, pad="supersaw", arp="pluck"),
    alternatives={
        "Lead": (81, 80, 62, "supersaw"),
        "Keys": (5, 4, 88),
        "Arp": ("pluck", 80, 98),
        "Bass": ("analog", 38),
    },
    feel=Feel(timing_jitter_beats=0.008, velocity_jitter=4),
    transitions=Transitions(riser_beats=4.0, impact=True),
    arrangement={**DEFAULT_ARRANGEMENT, "intro": ("Drums", "Pad", "Arp", "Lead")},
    effects={
        "Drums": (PUNCH, fx("reverb", room_size=0.35, wet_level=0.14, dry_level=1.0)),
        "Bass": (
            fx("compressor", threshold_db=-18.0, ratio=4.0),
            fx("lowpass", cutoff_frequency_hz=2500.0),
        ),
        "Keys": (WIDE, SPACE),
        "Pad": (WIDE, HALL),
        "Lead": (fx("delay", delay_beats=0.75, feedback=0.3, mix=0.22), SPACE),
        "Arp": (fx("delay", delay_beats=0.75, feedback=0.35, mix=0.25), SPACE),
        "FX": (HALL,),
    },
    sidechain_db=4.0,
)
