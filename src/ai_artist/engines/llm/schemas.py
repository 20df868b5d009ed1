"""What a model must answer for each task: pydantic schemas with bounds.

These are the *answers* (validated, then turned into domain values by the task); unknown
keys are ignored, everything else is checked, and a failure is sent back for one repair.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=240)]
HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]

Motif = Literal["sun", "grid", "waves", "rings", "shards", "bloom"]
StyleParameter = Literal[
    "tempo", "brightness", "breathiness", "vibrato", "pitch", "mood", "theme", "mode", "motif"
]
FailureClass = Literal[
    "missing_file",
    "decode_error",
    "timeout",
    "provider_auth",
    "rate_limit",
    "network",
    "disk_full",
    "permission",
    "out_of_memory",
    "missing_dependency",
    "invalid_config",
    "database",
    "invalid_input",
    "unknown",
]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PersonaAnswer(_Answer):
    """A new artist: stage name, bio, themes, mood, colours, motif, voice character."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=40)]
    bio: Annotated[str, StringConstraints(strip_whitespace=True, min_length=40, max_length=700)]
    themes: list[Short] = Field(min_length=3, max_length=5)
    mood: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=30)]
    palette: list[HexColour] = Field(min_length=3, max_length=5)
    motif: Motif
    voice_colour: Literal["dark", "warm", "bright"]
    voice_texture: Literal["clean", "airy", "breathy"]


class LyricLineAnswer(_Answer):
    phrase_index: int = Field(ge=0)
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]


class LyricsAnswer(_Answer):
    """One line per melody phrase, in phrase order."""

    lines: list[LyricLineAnswer] = Field(min_length=1)


class TitleAnswer(_Answer):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class ReflectionAnswer(_Answer):
    """Words about a track whose scores were measured (the model cannot hear)."""

    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=600)]
    strengths: list[Sentence] = Field(default_factory=list, max_length=5)
    weaknesses: list[Sentence] = Field(default_factory=list, max_length=5)


class StyleChange(_Answer):
    """Move one style parameter one bounded step (``up``/``down``) or to a named value."""

    parameter: StyleParameter
    direction: Literal["up", "down"] | None = None
    value: Short | None = None


class EvolutionAnswer(_Answer):
    changes: list[StyleChange] = Field(min_length=1, max_length=3)
    rationale: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=10, max_length=600)
    ]


class ErrorAnalysisAnswer(_Answer):
    category: FailureClass
    cause: Sentence
    retryable: bool
    evidence: Annotated[str, StringConstraints(strip_whitespace=True, max_length=240)] = ""


class FixProposalAnswer(_Answer):
    summary: Sentence
    steps: list[Sentence] = Field(min_length=1, max_length=5)
    command: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class PingAnswer(_Answer):
    ok: bool
