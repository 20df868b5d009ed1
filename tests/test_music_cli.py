"""``ai-artist compose`` and ``ai-artist analyze``, on a local Typer app."""

from __future__ import annotations

import json
import re
from pathlib import Path

import mido
import numpy as np
import pytest
import soundfile as sf
import typer
from typer.testing import CliRunner

from ai_artist.audio import write_audio
from ai_artist.cli.music import analyze, compose
from ai_artist.config import Settings
from ai_artist.persistence.db import open_database
from ai_artist.services.artists import create_artist

runner = CliRunner()
app = typer.Typer()
app.command()(compose)
app.command()(analyze)


@pytest.fixture
def artist(settings: Settings) -> str:
    profile = create_artist(
        open_database(settings), settings, genre="trap", seed=3, voice_sample=False
    )
    return profile.slug


def test_compose_writes_score_midi_stems_and_instrumental(artist: str, settings: Settings) -> None:
    args = ["compose", artist, "--genre", "house", "--seed", "5", "--duration", "16", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    folder = settings.data_dir / "artists" / artist / "sketches" / "house-s5-16s"
    assert Path(data["folder"]) == folder.resolve()
    assert data["genre"] == "house" and 118 <= data["tempo_bpm"] <= 126
    assert {p.name for p in folder.iterdir()} == {
        "score.json",
        "score.mid",
        "stems",
        "instrumental.wav",
    }
    tracks = [t.name for t in mido.MidiFile(folder / "score.mid").tracks]
    assert tracks[-1] == "Vocal" and "Machine Drums" in tracks
    assert set(data["stems"]) <= set(tracks)
    info = sf.info(str(folder / "instrumental.wav"))
    assert info.samplerate == 44_100 and abs(info.duration - (data["duration_s"] + 3.0)) < 0.05
    first_midi = (folder / "score.mid").read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and (folder / "score.mid").read_bytes() == first_midi

    text = runner.invoke(app, ["compose", artist, "--seed", "5", "--duration", "16"])
    assert text.exit_code == 0, text.output
    assert "trap" in text.stdout and "instrumental.wav" in text.stdout


def test_compose_rejects_unknown_artists_and_genres(artist: str) -> None:
    missing = runner.invoke(app, ["compose", "nobody", "--duration", "16"])
    assert missing.exit_code == 2 and "no artist 'nobody'" in missing.output
    polka = runner.invoke(app, ["compose", artist, "--genre", "polka", "--duration", "16"])
    assert polka.exit_code == 2 and "accepted: synthwave" in polka.output


def test_analyze_prints_a_table_or_json(tmp_path: Path) -> None:
    # a 120 BPM click track with an A-minor chord ringing over it
    t = np.arange(44_100 * 8) / 44_100
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 261.63, 329.63)) * 0.1
    clicks = np.zeros_like(t)
    for beat in range(16):
        start = int(beat * 0.5 * 44_100)
        clicks[start : start + 2000] += np.exp(-np.arange(2000) / 200) * (1.0 if beat % 4 else 1.6)
    path = write_audio(tmp_path / "song.wav", 0.4 * (chord + 0.5 * clicks))
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert abs(data["tempo_bpm"] - 120.0) < 2.4
    assert (data["key"], data["mode"]) in {("A", "minor"), ("C", "major")}
    assert data["duration_s"] == pytest.approx(8.0, abs=0.01)
    table = runner.invoke(app, ["analyze", str(path)])
    assert table.exit_code == 0 and "BPM" in table.stdout and "LUFS" in table.stdout


def test_analyze_explains_bad_files(tmp_path: Path) -> None:
    cases = {
        "silence.wav": "silent",
        "short.wav": r"lasts 1\.00 s; accepted: at least 2 s",
        "broken.wav": "cannot decode audio file",
        "mislabelled.mp3": "holds WAV data but is named '.mp3'",
        "notes.txt": "unsupported format '.txt'",
    }
    write_audio(tmp_path / "silence.wav", np.zeros((2, 44_100 * 3), dtype=np.float32))
    write_audio(tmp_path / "short.wav", 0.3 * np.sin(np.arange(44_100) / 7.0))
    (tmp_path / "broken.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk")
    write_audio(tmp_path / "real.wav", 0.3 * np.sin(np.arange(44_100 * 3) / 7.0))
    (tmp_path / "mislabelled.mp3").write_bytes((tmp_path / "real.wav").read_bytes())
    (tmp_path / "notes.txt").write_text("la la la")
    for name, message in cases.items():
        result = runner.invoke(app, ["analyze", str(tmp_path / name)])
        assert result.exit_code == 2, (name, result.output)
        assert re.search(message, " ".join(result.output.split())), (name, result.output)
