"""The artist: persona, voice, visual identity, sound, lifecycle state."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class LifecycleState(StrEnum):
    """Where an artist is in its life."""

    CANDIDATE = "candidate"
    ACTIVE = "active"
    EVOLVING = "evolving"
    PAUSED = "paused"
    RETIRED = "retired"


class VoiceProfile(BaseModel):
    """How the artist sings. Pitches are MIDI note numbers; shifts in semitones."""

    model_config = ConfigDict(extra="forbid")

    base_voice: str = Field("joe", description="Embedded TTS voice name.")
    pitch_offset_semitones: float = Field(0.0, ge=-12, le=12)
    formant_shift: float = Field(
        1.0, ge=0.8, le=1.25, description="Spectral envelope stretch; >1 brighter/younger."
    )
    breathiness: float = Field(0.1, ge=0.0, le=1.0, description="Aperiodicity added (0..1).")
    vibrato_rate_hz: float = Field(5.5, ge=3.0, le=8.0)
    vibrato_depth_cents: float = Field(30.0, ge=0.0, le=100.0)
    range_low_midi: int = Field(48, ge=36, le=72, description="Lowest sung note (MIDI).")
    range_high_midi: int = Field(64, ge=48, le=88, description="Highest sung note (MIDI).")


class VisualIdentity(BaseModel):
    """Colours, motif and type used for covers and videos."""

    model_config = ConfigDict(extra="forbid")

    palette: list[str] = Field(
        default_factory=lambda: ["#0b0f2b", "#ff2e88", "#19d3ff", "#f8f4e3"],
        min_length=2,
        description="Hex colours, darkest (background) first.",
    )
    motif: str = Field("sun", description="Cover motif: sun, grid, waves, rings, shards, bloom.")
    typeface: str = Field("DejaVuSans-Bold", description="Font family for titles.")


class ArtistSound(BaseModel):
    """How the artist narrows its genre."""

    model_config = ConfigDict(extra="forbid")

    preferred_keys: list[str] = Field(
        default_factory=list, description="Tonic names, e.g. 'A', 'F#'."
    )
    preferred_modes: list[str] = Field(default_factory=list, description="'major' / 'minor' / …")
    tempo_min_bpm: float | None = None
    tempo_max_bpm: float | None = None
    signature_instruments: list[str] = Field(default_factory=list)
    signature_progressions: list[list[str]] = Field(
        default_factory=list, description="Roman numerals, e.g. [['i', 'VI', 'III', 'VII']]."
    )


class Persona(BaseModel):
    """Who the artist is, in words."""

    model_config = ConfigDict(extra="forbid")

    bio: str = ""
    themes: list[str] = Field(default_factory=list, description="Subjects the artist sings about.")
    mood: str = "bittersweet"
    language: str = "en"


class ArtistProfile(BaseModel):
    """A versioned artist profile (the JSON stored per version in the database)."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(description="Folder-safe id: lowercase letters, digits and dashes.")
    name: str
    genre: str
    version: int = 1
    seed: int = 0
    explicit: bool = False
    persona: Persona = Field(default_factory=Persona)
    voice: VoiceProfile = Field(default_factory=VoiceProfile)
    visual: VisualIdentity = Field(default_factory=VisualIdentity)
    sound: ArtistSound = Field(default_factory=ArtistSound)
