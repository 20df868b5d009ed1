"""The pipeline end to end on a short song: every stage's output has real content,
failures are recorded and a resume completes the track."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from sqlalchemy import select

from ai_artist.config import Settings, load_settings
from ai_artist.domain import TrackDocument
from ai_artist.engines.lyrics.lrc import parse_lrc
from ai_artist.engines.production.loudness import integrated_lufs, true_peak_dbtp
from ai_artist.errors import StageError
from ai_artist.files import sha256_of
from ai_artist.persistence import models
from ai_artist.persistence.db import Database, close_databases, open_database
from ai_artist.pipeline.context import StageOutcome, TrackContext
from ai_artist.pipeline.runner import Stage
from ai_artist.pipeline.stages import STAGE_NAMES, STAGES
from ai_artist.services.artists import create_artist
from ai_artist.services.tracks import plan_track, run_track

SHORT_SONG_S = 14.0


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Database, TrackDocument]:
    """One short song through every stage by an autopilot artist (shared by this module)."""
    data_dir = tmp_path_factory.mktemp("pipeline") / "data"
    settings = load_settings(data_dir=data_dir)
    database = open_database(settings)
    profile = create_artist(database, settings, genre="synthwave", seed=5, autopilot=True)
    track_id = plan_track(database, settings, profile.slug, seed=21, duration_s=SHORT_SONG_S)
    doc = run_track(database, settings, track_id)
    yield settings, database, doc
    close_databases()


def _folder(settings: Settings, doc: TrackDocument) -> Path:
    return settings.artists_dir / doc.artist_slug / "tracks" / doc.track_id


def test_track_folder_has_the_documented_layout(produced: tuple) -> None:
    settings, _, doc = produced
    folder = _folder(settings, doc)
    for name in (
        "track.json",
        "score.mid",
        "stems/vocal_dry.wav",
        "instrumental.wav",
        "master.wav",
        "lyrics.lrc",
        "cover.jpg",
        "video.mp4",
    ):
        assert (folder / name).is_file(), name
        assert (folder / name).stat().st_size > 0, name
    stored = TrackDocument.model_validate_json((folder / "track.json").read_text())
    assert list(stored.stages) == list(STAGE_NAMES)
    statuses = {name: record.status for name, record in stored.stages.items()}
    assert statuses.pop("humanize") == "skipped", "synthwave is a clean genre"
    assert set(statuses.values()) == {"done"}, statuses
    assert stored.providers["compose"] == "embedded"
    assert stored.analysis is not None and stored.lyrics is not None
    assert not list(folder.rglob("*.tmp*")), "temporary files left behind"


def test_stage_runs_are_recorded(produced: tuple) -> None:
    _, database, doc = produced
    with database.transaction() as session:
        runs = session.scalars(
            select(models.StageRun).where(models.StageRun.track_id == doc.track_id)
        ).all()
        assert [run.stage for run in runs] == list(STAGE_NAMES)
        assert all(run.seconds is not None for run in runs)
        assert {run.stage for run in runs if run.status != "done"} == {"humanize"}
        track = session.get(models.Track, doc.track_id)
        assert track is not None and track.status == "released"


def test_audio_is_real_and_mastered(produced: tuple) -> None:
    settings, _, doc = produced
    folder = _folder(settings, doc)
    master, rate = sf.read(folder / "master.wav", always_2d=True)
    info = sf.info(folder / "master.wav")
    assert rate == 44_100 and info.subtype == "PCM_24" and master.shape[1] == 2
    ring_out_s = master.shape[0] / rate - doc.plan.duration_s
    assert 0.5 <= ring_out_s <= 6.0, ring_out_s
    assert np.sqrt(np.mean(master**2)) > 0.01
    assert abs(integrated_lufs(master.T, rate) - settings.target_lufs) <= 1.0
    assert true_peak_dbtp(master.T, rate) <= settings.true_peak_dbtp + 0.1
    vocal, _ = sf.read(folder / "stems/vocal_dry.wav")
    assert np.sqrt(np.mean(vocal**2)) > 0.005
    instrumental, _ = sf.read(folder / "instrumental.wav")
    assert np.max(np.abs(instrumental)) < 1.0


def test_analysis_hears_the_planned_tempo(produced: tuple) -> None:
    _, _, doc = produced
    assert doc.analysis.tempo_bpm == pytest.approx(doc.plan.tempo_bpm, rel=0.03)
    assert doc.analysis.duration_s == pytest.approx(doc.plan.duration_s, abs=3.0)


def test_lyrics_fit_the_melody_and_the_lrc_is_timed(produced: tuple) -> None:
    settings, _, doc = produced
    import mido

    folder = _folder(settings, doc)
    midi = mido.MidiFile(folder / "score.mid")
    names = [track.name for track in midi.tracks]
    assert "Vocal" in names
    score = json.loads((folder / "score.json").read_text())
    for line in doc.lyrics.lines:
        assert len(line.syllables) == len(score["melody"][line.phrase_index]["notes"])
    times = [time_s for time_s, _ in parse_lrc((folder / "lyrics.lrc").read_text())]
    assert len(times) == len(doc.lyrics.lines)
    assert times == sorted(times) and len(set(times)) == len(times)


def test_release_package_checksums_and_tags(produced: tuple) -> None:
    settings, _, doc = produced
    from ai_artist.engines.release.export import read_tags

    assert doc.release_id is not None
    folder = settings.releases_dir / doc.release_id
    manifest = json.loads((folder / "release.json").read_text())
    assert manifest["release_type"] == "single"
    for entry in manifest["files"]:
        path = folder / entry["path"]
        assert path.stat().st_size == entry["size_bytes"]
        assert sha256_of(path) == entry["sha256"]
    mp3 = next(folder / e["path"] for e in manifest["files"] if e["role"] == "mp3")
    tags = read_tags(mp3)
    assert tags["title"] == doc.plan.title
    assert tags["isrc"] == manifest["tracks"][0]["isrc"]


def test_failure_in_a_middle_stage_is_recorded_and_resume_completes(
    settings: Settings,
) -> None:
    database = open_database(settings)
    profile = create_artist(
        database, settings, genre="synthwave", seed=9, autopilot=False, voice_sample=False
    )
    track_id = plan_track(database, settings, profile.slug, seed=3, duration_s=10.0)

    def broken_mix(ctx: TrackContext) -> StageOutcome:
        raise RuntimeError("mixing desk on fire")

    stages = [Stage("mix", broken_mix) if s.name == "mix" else s for s in STAGES]
    with pytest.raises(StageError, match="mixing desk on fire") as raised:
        run_track(database, settings, track_id, stages=stages)
    assert raised.value.stage == "mix"
    assert f"ai-artist track resume {track_id}" in str(raised.value)

    folder = settings.artists_dir / profile.slug / "tracks" / track_id
    before = {p: sha256_of(p) for p in folder.rglob("*") if p.is_file() and p.name != "track.json"}
    assert folder / "stems" / "vocal_dry.wav" in before
    assert not (folder / "mix.wav").exists()
    doc = TrackDocument.model_validate_json((folder / "track.json").read_text())
    assert doc.stages["mix"].status == "failed"
    with database.transaction() as session:
        track = session.get(models.Track, track_id)
        assert track.status == "failed"
        errors = session.scalars(select(models.ErrorEvent)).all()
        assert [e.source for e in errors] == ["stage:mix"]

    doc = run_track(database, settings, track_id)
    after = {p: sha256_of(p) for p in before}
    assert after == before, "earlier outputs were rewritten on resume"
    assert doc.stages["mix"].status == "done"
    assert doc.stages["review"].status == "waiting"
    with database.transaction() as session:
        runs = session.scalars(
            select(models.StageRun.stage).where(models.StageRun.track_id == track_id)
        ).all()
        assert runs.count("mix") == 2 and runs.count("compose") == 1
        assert session.get(models.Track, track_id).status == "awaiting_review"


def test_tape_character_comes_from_the_genre_feel() -> None:
    from ai_artist.pipeline.stages.production import _tape_feel

    lofi = _tape_feel("lofi")
    assert (lofi.tape, lofi.wow_flutter) == (0.6, 1.0)
    for clean in ("synthwave", "house", "pop", "trap", "ambient", "polka", ""):
        feel = _tape_feel(clean)
        assert (feel.tape, feel.wow_flutter) == (0.0, 0.0), clean
