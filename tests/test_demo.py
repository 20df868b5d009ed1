"""The one full-length end-to-end test: `ai-artist demo` in a temporary data directory."""

from __future__ import annotations

import json
from pathlib import Path

import soundfile as sf
from typer.testing import CliRunner

from ai_artist.cli.main import app
from ai_artist.config import Settings
from ai_artist.engines.visuals.video import probe_media
from ai_artist.files import sha256_of


def test_demo_makes_an_artist_and_a_complete_release(settings: Settings) -> None:
    result = CliRunner().invoke(app, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    track_folder = Path(data["track_folder"])
    release_folder = Path(data["release_folder"])
    assert track_folder.is_relative_to(settings.data_dir.resolve())

    master = sf.info(track_folder / "master.wav")
    assert 150.0 <= master.duration <= 215.0, master.duration
    video = probe_media(track_folder / "video.mp4")
    assert abs(video["duration_s"] - master.duration) <= 0.1

    manifest = json.loads((release_folder / "release.json").read_text())
    roles = {entry["role"] for entry in manifest["files"]}
    assert {"master_wav", "mp3", "flac", "cover", "lrc", "video"} <= roles
    for entry in manifest["files"]:
        assert sha256_of(release_folder / entry["path"]) == entry["sha256"]
    assert (release_folder / "README.txt").is_file()
    assert release_folder.with_name(f"{release_folder.name}.zip").is_file()
    assert data["track_ids"] and data["artist"]
