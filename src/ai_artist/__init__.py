"""ai-artist: creates, runs and evolves virtual music artists, offline first."""

__version__ = "0.1.0"
