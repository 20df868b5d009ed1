"""The score: sections, chords per bar, instrument parts and the vocal melody.

Times are in beats from the start of the song (quarter notes in 4/4); pitches are MIDI numbers.
Each melody note is one syllable slot: a phrase of *n* notes takes a lyric line of *n*
syllables (a slot may be marked as a melisma continuation by the lyric writer).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

PITCH_CLASSES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


class Note(BaseModel):
    """A note: MIDI pitch, start and length in beats, MIDI velocity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pitch: int = Field(ge=0, le=127)
    start_beat: float = Field(ge=0)
    duration_beats: float = Field(gt=0)
    velocity: int = Field(90, ge=1, le=127)

    @property
    def end_beat(self) -> float:
        return self.start_beat + self.duration_beats


class Chord(BaseModel):
    """A chord held for ``duration_beats`` from ``start_beat``."""

    model_config = ConfigDict(extra="forbid")

    symbol: str = Field(description="Display name, e.g. 'Am', 'F', 'G7'.")
    numeral: str = Field(description="Roman numeral in the song's key, e.g. 'vi'.")
    root_pc: int = Field(ge=0, le=11, description="Pitch class of the root (0 = C).")
    pitch_classes: list[int] = Field(description="Pitch classes of the chord tones.")
    voicing: list[int] = Field(description="MIDI pitches of the voiced chord.")
    start_beat: float
    duration_beats: float


class Section(BaseModel):
    """A section of the arrangement."""

    model_config = ConfigDict(extra="forbid")

    name: str
    start_beat: float
    bars: int
    energy: float = 0.5
    vocal: bool = True


class Phrase(BaseModel):
    """A phrase of the vocal melody; each note is one syllable slot."""

    model_config = ConfigDict(extra="forbid")

    section_index: int
    section_name: str
    notes: list[Note] = Field(min_length=1)
    hook: bool = Field(False, description="True for chorus hook phrases (identical each chorus).")

    @property
    def start_beat(self) -> float:
        return self.notes[0].start_beat

    @property
    def end_beat(self) -> float:
        return self.notes[-1].end_beat


class Part(BaseModel):
    """One instrument part (one MIDI track, one stem)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Track/stem name, e.g. 'Drums', 'Bass', 'Keys', 'Pad'.")
    program: int = Field(0, ge=0, le=127, description="General MIDI program.")
    is_drum: bool = False
    notes: list[Note] = Field(default_factory=list)
    gain_db: float = Field(0.0, description="Mix gain of the stem.")


class Score(BaseModel):
    """Everything the renderer, lyric writer and singer need."""

    model_config = ConfigDict(extra="forbid")

    title: str
    genre: str = Field("", description="Genre style the score was written in ('' = unknown).")
    key: str
    mode: str
    tempo_bpm: float
    beats_per_bar: int = 4
    seed: int
    sections: list[Section]
    chords: list[Chord]
    parts: list[Part]
    melody: list[Phrase]

    @property
    def seconds_per_beat(self) -> float:
        return 60.0 / self.tempo_bpm

    def beat_to_seconds(self, beat: float) -> float:
        """Time in seconds of a position in beats."""
        return beat * 60.0 / self.tempo_bpm

    @property
    def total_beats(self) -> float:
        return sum(section.bars for section in self.sections) * self.beats_per_bar

    @property
    def duration_s(self) -> float:
        """Length of the arrangement in seconds (without reverb tails)."""
        return self.beat_to_seconds(self.total_beats)

    @property
    def tonic_pc(self) -> int:
        return PITCH_CLASSES.index(self.key)
