"""A critique of a track with scores (0..1)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Reflection(BaseModel):
    """The platform's critique of one track."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[str, float] = Field(description="Criterion → score in 0..1.")
    overall: float = Field(ge=0, le=1)
    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    summary: str = ""
    provider: str = "embedded"
