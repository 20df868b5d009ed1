"""LLM orchestration for the creative tasks, with an embedded writer behind every one.

Public entry points (see :mod:`ai_artist.engines.llm.tasks`): ``create_persona``,
``write_lyrics``, ``make_title``, ``reflect``, ``evolve_artist``, ``analyze_error``,
``propose_fix``; build the orchestrator with ``orchestrator_from_settings``.
"""

from ai_artist.engines.llm.accounting import (
    CallRecord,
    DatabaseRecorder,
    MemoryRecorder,
    Recorder,
    call_stats,
)
from ai_artist.engines.llm.chains import orchestrator_from_settings
from ai_artist.engines.llm.diagnose import ErrorAnalysis, ErrorReport, FixProposal
from ai_artist.engines.llm.evolve import ArtistFacts, Evolution
from ai_artist.engines.llm.orchestrator import ChainLink, Orchestrator, TaskResult
from ai_artist.engines.llm.tasks import (
    analyze_error,
    create_persona,
    evolve_artist,
    make_title,
    propose_fix,
    reflect,
    write_lyrics,
)

__all__ = [
    "ArtistFacts",
    "CallRecord",
    "ChainLink",
    "DatabaseRecorder",
    "ErrorAnalysis",
    "ErrorReport",
    "Evolution",
    "FixProposal",
    "MemoryRecorder",
    "Orchestrator",
    "Recorder",
    "TaskResult",
    "analyze_error",
    "call_stats",
    "create_persona",
    "evolve_artist",
    "make_title",
    "orchestrator_from_settings",
    "propose_fix",
    "reflect",
    "write_lyrics",
]
