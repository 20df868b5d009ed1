"""Engines are found by kind and name; unknown ones give clear errors."""

from __future__ import annotations

import pytest

from ai_artist.engines import registry
from ai_artist.engines.registry import Composer, engine, register
from ai_artist.errors import InputError


def test_embedded_engines_satisfy_their_protocols() -> None:
    composer = engine("composer")
    assert isinstance(composer, Composer)
    assert composer.name == "embedded"


def test_unknown_kind_and_name_list_what_exists() -> None:
    with pytest.raises(InputError, match=r"kinds: .*composer"):
        engine("juggler")
    with pytest.raises(InputError, match="available: embedded"):
        engine("composer", "cloud-x")


def test_registered_engine_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    class Other:
        name = "other"

    monkeypatch.setattr(
        registry, "_FACTORIES", {k: dict(v) for k, v in registry._FACTORIES.items()}
    )
    register("composer", "other", Other)
    assert engine("composer", "other").name == "other"
