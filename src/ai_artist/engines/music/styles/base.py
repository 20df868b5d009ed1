"""The data types of a genre style, and the defaults most genres share.

Rhythm grids have 16 steps per 4/4 bar (one step = a sixteenth note = 0.25 beats):

* drum lanes: ``x`` accent, ``o`` normal hit, ``g`` ghost note, ``.`` rest;
* bass and comping: ``x`` accented onset, ``o`` soft onset, ``O`` octave up (bass),
  ``F`` fifth (bass), ``_`` hold the previous note, ``.`` rest.

Drum pitches are General MIDI percussion keys. An instrument is a GM program number
(counted from 0, played by the SoundFont) or the name of a synthesized voice
(:data:`SYNTH_VOICES`, played by :mod:`ai_artist.engines.music.voices`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["low", "mid", "high"]
Instrument = int | str
"""A GM program number (0..127) or a synthesized voice name from :data:`SYNTH_VOICES`."""

KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, OPEN_HAT, CRASH, SHAKER = 36, 37, 38, 39, 42, 46, 49, 70
LOW_TOM, MID_TOM, HIGH_TOM, RIDE, TAMBOURINE = 45, 47, 50, 51, 54

ROLES = ("Drums", "Bass", "Keys", "Pad", "Lead", "Arp", "FX", "Texture")
"""Part roles; a part's name is its role, or ``"<Voice title> <role>"`` when synthesized."""

SYNTH_VOICES: Mapping[str, str] = {
    "808": "808",
    "analog": "Analog",
    "supersaw": "Supersaw",
    "pluck": "Pluck",
    "machine": "Machine",
    "riser": "Riser",
    "vinyl": "Vinyl",
}
"""Synthesized voices by name → the title that prefixes the part name ("808 Bass")."""


def energy_level(energy: float) -> Level:
    """The groove level of an energy (0..1): low < 0.45 ≤ mid < 0.72 ≤ high."""
    if energy < 0.45:
        return "low"
    return "mid" if energy < 0.72 else "high"


@dataclass(frozen=True)
class DrumPattern:
    """One bar of drums: (GM drum pitch, 16-step grid) lanes.

    For a fill, ``from_step`` is where it takes over from the groove (steps before it keep
    playing the groove).
    """

    lanes: tuple[tuple[int, str], ...]
    from_step: int = 0


@dataclass(frozen=True)
class Effect:
    """A pedalboard effect by kind with keyword parameters.

    ``kind`` is one of reverb, compressor, chorus, delay, lowpass, highpass, distortion,
    bitcrush, phaser, ladder, gain, wow (a slow pitch wobble: tape wow and flutter),
    saturation (soft tanh clipping by ``drive_db``; tape warmth).
    A delay may give ``delay_beats`` instead of ``delay_seconds`` (converted with the tempo).
    """

    kind: str
    params: tuple[tuple[str, float], ...] = ()


def fx(kind: str, **params: float) -> Effect:
    """Shorthand for an :class:`Effect` with sorted parameters."""
    return Effect(kind, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Palette:
    """The instrument of each role (None leaves the role out)."""

    drums: Instrument
    bass: Instrument
    keys: Instrument
    lead: Instrument
    pad: Instrument | None = None
    arp: Instrument | None = None

    def of(self, role: str) -> Instrument | None:
        """The instrument of ``role`` (FX and Texture are chosen by the style, not here)."""
        return {
            "Drums": self.drums,
            "Bass": self.bass,
            "Keys": self.keys,
            "Lead": self.lead,
            "Pad": self.pad,
            "Arp": self.arp,
        }.get(role)


@dataclass(frozen=True)
class Feel:
    """Humanization and groove feel. Times in beats, velocities in MIDI steps.

    ``swing`` (0..1) delays every off-beat sixteenth by ``swing × 0.125`` beats;
    ``timing_jitter_beats`` is the largest random push/pull of an onset; ``laid_back_beats``
    delays backbeat snares/claps and comping (behind the beat); ``velocity_jitter`` is the
    largest random velocity change. On the finished mix, ``tape`` (0..1) is the amount of
    tape character (saturation, hiss, high roll-off) the humanize stage adds when
    ``HUMANIZE_AMOUNT`` is unset, and ``wow_flutter`` (0..1) the depth of tape wow and
    flutter; both 0 = a clean genre.
    """

    swing: float = 0.0
    timing_jitter_beats: float = 0.0
    laid_back_beats: float = 0.0
    velocity_jitter: int = 5
    tape: float = 0.0
    wow_flutter: float = 0.0


@dataclass(frozen=True)
class Transitions:
    """How sections hand over: fills, risers, drops, and the final ring-out.

    ``riser_beats``: length of a noise riser into each chorus (0 = none);
    ``drop_beats``: drums and bass stop this many beats before a chorus (0 = none);
    ``build``: the last pre-chorus bar plays a snare roll instead of its groove;
    ``impact``: a low boom and crash on the chorus downbeat.
    """

    riser_beats: float = 0.0
    drop_beats: float = 0.0
    build: bool = False
    impact: bool = False


DEFAULT_ENERGY: Mapping[str, float] = {
    "intro": 0.3,
    "verse": 0.5,
    "prechorus": 0.65,
    "chorus": 0.85,
    "bridge": 0.6,
    "break": 0.3,
    "outro": 0.35,
}
"""Energy (0..1) of each section by name: the song's energy curve."""

DEFAULT_RAMPS: Mapping[str, float] = {"prechorus": 0.12, "bridge": 0.1}
"""Energy added across a section, from 0 at its first bar to this at its last (a build)."""

DEFAULT_ARRANGEMENT: Mapping[str, tuple[str, ...]] = {
    "intro": ("Drums", "Keys", "Pad", "Lead", "Texture"),
    "verse": ("Drums", "Bass", "Keys", "Pad", "Texture"),
    "prechorus": ("Drums", "Bass", "Keys", "Pad", "Arp", "FX", "Texture"),
    "chorus": ("Drums", "Bass", "Keys", "Pad", "Arp", "Lead", "FX", "Texture"),
    "bridge": ("Bass", "Keys", "Pad", "Arp", "FX", "Texture"),
    "break": ("Keys", "Pad", "Texture"),
    "outro": ("Drums", "Bass", "Keys", "Pad", "Lead", "Texture"),
}
"""Which roles play in each section (instrumentation changes between sections)."""

DEFAULT_GAINS_DB: Mapping[str, float] = {
    "Drums": 0.0,
    "Bass": -2.0,
    "Keys": -6.0,
    "Pad": -11.0,
    "Lead": -6.0,
    "Arp": -11.0,
    "FX": -14.0,
    "Texture": -26.0,
}
"""Mix level of each role's stem relative to the others (dB)."""

SIDECHAIN_ROLES = ("Bass", "Keys", "Pad", "Arp")


@dataclass(frozen=True)
class GenreStyle:
    """Everything genre-specific the music engine uses. Tempi in BPM.

    ``drums``, ``bass`` and ``comp`` give per energy level a main pattern and variations
    (the variation plays in the 4th bar of every 4-bar group); ``fills`` run from the
    lightest (phrase ends inside a section) to the biggest (into a chorus).
    ``sidechain_db`` ducks ``sidechain_roles`` on every kick by that many dB (0 = off).
    ``texture`` names a synthesized surface voice under the whole song (lo-fi vinyl).
    """

    name: str
    description: str
    tempo_min_bpm: float
    tempo_max_bpm: float
    modes: tuple[str, ...]
    progressions: Mapping[str, tuple[tuple[str, ...], ...]]
    half_cadence: Mapping[str, str]
    drums: Mapping[Level, tuple[DrumPattern, ...]]
    fills: tuple[DrumPattern, ...]
    bass: Mapping[Level, tuple[str, ...]]
    comp: Mapping[Level, tuple[str, ...]]
    palette: Palette
    arp: str = "x.o.x.o.x.o.x.o."
    feel: Feel = Feel()
    transitions: Transitions = Transitions()
    bass_low_midi: int = 33
    melody_density: float = 0.6
    texture: str | None = None
    section_energy: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ENERGY))
    energy_ramps: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_RAMPS))
    arrangement: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(DEFAULT_ARRANGEMENT)
    )
    gains_db: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_GAINS_DB))
    effects: Mapping[str, tuple[Effect, ...]] = field(default_factory=dict)
    sidechain_db: float = 0.0
    sidechain_roles: tuple[str, ...] = SIDECHAIN_ROLES
    alternatives: Mapping[str, tuple[Instrument, ...]] = field(default_factory=dict)
    """Instruments an artist may pick per role as its signature sound (besides the palette)."""

    @property
    def swing(self) -> float:
        """Swing amount (0..1) of the feel."""
        return self.feel.swing

    def energy_of(self, section_name: str) -> float:
        """Default energy (0..1) of a section by name."""
        return self.section_energy.get(section_name, 0.5)

    def plays(self, section_name: str, role: str) -> bool:
        """Whether ``role`` plays in sections called ``section_name``."""
        return role in self.arrangement.get(section_name, DEFAULT_ARRANGEMENT["verse"])


SPACE = fx("reverb", room_size=0.55, wet_level=0.18, dry_level=0.9, damping=0.5)
HALL = fx("reverb", room_size=0.85, wet_level=0.32, dry_level=0.8, damping=0.4)
PUNCH = fx("compressor", threshold_db=-16.0, ratio=3.0, attack_ms=8.0, release_ms=120.0)
WIDE = fx("chorus", rate_hz=0.6, depth=0.25, centre_delay_ms=7.0, mix=0.35)
TAPE = fx("saturation", drive_db=6.0)
WOW = fx("wow", rate_hz=0.5, depth=0.12)
