"""Deep house: four-on-the-floor, off-beat bass and chord stabs, pumping pads, breakdowns."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLAP,
    CLOSED_HAT,
    DEFAULT_ARRANGEMENT,
    HALL,
    KICK,
    OPEN_HAT,
    PUNCH,
    RIDE,
    SHAKER,
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

_FOUR = (KICK, "x...x...x...x...")

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
            ("i9", "VII", "VImaj7", "V7"),
            ("iv7", "VII7", "IIImaj7", "VImaj7"),
            ("i9", "iv7", "i9", "V7"),  # harmonic-minor V7
        ),
        "major": (
            ("Imaj7", "ii7", "iii7", "IVmaj7"),
            ("vi7", "IVmaj7", "Imaj7", "V7"),
            ("Imaj7", "iii7", "vi7", "IVmaj7"),
            ("IVmaj7", "iv7", "Imaj7", "Imaj7"),  # borrowed minor iv
        ),
    },
    half_cadence={"minor": "VII7", "major": "V7"},
    drums={
        "low": (
            DrumPattern((_FOUR, (OPEN_HAT, "..o...o...o...o."))),
            DrumPattern((_FOUR, (OPEN_HAT, "..o...o...o...o."), (SHAKER, "...g...g...g..gg"))),
        ),
        "mid": (
            DrumPattern(
                (
                    _FOUR,
                    (CLAP, "....x.......x..."),
                    (OPEN_HAT, "..o...o...o...o."),
                    (CLOSED_HAT, "...g...g...g...g"),
                )
            ),
            DrumPattern(
                (
                    _FOUR,
                    (CLAP, "....x.......x.o."),
                    (OPEN_HAT, "..o...o...o...o."),
                    (CLOSED_HAT, "g..gg..gg..gg..g"),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    _FOUR,
                    (CLAP, "....x.......x..."),
                    (OPEN_HAT, "..o...o...o...o."),
                    (CLOSED_HAT, "...g...g...g...g"),
                    (SHAKER, "ogg.ogg.ogg.ogg."),
                )
            ),
            DrumPattern(
                (
                    _FOUR,
                    (CLAP, "....x.......x..o"),
                    (OPEN_HAT, "..o...o...o...o."),
                    (RIDE, "o.o.o.o.o.o.o.o."),
                    (SHAKER, "ogg.ogg.ogg.ogg."),
                )
            ),
        ),
    },
    fills=(
        DrumPattern(((CLAP, "............o.oo"), _FOUR), from_step=12),
        DrumPattern(((CLAP, "........o.o.oooo"), (SNARE, "............rrrr")), from_step=8),
    ),
    bass={
        "low": ("..x...x...x...x.", "..x...x...x..ox."),
        "mid": ("..x_.ox_..x_.ox_", "..x_.ox_..x_.oO_"),
        "high": ("..x_.ox_..x_.oO_", "..x_.ox_..xF.oO_"),
    },
    comp={
        "low": ("x_______________",),
        "mid": ("..x_..x_..x_..x_", "..x_..x_..x_.ox_"),
        "high": ("..x_..x_..x_.ox_", ".ox_..x_.ox_..x_"),
    },
    palette=Palette(drums="machine", bass="analog", keys=4, lead=80, pad=89, arp="pluck"),
    alternatives={
        "Keys": (4, 5, 0, 88),
        "Lead": (80, 81, "pluck", 11),
        "Bass": ("analog", 38, 39),
        "Pad": (89, 90, "supersaw"),
    },
    feel=Feel(swing=0.12, velocity_jitter=3),
    transitions=Transitions(riser_beats=8.0, build=True, impact=True),
    melody_density=0.55,
    energy_ramps={"prechorus": 0.15, "bridge": 0.25},
    arrangement={
        **DEFAULT_ARRANGEMENT,
        "intro": ("Drums", "Pad", "Arp"),
        "bridge": ("Keys", "Pad", "Lead", "FX"),  # the breakdown: no kick, no bass
        "outro": ("Drums", "Bass", "Pad"),
    },
    effects={
        "Drums": (PUNCH,),
        "Bass": (
            fx("compressor", threshold_db=-18.0, ratio=4.0),
            fx("lowpass", cutoff_frequency_hz=1200.0),
        ),
        "Keys": (
            fx("highpass", cutoff_frequency_hz=180.0),
            fx("delay", delay_beats=0.75, feedback=0.25, mix=0.2),
            SPACE,
        ),
        "Pad": (WIDE, HALL),
        "Lead": (fx("delay", delay_beats=0.5, feedback=0.3, mix=0.2), SPACE),
        "Arp": (fx("delay", delay_beats=0.75, feedback=0.3, mix=0.25), SPACE),
        "FX": (HALL,),
    },
    sidechain_db=7.0,
)
