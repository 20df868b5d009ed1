"""Settings: defaults, environment, and clear errors for invalid values."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_artist.config import Settings, load_settings
from ai_artist.errors import ConfigError


def test_defaults_put_the_database_in_the_data_dir(settings: Settings) -> None:
    assert settings.target_lufs == -14.0
    assert settings.db_url.startswith("sqlite:///")
    assert settings.db_url.endswith("/data/artists.db")
    assert settings.releases_dir == settings.data_dir / "releases"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TARGET_LUFS", "-16")
    monkeypatch.setenv("OUTPUT_BASE_DIR", str(tmp_path / "out"))
    settings = load_settings()
    assert settings.target_lufs == -16.0
    assert settings.releases_dir == tmp_path / "out"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("TARGET_LUFS", "loud", "TARGET_LUFS='loud'"),
        ("TARGET_LUFS", "-2", "TARGET_LUFS='-2'"),
        ("LOG_LEVEL", "CHATTY", "'DEBUG', 'INFO', 'WARNING' or 'ERROR'"),
        ("ISRC_PREFIX", "Q1", "2 letters (country) + 3 letters/digits"),
        ("DATABASE_URL", "mysql://x", "sqlite:// or postgresql://"),
        ("SOUNDFONT_PATH", "/nowhere/gm.sf2", "does not exist"),
        ("SEED", "-3", "SEED='-3'"),
    ],
)
def test_invalid_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert variable in str(raised.value)
    assert expected in str(raised.value)


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SONG_DURATION_S=95\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings().song_duration_s == 95.0


def test_cli_reports_invalid_config(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from ai_artist.cli.main import app
    from ai_artist.config import get_settings

    monkeypatch.setenv("TARGET_LUFS", "loud")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["init"])
    assert result.exit_code == 2
    assert "TARGET_LUFS" in result.output


def test_env_example_is_valid_and_matches_the_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = Path(__file__).resolve().parent.parent / ".env.example"
    (tmp_path / ".env").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.delenv("DATA_DIR")
    monkeypatch.chdir(tmp_path)
    from_example = load_settings()
    monkeypatch.chdir(tmp_path.parent)
    assert from_example.model_dump() == load_settings().model_dump()
    documented = {
        line.split("=", 1)[0]
        for line in example.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert documented == {name.upper() for name in Settings.model_fields}
