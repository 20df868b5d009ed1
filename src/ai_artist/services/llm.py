"""The LLM orchestrator for application services (artist creation, titles, evolution)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_artist.config import Settings
from ai_artist.persistence.db import Database

if TYPE_CHECKING:
    from ai_artist.engines.llm import Orchestrator


@contextlib.contextmanager
def orchestrator(database: Database, settings: Settings) -> Iterator[Orchestrator]:
    """An orchestrator whose calls are recorded in ``llm_calls``; closed on exit."""
    from ai_artist.engines.llm import DatabaseRecorder, orchestrator_from_settings

    built = orchestrator_from_settings(settings, recorder=DatabaseRecorder(database))
    try:
        yield built
    finally:
        built.close()
