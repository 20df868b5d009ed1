"""Lo-fi hip-hop: swung, laid-back boom-bap, dusty electric piano, tape and vinyl."""

from __future__ import annotations

from ai_artist.engines.music.styles.base import (
    CLOSED_HAT,
    DEFAULT_ENERGY,
    DEFAULT_GAINS_DB,
    HALL,
    KICK,
    PUNCH,
    SHAKER,
    SIDE_STICK,
    SNARE,
    SPACE,
    TAPE,
    WIDE,
    WOW,
    DrumPattern,
    Feel,
    GenreStyle,
    Palette,
    fx,
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
            ("i7", "iv7", "i7", "V7"),
            ("iv7", "v7", "i7", "VImaj7"),
            ("i7", "IV7", "i7", "V7"),  # dorian IV7
            ("ii°7", "V7", "i7", "i7"),
        ),
        "major": (
            ("IVmaj7", "iii7", "ii7", "Imaj7"),
            ("ii7", "V7", "Imaj7", "vi7"),
            ("Imaj7", "vi7", "ii7", "V7"),
            ("Imaj7", "IVmaj7", "iii7", "vi7"),
            ("IVmaj7", "iv7", "Imaj7", "vi7"),  # borrowed minor iv
            ("Imaj7", "bVIImaj7", "IVmaj7", "Imaj7"),
        ),
    },
    half_cadence={"minor": "V7", "major": "V7"},
    drums={
        "low": (
            DrumPattern(
                (
                    (KICK, "x.........x....."),
                    (SIDE_STICK, "....o.......o..."),
                    (CLOSED_HAT, "o.g.o.g.o.g.o.g."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x.........x..o.."),
                    (SIDE_STICK, "....o.......o..."),
                    (CLOSED_HAT, "o.g.o.g.o.g.oog."),
                )
            ),
        ),
        "mid": (
            DrumPattern(
                (
                    (KICK, "x......o..x....."),
                    (SNARE, "....x.......x..."),
                    (CLOSED_HAT, "o.o.o.ogo.o.o.og"),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x......o..x...o."),
                    (SNARE, "....x.......x..g"),
                    (CLOSED_HAT, "o.o.o.ogo.o.o.o."),
                )
            ),
        ),
        "high": (
            DrumPattern(
                (
                    (KICK, "x......ox.x....."),
                    (SNARE, "....x.......x..g"),
                    (CLOSED_HAT, "o.ogo.ogo.ogo.og"),
                    (SHAKER, "..g...g...g...g."),
                )
            ),
            DrumPattern(
                (
                    (KICK, "x......ox.x..o.."),
                    (SNARE, "....x..g....x..."),
                    (CLOSED_HAT, "o.ogo.ogo.ogo.o."),
                    (SHAKER, "..g...g...g...g."),
                )
            ),
        ),
    },
    fills=(
        DrumPattern(((SNARE, "............g.oo"),), from_step=12),
        DrumPattern(((SNARE, "............g.oo"), (KICK, "..............o.")), from_step=12),
    ),
    bass={
        "low": ("x_________x_____", "x_________x___o_"),
        "mid": ("x_____x___x_____", "x_____x___x_o___"),
        "high": ("x_____x_o_x___o_", "x_____x_o_x_o_F_"),
    },
    comp={
        "low": ("x_______________", "x_________o_____"),
        "mid": ("x_____o_________", "x_____o_____o___"),
        "high": ("x_____o___x_____", "x_____o_____o___"),
    },
    palette=Palette(drums=32, bass=33, keys=4, lead=11, pad=89),
    alternatives={
        "Keys": (4, 0, 5, 11),
        "Lead": (11, 73, 12, 4),
        "Bass": (33, 32, 35),
        "Pad": (89, 88, 48),
    },
    feel=Feel(
        swing=0.55,
        timing_jitter_beats=0.03,
        laid_back_beats=0.035,
        velocity_jitter=10,
        tape=0.6,
        wow_flutter=1.0,
    ),
    bass_low_midi=31,
    melody_density=0.45,
    texture="vinyl",
    section_energy={**DEFAULT_ENERGY, "chorus": 0.75, "prechorus": 0.6},
    gains_db={**DEFAULT_GAINS_DB, "Keys": -4.0, "Pad": -14.0, "Texture": -24.0},
    effects={
        "Drums": (fx("lowpass", cutoff_frequency_hz=7000.0), fx("bitcrush", bit_depth=10.0), PUNCH),
        "Bass": (fx("lowpass", cutoff_frequency_hz=1800.0), TAPE),
        "Keys": (WOW, TAPE, fx("lowpass", cutoff_frequency_hz=3800.0), WIDE, SPACE),
        "Pad": (WOW, fx("lowpass", cutoff_frequency_hz=3000.0), HALL),
        "Lead": (WOW, fx("lowpass", cutoff_frequency_hz=5000.0), SPACE),
        "Texture": (fx("lowpass", cutoff_frequency_hz=9000.0),),
    },
)
