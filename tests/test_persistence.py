"""Database: migration from empty, SQLite pragmas, transactions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from ai_artist.config import Settings
from ai_artist.persistence import models
from ai_artist.persistence.db import current_revision, head_revision, make_engine, open_database

TABLES = {
    "artists",
    "artist_versions",
    "tracks",
    "stage_runs",
    "reviews",
    "releases",
    "release_tracks",
    "lifecycle_events",
    "error_events",
    "alembic_version",
}


def test_migration_from_empty_creates_every_table(settings: Settings) -> None:
    engine = make_engine(settings.db_url)
    assert current_revision(engine) is None
    database = open_database(settings)
    assert current_revision(database.engine) == head_revision()
    assert set(inspect(database.engine).get_table_names()) >= TABLES
    columns = {c["name"] for c in inspect(database.engine).get_columns("artists")}
    assert {"state", "autopilot", "voice_sample_path", "profile", "created_at"} <= columns


def test_sqlite_runs_in_wal_mode_with_foreign_keys(settings: Settings) -> None:
    database = open_database(settings)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_failed_transaction_leaves_nothing(settings: Settings) -> None:
    database = open_database(settings)
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.add(models.Artist(slug="x", name="X", genre="pop", profile={}))
        session.flush()
        raise RuntimeError("boom")
    with database.transaction() as session:
        assert session.query(models.Artist).count() == 0


def test_foreign_keys_are_enforced(settings: Settings) -> None:
    from sqlalchemy.exc import IntegrityError

    database = open_database(settings)
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.add(models.ArtistVersion(artist_id=999, version=1, profile={}))


def test_cli_db_upgrade(settings: Settings) -> None:
    from typer.testing import CliRunner

    from ai_artist.cli.main import app

    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert head_revision() in result.output
