"""Error analysis and fix proposals: rules for the common failure classes.

:func:`classify` reads an :class:`ErrorReport` (exception type, message, traceback and log
tail) and names its failure class — missing file, decode error, timeout, provider auth,
rate limit, network, disk full, permission, out of memory, missing dependency, invalid
config, database, invalid input — with the evidence that matched. :func:`suggest_fix`
turns a class into steps a person can follow. An LLM may do both instead (same schemas);
these rules are the embedded writer behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from ai_artist.engines.llm.schemas import FailureClass


class ErrorReport(BaseModel):
    """A failure to explain. ``traceback`` and ``log_tail`` are outside text (quoted data)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Where it happened, e.g. 'stage:render'.")
    error_type: str = Field(description="Exception class name, e.g. 'FileNotFoundError'.")
    message: str
    traceback: str = ""
    log_tail: str = ""
    track_id: str | None = None

    @property
    def text(self) -> str:
        return "\n".join((self.error_type, self.message, self.traceback[-4000:], self.log_tail))


class ErrorAnalysis(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: FailureClass
    cause: str
    retryable: bool
    evidence: str = ""
    provider: str = "embedded"


class FixProposal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summary: str
    steps: list[str]
    command: str | None = None
    provider: str = "embedded"


@dataclass(frozen=True)
class _Rule:
    category: FailureClass
    pattern: re.Pattern[str]
    cause: str
    retryable: bool


def _rule(category: FailureClass, pattern: str, cause: str, *, retryable: bool) -> _Rule:
    return _Rule(category, re.compile(pattern, re.IGNORECASE), cause, retryable)


_RULES = (
    _rule(
        "disk_full",
        r"ENOSPC|No space left on device|disk (is )?full|Errno 28",
        "the disk holding the data directory is full",
        retryable=False,
    ),
    _rule(
        "out_of_memory",
        r"MemoryError|Cannot allocate memory|out of memory|OOM|Killed",
        "the process ran out of memory",
        retryable=True,
    ),
    _rule(
        "provider_auth",
        r"\b40[13]\b|AuthenticationError|PermissionDeniedError|invalid (api )?key|"
        r"unauthori[sz]ed|auth_error",
        "a cloud provider refused the API key",
        retryable=False,
    ),
    _rule(
        "rate_limit",
        r"\b429\b|RateLimitError|rate.?limit|too many requests|quota",
        "a cloud provider is rate-limiting requests",
        retryable=True,
    ),
    _rule(
        "timeout",
        r"Timeout|timed out|deadline (reached|exceeded)",
        "an operation took longer than allowed",
        retryable=True,
    ),
    _rule(
        "missing_dependency",
        r"ModuleNotFoundError|No module named|ImportError|cannot import name|"
        r"library not found|lib\w+\.so",
        "a Python package or system library is missing",
        retryable=False,
    ),
    _rule(
        "missing_file",
        r"FileNotFoundError|No such file or directory|is missing|does not exist|Errno 2\b",
        "a file the step needs is missing",
        retryable=False,
    ),
    _rule(
        "permission",
        r"PermissionError|Permission denied|EACCES|Errno 13|read-only file system",
        "the process may not read or write a path",
        retryable=False,
    ),
    _rule(
        "decode_error",
        r"UnicodeDecodeError|JSONDecodeError|could not decode|Invalid data found|"
        r"LibsndfileError|Format not recognised|corrupt|unpack requires|not a valid",
        "a file could not be decoded (corrupt or in an unexpected format)",
        retryable=False,
    ),
    _rule(
        "database",
        r"OperationalError|IntegrityError|database is locked|no such table|sqlalchemy",
        "the database refused an operation",
        retryable=True,
    ),
    _rule(
        "network",
        r"ConnectionError|ConnectError|connection_error|Connection refused|"
        r"Name or service not known|Temporary failure in name resolution|Network is unreachable",
        "a network connection failed",
        retryable=True,
    ),
    _rule(
        "invalid_config",
        r"ConfigError|invalid configuration|ValidationError",
        "a setting in the environment or .env is invalid",
        retryable=False,
    ),
    _rule(
        "invalid_input",
        r"InputError|NotFoundError|ValueError|out of range",
        "the input given to the command is not accepted",
        retryable=False,
    ),
)

_FIXES: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "disk_full": (
        "Free disk space, then resume the track.",
        (
            "Check free space: df -h on the data directory.",
            "Delete old renders or move DATA_DIR / OUTPUT_BASE_DIR to a larger disk.",
            "Resume the track from its first unfinished stage.",
        ),
        "df -h",
    ),
    "out_of_memory": (
        "Give the step more memory or make it smaller.",
        (
            "Close other heavy programs, or run one song at a time.",
            "Try a shorter song (SONG_DURATION_S) or a smaller video (VIDEO_WIDTH_PX).",
            "Resume the track.",
        ),
        None,
    ),
    "provider_auth": (
        "Fix or remove the provider's API key; the embedded writer covers meanwhile.",
        (
            "Check the key in .env (for example DEEPSEEK_API_KEY) is current and has credit.",
            "Or leave the key empty to turn that provider off.",
            "Run ai-artist llm test to check every enabled provider.",
        ),
        "ai-artist llm test",
    ),
    "rate_limit": (
        "Wait and retry, or put another provider first in the chain.",
        (
            "Wait a minute: the provider asked to slow down.",
            "Reorder the task's chain (for example LYRICS_LLM) to use another provider first.",
        ),
        "ai-artist llm stats",
    ),
    "timeout": (
        "Retry; raise the time limit if it keeps happening.",
        (
            "Resume the track: timeouts are often passing.",
            "For LLM calls raise LLM_TIMEOUT_S / LLM_DEADLINE_S.",
        ),
        None,
    ),
    "missing_dependency": (
        "Install the missing package.",
        (
            "Run make install to install every required package.",
            "Run ai-artist doctor to see what is still missing.",
        ),
        "ai-artist doctor",
    ),
    "missing_file": (
        "Re-create the missing file by running the stage that makes it.",
        (
            "Check the path named in the message exists under the data directory.",
            "Resume the track: stages re-run from the first one whose output is missing.",
        ),
        None,
    ),
    "permission": (
        "Give the process access to the data directory.",
        (
            "Check the owner and mode of DATA_DIR (ls -ld).",
            "Point DATA_DIR at a folder the user can write.",
        ),
        None,
    ),
    "decode_error": (
        "Replace the unreadable file.",
        (
            "Find the file named in the message and check it opens in another program.",
            "Delete it and resume the track so the stage writes it again.",
        ),
        None,
    ),
    "database": (
        "Retry, and migrate the database if a table is missing.",
        (
            "Make sure no other process holds a long write on the SQLite file.",
            "Run ai-artist db upgrade.",
        ),
        "ai-artist db upgrade",
    ),
    "network": (
        "Check the connection; offline, the embedded engines do the work.",
        (
            "Check the machine is online and the provider's URL is right.",
            "Local servers (OLLAMA_URL …) must be running.",
        ),
        "ai-artist llm test",
    ),
    "invalid_config": (
        "Correct the setting named in the message.",
        ("Compare the variable with .env.example, which documents every setting.",),
        "ai-artist doctor",
    ),
    "invalid_input": (
        "Correct the input named in the message.",
        ("Run the command with --help to see what it accepts.",),
        None,
    ),
    "unknown": (
        "Look at the traceback; resume the track once the cause is fixed.",
        (
            "Read the last lines of the traceback for the failing call.",
            "Resume the track; if it fails again, report it with the track id.",
        ),
        None,
    ),
}


def classify(report: ErrorReport) -> ErrorAnalysis:
    """The failure class of ``report`` from the first rule its text matches."""
    text = report.text
    for rule in _RULES:
        match = rule.pattern.search(text)
        if match:
            start = max(0, match.start() - 60)
            evidence = " ".join(text[start : match.end() + 60].split())
            return ErrorAnalysis(
                category=rule.category,
                cause=f"{rule.cause} ({report.source})",
                retryable=rule.retryable,
                evidence=evidence[:240],
            )
    return ErrorAnalysis(
        category="unknown",
        cause=f"{report.error_type} in {report.source}: {report.message[:160]}",
        retryable=False,
    )


def suggest_fix(report: ErrorReport, analysis: ErrorAnalysis) -> FixProposal:
    """Steps that fix ``analysis.category`` (the report's track id is named when given)."""
    summary, steps, command = _FIXES.get(analysis.category, _FIXES["unknown"])
    resume = f"ai-artist track resume {report.track_id}" if report.track_id else None
    return FixProposal(summary=summary, steps=list(steps), command=command or resume)
