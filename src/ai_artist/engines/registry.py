"""Engines by kind and name: the embedded ones register here like any cloud provider would.

A stage asks for ``engine("composer")`` and gets the configured implementation (today the
embedded one); a provider is a class with a ``name`` attribute and the kind's main method.
The writing tasks (persona, title, lyrics, reflection) go through the LLM chains of
:mod:`ai_artist.engines.llm` instead, whose last link is always the embedded writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ai_artist.domain import Lyrics, Score
from ai_artist.domain.artist import VoiceProfile
from ai_artist.engines.music.protocols import Composer, Renderer
from ai_artist.errors import InputError

if TYPE_CHECKING:
    from ai_artist.engines.voice.sing import SungVocal


@runtime_checkable
class Singer(Protocol):
    """Sings lyrics on the melody in the artist's voice."""

    name: str

    def sing(
        self, score: Score, lyrics: Lyrics, voice: VoiceProfile, *, seed: int
    ) -> SungVocal: ...


def _composer() -> Composer:
    from ai_artist.engines.music.compose import EmbeddedComposer

    return EmbeddedComposer()


def _renderer() -> Renderer:
    from ai_artist.engines.music.render import EmbeddedRenderer

    return EmbeddedRenderer()


def _singer(*, tts: str = "auto") -> Singer:
    from ai_artist.engines.voice.sing import EmbeddedSinger

    return EmbeddedSinger(tts=tts)


_FACTORIES: dict[str, dict[str, Callable[[], Any]]] = {
    "composer": {"embedded": _composer},
    "renderer": {"embedded": _renderer},
    "singer": {"embedded": _singer},
}


def register(kind: str, name: str, factory: Callable[[], Any]) -> None:
    """Make ``factory`` available as engine ``name`` of ``kind``."""
    _FACTORIES.setdefault(kind, {})[name] = factory


def engine(kind: str, name: str = "embedded", **options: Any) -> Any:
    """A new engine of ``kind`` named ``name`` built with ``options``; InputError lists what
    is registered."""
    factories = _FACTORIES.get(kind)
    if factories is None:
        raise InputError(f"unknown engine kind '{kind}'; kinds: {', '.join(sorted(_FACTORIES))}")
    factory = factories.get(name)
    if factory is None:
        raise InputError(f"no {kind} named '{name}'; available: {', '.join(sorted(factories))}")
    return factory(**options)
