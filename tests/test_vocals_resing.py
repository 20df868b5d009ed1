"""``ai-artist sing <track>``: edited lyrics are checked, sung again, and the later stages
are marked unfinished; released tracks are refused."""

from __future__ import annotations

import json

import pytest
import typer
from tests.factories import make_score
from typer.testing import CliRunner

from ai_artist.config import Settings
from ai_artist.domain import StageRecord, TrackDocument
from ai_artist.engines.lyrics import EmbeddedWriter
from ai_artist.errors import InputError
from ai_artist.files import write_json
from ai_artist.persistence import models
from ai_artist.persistence.db import Database, open_database
from ai_artist.pipeline.context import SCORE_JSON, TRACK_JSON
from ai_artist.pipeline.stages import STAGE_NAMES
from ai_artist.services.artists import create_artist
from ai_artist.services.tracks import load_context, load_document, plan_track, track_folder
from ai_artist.services.vocals import resing_track, stages_after_sing


def _finished_track(settings: Settings) -> tuple[Database, str]:
    """A track whose every stage is recorded done, sung on the factory score."""
    database = open_database(settings)
    profile = create_artist(database, settings, genre="synthwave", seed=2, voice_sample=False)
    track_id = plan_track(database, settings, profile.slug, seed=5, duration_s=20.0)
    ctx = load_context(database, settings, track_id)
    score = make_score()
    write_json(ctx.path(SCORE_JSON), score)
    ctx.doc.lyrics = EmbeddedWriter().write(score, ctx.doc.plan, ctx.artist)
    ctx.doc.stages = {name: StageRecord(status="done", provider="embedded") for name in STAGE_NAMES}
    ctx.doc.review = {"decision": "approved"}
    ctx.save()
    return database, track_id


def _edit_first_line(settings: Settings, database: Database, track_id: str, text: str) -> None:
    """What a person does: change the text of line 0 in track.json (syllables left as they were)."""
    with database.transaction() as session:
        folder = track_folder(settings, session.get(models.Track, track_id))
    data = json.loads((folder / TRACK_JSON).read_text(encoding="utf-8"))
    data["lyrics"]["lines"][0]["text"] = text
    (folder / TRACK_JSON).write_text(json.dumps(data), encoding="utf-8")


def _document(settings: Settings, database: Database, track_id: str) -> TrackDocument:
    with database.transaction() as session:
        return load_document(settings, session.get(models.Track, track_id))


def test_edited_lyrics_are_sung_and_later_stages_reopened(settings: Settings) -> None:
    database, track_id = _finished_track(settings)
    _edit_first_line(settings, database, track_id, "Small boats drift on the bay")  # 6 notes
    doc = resing_track(database, settings, track_id)
    first = doc.lyrics.lines[0] if doc.lyrics else None
    assert first is not None and first.text == "Small boats drift on the bay"
    assert first.syllables == ["Small", "boats", "drift", "on", "the", "bay"]
    assert len(first.timings) == 6 and doc.lyrics and doc.lyrics.provider == "edited"
    assert doc.stages["sing"].status == "done"
    reopened = set(stages_after_sing()) - {"sing"}
    assert reopened == {"mix", "humanize", "master", "video", "reflect", "review", "release"}
    assert reopened.isdisjoint(doc.stages)
    assert doc.stages["artwork"].status == "done" and doc.review is None
    stored = _document(settings, database, track_id)
    assert stored.stages.keys() == doc.stages.keys()
    folder = load_context(database, settings, track_id).folder
    assert (folder / doc.files["vocal_dry"]).is_file()
    assert (folder / doc.files["vocal_backing"]).is_file()
    assert "<00:00.00>Small <" in (folder / "lyrics.lrc").read_text(encoding="utf-8")
    with database.transaction() as session:
        runs = [run.stage for run in session.get(models.Track, track_id).stage_runs]
    assert runs == ["sing"]


def test_a_line_with_the_wrong_syllable_count_is_refused(settings: Settings) -> None:
    database, track_id = _finished_track(settings)
    _edit_first_line(settings, database, track_id, "Boats on the bay")
    with pytest.raises(InputError, match=r"lyric line 0 \('Boats on the bay'\) has 4 syllables"):
        resing_track(database, settings, track_id)
    with pytest.raises(InputError, match="its phrase has 6 notes"):
        resing_track(database, settings, track_id)
    doc = _document(settings, database, track_id)
    assert all(record.status == "done" for record in doc.stages.values())


def test_a_released_track_is_refused(settings: Settings) -> None:
    database, track_id = _finished_track(settings)
    ctx = load_context(database, settings, track_id)
    ctx.doc.release_id = "r-0001"
    ctx.save()
    with pytest.raises(InputError, match="released as r-0001"):
        resing_track(database, settings, track_id)


def test_the_sing_command_reports_bad_lyrics(settings: Settings) -> None:
    from ai_artist.cli.vocals import sing

    app = typer.Typer()
    app.command()(sing)
    app.command("noop")(lambda: None)  # two commands: the app takes the command name
    database, track_id = _finished_track(settings)
    _edit_first_line(settings, database, track_id, "Boats on the bay")
    result = CliRunner().invoke(app, ["sing", track_id])
    assert result.exit_code == 2
    assert "has 4 syllables" in result.output and "6 notes" in result.output
