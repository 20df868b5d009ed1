"""``ai-artist llm stats|test|providers``, the doctor's provider listing and the llm_calls table."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from ai_artist.cli import llm
from ai_artist.cli.doctor import doctor
from ai_artist.config import Settings, get_settings, load_settings
from ai_artist.engines.llm import DatabaseRecorder, call_stats, orchestrator_from_settings
from ai_artist.engines.llm.accounting import CallRecord, estimate_cost_usd
from ai_artist.engines.llm.tasks import make_title
from ai_artist.errors import ConfigError
from ai_artist.persistence.db import open_database
from fakes.llm_server import FakeLLMServer, answer, status

runner = CliRunner()
SECRET = "sk-live-0123456789abcdefghijkl"


def _env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def test_calls_are_recorded_and_summarised(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLLMServer() as server:
        server.enqueue(status(500), answer({"title": "Harbour"}, tokens_in=100, tokens_out=10))
        _env(
            monkeypatch,
            DEEPSEEK_API_KEY=SECRET,
            LLM_BASE_URLS=f"deepseek={server.url}",
            LLM_BACKOFF_S="0",
        )
        settings = load_settings()
        database = open_database(settings)
        orchestrator = orchestrator_from_settings(settings, recorder=DatabaseRecorder(database))
        result = make_title("sea", "calm", "lofi", seed=1, orchestrator=orchestrator, track_id="t9")
        orchestrator.close()
    assert result.value == "Harbour"
    (row,) = call_stats(database)
    assert (row.provider, row.task, row.calls, row.ok, row.failed) == ("deepseek", "title", 2, 1, 1)
    assert (row.tokens_in, row.tokens_out) == (100, 10)
    assert row.cost_usd == pytest.approx((100 * 0.27 + 10 * 1.10) / 1e6)
    stats = runner.invoke(llm.app, ["stats", "--json"])
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.stdout)["stats"]
    assert data[0]["calls"] == 2 and data[0]["task"] == "title"
    table = runner.invoke(llm.app, ["stats"], env={"COLUMNS": "200"})
    assert "deepseek" in table.output and "title" in table.output
    from sqlalchemy import select

    from ai_artist.persistence.models import LlmCall

    with database.transaction() as session:
        rows = session.scalars(select(LlmCall)).all()
        assert {r.track_id for r in rows} == {"t9"}
        assert all(SECRET not in (r.prompt + (r.error or "")) for r in rows)


def test_llm_test_pings_every_enabled_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLLMServer() as good, FakeLLMServer() as bad:
        good.enqueue(answer({"ok": True}))
        bad.enqueue(status(401))
        _env(
            monkeypatch,
            DEEPSEEK_API_KEY=SECRET,
            MISTRAL_API_KEY="mistral-key-abcdef",
            LLM_BASE_URLS=f"deepseek={good.url},mistral={bad.url}",
        )
        result = runner.invoke(llm.app, ["test", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["provider"]: row for row in json.loads(result.stdout)["providers"]}
    assert rows["deepseek"]["ok"] is True and rows["deepseek"]["model"] == "deepseek-chat"
    assert rows["mistral"]["ok"] is False and "auth_error" not in rows["mistral"]["detail"]
    assert "HTTP 401" in rows["mistral"]["detail"]
    assert good.requests[0].body["max_tokens"] == 20


def test_llm_test_without_providers_says_how_to_add_one() -> None:
    result = runner.invoke(llm.app, ["test"])
    assert result.exit_code == 0
    assert "no LLM provider is enabled" in result.output


def test_local_server_is_enabled_by_its_url(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeLLMServer() as ollama:
        ollama.enqueue(answer({"title": "Kitchen Light"}))
        _env(monkeypatch, OLLAMA_URL=ollama.url, LLM_MODELS="ollama:qwen2.5:7b")
        orchestrator = orchestrator_from_settings(load_settings())
        result = make_title("home", "warm", "lofi", seed=1, orchestrator=orchestrator)
        orchestrator.close()
    assert (result.provider, result.model) == ("ollama", "qwen2.5:7b")
    assert ollama.requests[0].headers["authorization"] == "Bearer ollama"
    assert ollama.requests[0].body["response_format"]["type"] == "json_schema"
    assert estimate_cost_usd("ollama", "qwen2.5:7b", 1000, 1000) == 0.0


def test_doctor_lists_providers_and_chains(monkeypatch: pytest.MonkeyPatch) -> None:
    _env(
        monkeypatch,
        GEMINI_API_KEY="gemini-key-123456",
        LYRICS_LLM="deepseek:deepseek-chat,gemini:gemini-2.0-flash",
    )
    app = typer.Typer()
    app.command()(doctor)
    app.command("other")(lambda: None)
    result = runner.invoke(app, ["doctor"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    gemini = next(line for line in lines if "│ gemini" in line)
    assert "enabled" in gemini and "GEMINI_API_KEY set" in gemini
    deepseek = next(line for line in lines if "│ deepseek " in line)
    assert "off" in deepseek and "set DEEPSEEK_API_KEY" in deepseek
    lyrics = next(line for line in lines if "│ lyrics" in line)
    assert "gemini:gemini-2.0-flash → embedded" in lyrics
    title = next(line for line in lines if "│ title" in line)
    assert "(auto)" in title and "gemini:gemini-2.5-flash-lite → embedded" in title
    assert "gemini-key-123456" not in result.output


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("LYRICS_LLM", "deepseek chat", "provider[:model]"),
        ("LLM_BASE_URLS", "openai:http://x", "provider=url"),
        ("OLLAMA_URL", "localhost:11434", "http:// or https://"),
    ],
)
def test_invalid_llm_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert variable in str(raised.value) and expected in str(raised.value)


def test_unknown_provider_in_a_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TITLE_LLM", "chatgpt:gpt-4")
    with pytest.raises(ConfigError, match="TITLE_LLM: unknown LLM provider 'chatgpt'"):
        orchestrator_from_settings(load_settings())


def test_secret_values_are_secret(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    loaded = load_settings()
    assert SECRET not in repr(loaded) and SECRET not in str(loaded.model_dump())
    assert loaded.secret_values() == [SECRET]
    record = CallRecord(task="t", provider="p", model="m", outcome="ok", latency_s=0.1)
    assert record.cost_usd is None
