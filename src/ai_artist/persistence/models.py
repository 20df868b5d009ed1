"""SQLAlchemy 2 models. Media files live under the data directory; rows hold relative paths."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Timezone-aware now (UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        datetime: DateTime(timezone=True),
    }


class Artist(Base):
    __tablename__ = "artists"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    genre: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(20), default="candidate")
    autopilot: Mapped[bool] = mapped_column(Boolean, default=False)
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    profile: Mapped[dict[str, Any]]
    voice_sample_path: Mapped[str | None] = mapped_column(String(400), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    versions: Mapped[list[ArtistVersion]] = relationship(
        back_populates="artist", cascade="all, delete-orphan", order_by="ArtistVersion.version"
    )
    tracks: Mapped[list[Track]] = relationship(back_populates="artist")


class ArtistVersion(Base):
    __tablename__ = "artist_versions"
    __table_args__ = (UniqueConstraint("artist_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    profile: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    artist: Mapped[Artist] = relationship(back_populates="versions")


class Track(Base):
    __tablename__ = "tracks"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id"), index=True)
    artist_version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(24), default="planned", index=True)
    variant: Mapped[str | None] = mapped_column(String(40), default=None)
    plan: Mapped[dict[str, Any]]
    folder: Mapped[str] = mapped_column(String(400), doc="Relative to the data directory.")
    paths: Mapped[dict[str, Any]] = mapped_column(default=dict, doc="Role → path in the folder.")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    artist: Mapped[Artist] = relationship(back_populates="tracks")
    stage_runs: Mapped[list[StageRun]] = relationship(
        back_populates="track", cascade="all, delete-orphan", order_by="StageRun.id"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="track", cascade="all, delete-orphan", order_by="Review.id"
    )


class StageRun(Base):
    __tablename__ = "stage_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[str] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(16), doc="running, done, failed, waiting")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    seconds: Mapped[float | None] = mapped_column(Float, default=None)
    provider: Mapped[str | None] = mapped_column(String(80), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)

    track: Mapped[Track] = relationship(back_populates="stage_runs")


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[str] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(16), doc="approved or rejected")
    reviewer: Mapped[str] = mapped_column(String(40), doc="autopilot, cli, web, telegram")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    track: Mapped[Track] = relationship(back_populates="reviews")


class Release(Base):
    __tablename__ = "releases"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    release_type: Mapped[str] = mapped_column(String(16))
    release_date: Mapped[str] = mapped_column(String(10))
    folder: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    tracks: Mapped[list[ReleaseTrack]] = relationship(
        back_populates="release", cascade="all, delete-orphan", order_by="ReleaseTrack.number"
    )


class ReleaseTrack(Base):
    __tablename__ = "release_tracks"
    __table_args__ = (UniqueConstraint("release_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[str] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"))
    track_id: Mapped[str] = mapped_column(ForeignKey("tracks.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    isrc: Mapped[str] = mapped_column(String(12), unique=True)

    release: Mapped[Release] = relationship(back_populates="tracks")


class LifecycleEvent(Base):
    __tablename__ = "lifecycle_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    artist_id: Mapped[int] = mapped_column(ForeignKey("artists.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20), default=None)
    to_state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ErrorEvent(Base):
    __tablename__ = "error_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(80), doc="e.g. 'stage:render'")
    track_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    error_type: Mapped[str] = mapped_column(String(120))
    message: Mapped[str] = mapped_column(Text)
    traceback: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LlmCall(Base):
    """One call to an LLM provider (or the embedded writer) for a creative task."""

    __tablename__ = "llm_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    task: Mapped[str] = mapped_column(String(32), index=True)
    provider: Mapped[str] = mapped_column(String(40), index=True)
    model: Mapped[str] = mapped_column(String(120))
    outcome: Mapped[str] = mapped_column(
        String(24), doc="ok, invalid_output, timeout, rate_limited, server_error, …"
    )
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    latency_s: Mapped[float] = mapped_column(Float, default=0.0)
    tokens_in: Mapped[int | None] = mapped_column(Integer, default=None)
    tokens_out: Mapped[int | None] = mapped_column(Integer, default=None)
    cost_usd: Mapped[float | None] = mapped_column(Float, default=None)
    track_id: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    error: Mapped[str | None] = mapped_column(Text, default=None, doc="Redacted.")
    prompt: Mapped[str] = mapped_column(Text, default="", doc="Redacted, length-capped.")
