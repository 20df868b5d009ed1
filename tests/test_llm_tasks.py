"""The creative tasks: embedded writers for every task, and model answers turned into values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ai_artist.config import load_settings
from ai_artist.domain import Analysis, MasterReport, TrackDocument
from ai_artist.engines.llm import (
    ArtistFacts,
    ErrorReport,
    MemoryRecorder,
    analyze_error,
    create_persona,
    evolve_artist,
    orchestrator_from_settings,
    propose_fix,
    reflect,
)
from ai_artist.engines.llm.diagnose import classify
from ai_artist.engines.llm.evolve import apply_changes
from ai_artist.engines.llm.orchestrator import Orchestrator
from ai_artist.engines.llm.schemas import StyleChange
from ai_artist.engines.lyrics.syllables import count_syllables
from ai_artist.engines.persona import EmbeddedPersonaWriter, artist_name, is_pronounceable
from factories import make_artist, make_plan
from fakes.llm_server import FakeLLMServer, answer

GENRES = ("synthwave", "lofi", "house", "pop", "trap", "ambient")


@pytest.fixture
def offline() -> Orchestrator:
    return orchestrator_from_settings(load_settings())


@pytest.fixture
def deepseek(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeLLMServer, Orchestrator]]:
    with FakeLLMServer() as server:
        monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-test-0123456789abcdefghij")
        monkeypatch.setenv("LLM_BASE_URLS", f"deepseek={server.url}")
        monkeypatch.setenv("LLM_TIMEOUT_S", "1")
        orchestrator = orchestrator_from_settings(load_settings(), recorder=MemoryRecorder())
        yield server, orchestrator
        orchestrator.close()


def test_generated_names_are_pronounceable_and_seeded() -> None:
    for genre in GENRES:
        names = [artist_name(genre, seed=seed) for seed in range(30)]
        assert names == [artist_name(genre, seed=seed) for seed in range(30)]
        assert len(set(names)) >= 27
        for name in names:
            for word in name.split():
                assert is_pronounceable(word, count_syllables(word.lower())), name
                assert 2 <= len(word) <= 10
    assert not is_pronounceable("Xkrtl", 1)
    assert not is_pronounceable("Aeiou", 3)


def test_embedded_persona_fits_its_genre() -> None:
    writer = EmbeddedPersonaWriter()
    trap = writer.create(genre="trap", seed=4)
    ambient = writer.create(genre="ambient", seed=4)
    assert trap == writer.create(genre="trap", seed=4)
    assert trap.voice.pitch_offset_semitones <= 0.0 and trap.voice.vibrato_depth_cents <= 20
    assert ambient.voice.breathiness >= 0.25
    assert trap.name in trap.persona.bio and all(t in trap.persona.bio for t in trap.persona.themes)
    assert trap.slug == trap.name.lower().replace(" ", "-")
    assert writer.create(genre="pop", seed=1, name="Sol Ray").name == "Sol Ray"
    assert trap.visual.palette[0] in ("#000000", "#0a0a0a")


def test_persona_from_a_model_keeps_genre_bounds(
    deepseek: tuple[FakeLLMServer, Orchestrator],
) -> None:
    server, orchestrator = deepseek
    server.enqueue(
        answer(
            {
                "name": "Mira Solenne",
                "bio": "Mira Solenne records slow ambient pieces in a lighthouse by the sea.",
                "themes": ["tides", "winter light", "long journeys"],
                "mood": "serene",
                "palette": ["#f4f7f9", "#0e1a24", "#6fa3b5"],
                "motif": "waves",
                "voice_colour": "dark",
                "voice_texture": "breathy",
            }
        )
    )
    result = create_persona("ambient", 3, orchestrator=orchestrator)
    profile = result.value
    assert (result.provider, profile.name, profile.slug) == (
        "deepseek",
        "Mira Solenne",
        "mira-solenne",
    )
    assert profile.visual.palette[0] == "#0e1a24"  # darkest first: the background
    assert profile.voice.formant_shift == pytest.approx(0.95 + 0.15 / 6, abs=1e-3)
    assert profile.voice.breathiness == pytest.approx(0.45 - 0.2 / 6, abs=1e-3)
    assert profile.seed == 3 and profile.genre == "ambient"


def test_persona_offline_is_the_embedded_writer(offline: Orchestrator) -> None:
    result = create_persona("house", 9, orchestrator=offline)
    assert result.provider == "embedded"
    assert result.value == EmbeddedPersonaWriter().create(genre="house", seed=9)


def _doc() -> TrackDocument:
    """A track measured 3.5 LU under its loudness target, on tempo and in key."""
    return TrackDocument(
        track_id="t1",
        artist_slug="nova-vale",
        artist_version=1,
        plan=make_plan(),
        analysis=Analysis(
            duration_s=19.2,
            sample_rate_hz=44100,
            tempo_bpm=100.4,
            beat_times_s=[],
            downbeat_times_s=[],
            key="A",
            mode="minor",
            key_confidence=0.8,
            integrated_lufs=-17.5,
            peak_dbfs=-1.5,
        ),
        master=MasterReport(
            target_lufs=-14.0, integrated_lufs=-17.5, true_peak_dbtp=-1.2, duration_s=19.2
        ),
    )


def test_reflection_keeps_measured_scores(
    deepseek: tuple[FakeLLMServer, Orchestrator], offline: Orchestrator
) -> None:
    server, orchestrator = deepseek
    doc = _doc()
    measured = reflect(doc, [], orchestrator=offline).value
    assert measured.scores == {"loudness": 0.0, "tempo": 1.0, "key": 1.0}
    assert measured.weaknesses and measured.provider == "embedded"
    server.enqueue(
        answer({"summary": "A warm song that sits too quiet.", "strengths": ["Clear tempo."]}),
        answer(
            {
                "summary": "A warm song that sits too quiet.",
                "strengths": ["Clear tempo."],
                "weaknesses": ["The master is 3.5 LU under the target."],
            }
        ),
    )
    result = reflect(doc, [], orchestrator=orchestrator)
    assert result.provider == "deepseek"
    assert [a.outcome for a in result.attempts] == ["invalid_output", "ok"]
    assert result.value.scores == measured.scores and result.value.overall == measured.overall
    assert result.value.weaknesses == ["The master is 3.5 LU under the target."]


def test_embedded_evolution_is_bounded(offline: Orchestrator) -> None:
    artist = make_artist(persona={"themes": ["neon", "night drives", "tape"], "mood": "nostalgic"})
    facts = ArtistFacts(
        tracks=6, approved=1, rejected=4, mean_scores={"tempo": 0.4, "loudness": 0.95}
    )
    result = evolve_artist(artist, facts, orchestrator=offline)
    evolved = result.value.profile
    assert evolved.version == artist.version + 1
    assert (evolved.sound.tempo_min_bpm, evolved.sound.tempo_max_bpm) == (90.0, 118.0)
    assert evolved.persona.mood != "nostalgic"
    assert evolved.persona.themes[:2] == ["night drives", "tape"]
    assert "tempo is the weakest measure (0.40)" in result.value.rationale
    assert "20%" in result.value.rationale
    assert len(result.value.changes) == 3


def test_model_changes_cannot_leave_the_bounds() -> None:
    artist = make_artist()
    changes = [StyleChange(parameter="pitch", direction="up")] * 3
    profile, done = apply_changes(artist, changes, seed=1)
    assert profile.voice.pitch_offset_semitones == 3.0
    for _ in range(20):
        profile, _ = apply_changes(profile, changes, seed=1)
    assert profile.voice.pitch_offset_semitones == 6.0
    assert len(done) == 3


def test_evolution_from_a_model(deepseek: tuple[FakeLLMServer, Orchestrator]) -> None:
    server, orchestrator = deepseek
    server.enqueue(
        answer(
            {
                "changes": [
                    {"parameter": "vibrato", "direction": "down"},
                    {"parameter": "motif", "value": "rings"},
                ],
                "rationale": "Listeners found the vibrato heavy; a new cover look marks the turn.",
            }
        )
    )
    artist = make_artist()
    result = evolve_artist(
        artist, ArtistFacts(tracks=3, notes=["too wobbly"]), orchestrator=orchestrator
    )
    assert result.provider == "deepseek" and result.value.provider == "deepseek:deepseek-chat"
    assert result.value.profile.voice.vibrato_depth_cents == 22.0
    assert result.value.profile.visual.motif == "rings"
    assert "too wobbly" in server.requests[0].body["messages"][1]["content"]


@pytest.mark.parametrize(
    ("error_type", "message", "category", "retryable"),
    [
        (
            "FileNotFoundError",
            "[Errno 2] No such file or directory: 'stems/bass.wav'",
            "missing_file",
            False,
        ),
        ("LibsndfileError", "Error opening 'x.wav': Format not recognised.", "decode_error", False),
        ("TimeoutError", "the render timed out after 600 s", "timeout", True),
        ("ProviderCallError", "deepseek: HTTP 401 invalid api key", "provider_auth", False),
        ("OSError", "[Errno 28] No space left on device", "disk_full", False),
        ("ModuleNotFoundError", "No module named 'pyworld'", "missing_dependency", False),
        ("OperationalError", "database is locked", "database", True),
        ("RuntimeError", "something odd", "unknown", False),
    ],
)
def test_error_rules(error_type: str, message: str, category: str, retryable: bool) -> None:
    report = ErrorReport(source="stage:render", error_type=error_type, message=message)
    analysis = classify(report)
    assert (analysis.category, analysis.retryable) == (category, retryable)


def test_error_analysis_and_fix_offline(offline: Orchestrator) -> None:
    report = ErrorReport(
        source="stage:sing",
        error_type="OSError",
        message="[Errno 28] No space left on device",
        traceback="Traceback ...\nOSError: [Errno 28] No space left on device",
        track_id="t42",
    )
    analysis = analyze_error(report, orchestrator=offline)
    assert analysis.value.category == "disk_full" and analysis.provider == "embedded"
    fix = propose_fix(report, analysis.value, orchestrator=offline).value
    assert fix.command == "df -h" and any("DATA_DIR" in step for step in fix.steps)
    unknown = ErrorReport(
        source="stage:mix", error_type="RuntimeError", message="odd", track_id="t7"
    )
    assert propose_fix(unknown, classify(unknown), orchestrator=offline).value.command == (
        "ai-artist track resume t7"
    )


def test_fix_from_a_model_keeps_only_ai_artist_commands(
    deepseek: tuple[FakeLLMServer, Orchestrator],
) -> None:
    server, orchestrator = deepseek
    server.enqueue(
        answer({"summary": "Free space.", "steps": ["Delete old renders."], "command": "rm -rf /"})
    )
    report = ErrorReport(source="stage:mix", error_type="OSError", message="No space left")
    fix = propose_fix(report, classify(report), orchestrator=orchestrator).value
    assert fix.provider == "deepseek:deepseek-chat" and fix.command is None
