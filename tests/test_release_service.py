"""Releases made by ``services.releases.make_release`` from approved tracks: package and zip
contents, tags read back, ISRCs unique across releases, and failures that leave nothing."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import soundfile as sf
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ai_artist.config import Settings, load_settings
from ai_artist.domain import ReleaseManifest
from ai_artist.engines.release import export
from ai_artist.engines.release.export import read_tags
from ai_artist.engines.release.package import archive_path, schema_problems, verify_release
from ai_artist.engines.visuals.video import probe_media
from ai_artist.persistence import models
from ai_artist.persistence.db import Database, open_database
from ai_artist.pipeline.context import TrackContext
from ai_artist.services import releases
from ai_artist.services.artists import create_artist
from ai_artist.services.releases import make_release
from ai_artist.services.reviews import record_review
from ai_artist.services.tracks import load_context, plan_track, run_track

SONG_S = 8.0


def _clone(database: Database, settings: Settings, source: TrackContext, seed: int) -> str:
    """A second approved track of the same artist carrying copies of ``source``'s files
    (real engine output, without running the pipeline again)."""
    track_id = plan_track(database, settings, source.artist.slug, seed=seed, duration_s=SONG_S)
    ctx = load_context(database, settings, track_id)
    for path in source.folder.rglob("*"):
        if path.is_file() and path.name != "track.json":
            target = ctx.folder / path.relative_to(source.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    ctx.doc = source.doc.model_copy(update={"track_id": track_id, "plan": ctx.doc.plan})
    ctx.save()
    with database.transaction() as session:
        session.get(models.Track, track_id).status = "approved"
    return track_id


@pytest.fixture(scope="module")
def approved(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, list[str]]]:
    """Four approved tracks of one artist (one made by the pipeline, three copies of it)."""
    settings = load_settings(data_dir=tmp_path_factory.mktemp("releases") / "data")
    database = open_database(settings)
    profile = create_artist(
        database, settings, genre="pop", seed=3, autopilot=False, voice_sample=False
    )
    first = plan_track(database, settings, profile.slug, seed=7, duration_s=SONG_S)
    doc = run_track(database, settings, first)
    assert doc.stages["review"].status == "waiting"
    ctx = load_context(database, settings, first)
    record_review(database, ctx, decision="approved", reviewer="test")
    track_ids = [first] + [_clone(database, settings, ctx, seed) for seed in (8, 9, 10)]
    yield settings, track_ids


def _rows(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        return (
            session.scalar(select(func.count()).select_from(models.Release)) or 0,
            session.scalar(select(func.count()).select_from(models.ReleaseTrack)) or 0,
        )


def _outputs(settings: Settings) -> list[str]:
    folder = settings.releases_dir
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_releases_are_complete_unique_and_fail_cleanly(
    approved: tuple[Settings, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, (t1, t2, t3, t4) = approved
    database = open_database(settings)

    # a failure half-way (the FLAC of the second track) leaves no package and no rows
    real_flac = export.export_flac
    calls = {"n": 0}

    def flaky_flac(*args: object, **kwargs: object) -> Path:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real_flac(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(export, "export_flac", flaky_flac)
        with pytest.raises(OSError, match="No space left"):
            make_release(database, settings, [t2, t3])
    assert _outputs(settings) == [] and _rows(database) == (0, 0)
    assert load_context(database, settings, t2).doc.release_id is None

    single = make_release(database, settings, [t1])
    ep = make_release(database, settings, [t2, t3], title="Night Drive")
    assert (single.release_type, ep.release_type) == ("single", "ep")
    assert [t.number for t in ep.tracks] == [1, 2] and ep.title == "Night Drive"

    # the database refusing the release (an ISRC already taken) takes the package back
    with monkeypatch.context() as patch:
        patch.setattr(releases, "_next_isrc_sequence", lambda session, stem: 1)
        with pytest.raises(IntegrityError):
            make_release(database, settings, [t4])
    assert _rows(database) == (2, 3)
    assert _outputs(settings) == sorted(
        [single.release_id, f"{single.release_id}.zip", ep.release_id, f"{ep.release_id}.zip"]
    )

    isrcs = [track.isrc for manifest in (single, ep) for track in manifest.tracks]
    year = date.today().year % 100
    assert len(set(isrcs)) == 3
    assert all(re.fullmatch(rf"QZAIA{year:02d}\d{{5}}", isrc) for isrc in isrcs)
    assert load_context(database, settings, t1).doc.release_id == single.release_id
    with database.transaction() as session:
        assert session.get(models.Track, t3).status == "released"


def test_package_holds_every_file_checksummed_and_zipped(
    approved: tuple[Settings, list[str]],
) -> None:
    settings, _ = approved
    folders = [p for p in settings.releases_dir.iterdir() if p.is_dir()]
    assert len(folders) == 2
    for folder in folders:
        document = json.loads((folder / "release.json").read_text(encoding="utf-8"))
        assert schema_problems(document) == []
        manifest = ReleaseManifest.model_validate(document)
        assert verify_release(folder) == []  # sizes, sha256, and the zip's members
        assert archive_path(folder).is_file()
        roles = sorted(entry.role for entry in manifest.files)
        per_track = ["flac", "lrc", "master_wav", "mp3", "preview", "short", "video"]
        assert roles == sorted(["cover"] + per_track * len(manifest.tracks))
        assert manifest.p_line.startswith("℗ ") and manifest.c_line.startswith("© ")
        assert {"composition", "vocals", "video"} <= set(manifest.ai_credits)
        readme = (folder / "README.txt").read_text(encoding="utf-8")
        assert all(track.isrc in readme for track in manifest.tracks)
        with Image.open(folder / "cover.jpg") as cover:
            assert (cover.format, cover.mode, cover.size) == ("JPEG", "RGB", (3000, 3000))


def test_delivery_files_have_their_tags_and_formats(
    approved: tuple[Settings, list[str]],
) -> None:
    settings, _ = approved
    folder = next(p for p in settings.releases_dir.iterdir() if p.is_dir())
    manifest = ReleaseManifest.model_validate_json((folder / "release.json").read_text())
    track = manifest.tracks[0]
    files = {
        entry.role: folder / entry.path
        for entry in manifest.files
        if entry.path.startswith(f"{track.number:02d}_")
    }

    wav = sf.info(files["master_wav"])
    assert (wav.samplerate, wav.subtype, wav.channels) == (44_100, "PCM_24", 2)

    mp3 = read_tags(files["mp3"])
    assert (mp3["title"], mp3["artist"], mp3["isrc"]) == (track.title, manifest.artist, track.isrc)
    assert mp3["album"] == manifest.title and mp3["year"] == date.today().year
    assert mp3["genre"] == track.genre and mp3["bitrate_kbps"] == 320
    assert mp3["cover_mime"] == "image/jpeg" and mp3["cover_bytes"] > 10_000
    assert mp3["lyrics"] and len(mp3["synced_lyrics"]) >= 1
    assert ID3(files["mp3"]).version == (2, 4, 0)

    flac = FLAC(files["flac"])
    assert flac["ISRC"] == [track.isrc] and flac["TITLE"] == [track.title]
    assert flac.pictures and flac.pictures[0].type == 3 and flac.info.bits_per_sample == 24

    preview = read_tags(files["preview"])
    assert preview["isrc"] == track.isrc and preview["cover_bytes"] > 0
    assert preview["duration_s"] == pytest.approx(min(30.0, wav.duration), abs=0.15)

    video = probe_media(files["video"])
    assert (video["width"], video["height"], video["fps"]) == (1920, 1080, 30.0)
    assert (video["video_codec"], video["audio_codec"]) == ("h264", "aac")
    assert video["duration_s"] == pytest.approx(wav.duration, abs=0.1)
    short = probe_media(files["short"])
    assert (short["width"], short["height"], short["fps"]) == (1080, 1920, 30.0)
    assert short["duration_s"] <= min(30.0, wav.duration) + 0.1


def test_track_stages_wrote_preview_short_and_balanced_vocals(
    approved: tuple[Settings, list[str]],
) -> None:
    from ai_artist.engines.lyrics.lrc import parse_lrc
    from ai_artist.pipeline.stages.production import lyric_lines

    settings, (first, *_) = approved
    ctx = load_context(open_database(settings), settings, first)
    doc = ctx.doc
    assert {"preview", "short", "video", "master"} <= set(doc.files)
    master_s = sf.info(ctx.path(doc.files["master"])).duration
    preview = read_tags(ctx.path(doc.files["preview"]))
    assert preview["duration_s"] == pytest.approx(min(30.0, master_s), abs=0.15)
    assert preview["artist"] == ctx.artist.name
    assert doc.mix is not None and doc.mix.target_vocal_to_instrumental_db == 1.0
    assert doc.mix.vocal_to_instrumental_db == pytest.approx(1.0, abs=0.5)
    if "vocal_backing" in doc.files:  # the sing stage made chorus backing vocals
        assert "vocal_backing" in doc.mix.stems
        assert doc.mix.backing_to_lead_db == pytest.approx(-7.0, abs=0.5)
    lines = lyric_lines(ctx)
    starts = [start_s for start_s, _ in parse_lrc(ctx.path(doc.files["lrc"]).read_text())]
    assert [start_s for start_s, _, _ in lines] == starts
    assert all(end_s > start_s for start_s, end_s, _ in lines)
