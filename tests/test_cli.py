"""The CLI: artists, generate --json, show, review and release errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ai_artist.cli.main import app
from ai_artist.config import Settings

runner = CliRunner()


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_artist_create_list_show(settings: Settings) -> None:
    created = json.loads(
        _ok(["artist", "create", "--genre", "lofi", "--name", "Mira Lune", "--seed", "4", "--json"])
    )
    assert created["slug"] == "mira-lune"
    assert (settings.data_dir / created["voice_sample"]).is_file()
    assert "mira-lune" in _ok(["artist", "list"])
    shown = json.loads(_ok(["artist", "show", "mira-lune", "--json"]))
    assert shown["state"] == "candidate" and shown["versions"] == [1]
    again = json.loads(
        _ok(["artist", "create", "--genre", "lofi", "--name", "Mira Lune", "--json"])
    )
    assert again["slug"] == "mira-lune-2"


def test_unknown_genre_lists_the_accepted_ones(settings: Settings) -> None:
    result = runner.invoke(app, ["artist", "create", "--genre", "polka"])
    assert result.exit_code == 2
    assert "polka" in result.output and "synthwave" in result.output


def test_unknown_ids_are_clear_errors(settings: Settings) -> None:
    result = runner.invoke(app, ["generate", "nobody"])
    assert result.exit_code == 2 and "no artist 'nobody'" in result.output
    result = runner.invoke(app, ["track", "show", "t000"])
    assert result.exit_code == 2 and "ai-artist track list" in result.output
    result = runner.invoke(app, ["release", "t000"])
    assert result.exit_code == 2 and "t000" in result.output


def test_generate_review_and_release_by_hand(settings: Settings) -> None:
    _ok(["artist", "create", "--genre", "pop", "--name", "Sol Ray", "--manual", "--seed", "2"])
    made = json.loads(_ok(["generate", "sol-ray", "--seed", "8", "--duration", "10", "--json"]))
    assert made["status"] == "awaiting_review" and made["release_id"] is None
    track_id = made["track_id"]
    result = runner.invoke(app, ["release", track_id])
    assert result.exit_code == 2 and "approve" in result.output
    shown = json.loads(_ok(["track", "show", track_id, "--json"]))
    assert shown["stages"]["review"]["status"] == "waiting"
    assert "released as r" in _ok(["track", "approve", track_id, "--notes", "lovely"])
    shown = json.loads(_ok(["track", "show", track_id, "--json"]))
    assert shown["review"]["decision"] == "approved" and shown["release_id"]
    result = runner.invoke(app, ["track", "approve", track_id])
    assert result.exit_code == 2 and "already approved" in result.output


def test_every_command_is_registered() -> None:
    listed = runner.invoke(app, ["--help"]).stdout
    for command in (
        "init",
        "artist",
        "generate",
        "compose",
        "analyze",
        "sing",
        "track",
        "release",
        "demo",
        "doctor",
        "llm",
        "db",
    ):
        assert f" {command} " in listed, command
