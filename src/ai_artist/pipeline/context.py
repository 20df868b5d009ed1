"""What a stage gets: the track's folder, its document, the artist, settings and database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ai_artist.config import Settings
from ai_artist.domain import ArtistProfile, Score, TrackDocument
from ai_artist.errors import StageError
from ai_artist.files import write_json
from ai_artist.persistence.db import Database

if TYPE_CHECKING:
    from ai_artist.engines.llm import Orchestrator

TRACK_JSON = "track.json"
SCORE_JSON = "score.json"


@dataclass
class StageOutcome:
    """What a stage reports back: who did the work, and whether the pipeline must wait.

    ``files`` maps roles (``master_wav``, ``cover`` …) to paths relative to the track folder.
    """

    provider: str = "embedded"
    waiting: bool = False
    skipped: bool = False
    note: str = ""
    files: dict[str, str] = field(default_factory=dict)


@dataclass
class TrackContext:
    """Everything one stage may read or write for one track."""

    settings: Settings
    database: Database
    folder: Path
    artist: ArtistProfile
    doc: TrackDocument
    autopilot: bool = False
    _orchestrator: Orchestrator | None = field(default=None, repr=False)

    def orchestrator(self) -> Orchestrator:
        """The LLM orchestrator for this run (built on first use; calls recorded in the DB)."""
        if self._orchestrator is None:
            from ai_artist.engines.llm import DatabaseRecorder, orchestrator_from_settings

            self._orchestrator = orchestrator_from_settings(
                self.settings, recorder=DatabaseRecorder(self.database)
            )
        return self._orchestrator

    def close(self) -> None:
        """Release what the run opened (LLM clients)."""
        if self._orchestrator is not None:
            self._orchestrator.close()
            self._orchestrator = None

    @property
    def track_id(self) -> str:
        return self.doc.track_id

    def path(self, relative: str) -> Path:
        """Absolute path of a file in the track folder."""
        return self.folder / relative

    def save(self) -> None:
        """Write ``track.json`` atomically."""
        write_json(self.path(TRACK_JSON), self.doc)

    def score(self) -> Score:
        """The composed score (``score.json``); the compose stage must have run."""
        path = self.path(SCORE_JSON)
        if not path.is_file():
            raise StageError(f"{path} is missing: run the compose stage first", stage="compose")
        return Score.model_validate_json(path.read_text(encoding="utf-8"))

    def require(self, relative: str, *, stage: str) -> Path:
        """Path of a file an earlier stage made; a clear error if it is missing."""
        path = self.path(relative)
        if not path.is_file():
            raise StageError(f"{path} is missing: the {stage} stage must run first", stage=stage)
        return path
