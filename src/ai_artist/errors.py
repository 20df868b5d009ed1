"""The exception tree of ai-artist.

::

    AiArtistError            root: catch this to handle anything the platform raises
    ├── ConfigError          a setting in the environment / .env is invalid
    ├── InputError           bad input from a user: a file, an id, a form field, a CLI option
    │   └── NotFoundError    an artist, track or release id that does not exist
    ├── ProviderError        an engine or cloud provider could not do its work
    └── StageError           a pipeline stage failed (wraps the cause, names the stage)

Messages say what was wrong and what is accepted or what to do next.
"""

from __future__ import annotations


class AiArtistError(Exception):
    """Root of every error raised on purpose by ai-artist."""


class ConfigError(AiArtistError):
    """A configuration value is invalid; the message names the variable."""


class InputError(AiArtistError):
    """User input is invalid; the message names the field or file and what is accepted."""


class NotFoundError(InputError):
    """An id given by the user does not exist."""


class ProviderError(AiArtistError):
    """An engine or provider failed; ``provider`` names it."""

    def __init__(self, message: str, *, provider: str = "embedded") -> None:
        super().__init__(message)
        self.provider = provider


class StageError(AiArtistError):
    """A pipeline stage failed; ``stage`` names it and ``__cause__`` holds the original error."""

    def __init__(self, message: str, *, stage: str) -> None:
        super().__init__(message)
        self.stage = stage
