"""Domain models: the typed things that flow through the pipeline. No I/O here."""

from ai_artist.domain.analysis import Analysis
from ai_artist.domain.artist import (
    ArtistProfile,
    ArtistSound,
    LifecycleState,
    Persona,
    VisualIdentity,
    VoiceProfile,
)
from ai_artist.domain.lyrics import LyricLine, Lyrics, SyllableTiming
from ai_artist.domain.plan import SectionPlan, SongPlan
from ai_artist.domain.production import MasterReport, MixReport
from ai_artist.domain.reflection import Reflection
from ai_artist.domain.release import ReleaseFile, ReleaseManifest, ReleaseTrack
from ai_artist.domain.score import Chord, Note, Part, Phrase, Score, Section
from ai_artist.domain.track import StageRecord, TrackDocument

__all__ = [
    "Analysis",
    "ArtistProfile",
    "ArtistSound",
    "Chord",
    "LifecycleState",
    "LyricLine",
    "Lyrics",
    "MasterReport",
    "MixReport",
    "Note",
    "Part",
    "Persona",
    "Phrase",
    "Reflection",
    "ReleaseFile",
    "ReleaseManifest",
    "ReleaseTrack",
    "Score",
    "Section",
    "SectionPlan",
    "SongPlan",
    "StageRecord",
    "SyllableTiming",
    "TrackDocument",
    "VisualIdentity",
    "VoiceProfile",
]
