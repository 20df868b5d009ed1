"""The release manifest (``release.json``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

ISRC_PATTERN = r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$"


class ReleaseFile(BaseModel):
    """A file of the package, path relative to the release folder."""

    model_config = ConfigDict(extra="forbid")

    path: str
    role: str = Field(description="master_wav, mp3, flac, cover, lrc, video, …")
    size_bytes: int
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ReleaseTrack(BaseModel):
    """One track of the release."""

    model_config = ConfigDict(extra="forbid")

    track_id: str
    number: int = Field(ge=1)
    title: str
    isrc: str = Field(pattern=ISRC_PATTERN)
    duration_s: float
    genre: str
    language: str = "en"
    explicit: bool = False
    tempo_bpm: float
    key: str


class ReleaseManifest(BaseModel):
    """Everything a distributor needs to know about a release."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = 1
    release_id: str
    title: str
    release_type: str = Field(description="'single' or 'ep'.")
    artist: str
    release_date: str = Field(description="ISO date YYYY-MM-DD.")
    label: str
    p_line: str
    c_line: str
    tracks: list[ReleaseTrack]
    contributors: list[dict[str, str]] = Field(default_factory=list)
    ai_credits: dict[str, str] = Field(
        default_factory=dict, description="Part → how it was made (e.g. 'embedded composer')."
    )
    files: list[ReleaseFile] = Field(default_factory=list)
