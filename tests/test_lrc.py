"""LRC output with enhanced word stamps, and parsing back."""

from __future__ import annotations

import re

import pytest
from tests.factories import make_artist, make_plan, make_score

from ai_artist.engines.lyrics import EmbeddedWriter, parse_lrc, timings_from_score, to_lrc
from ai_artist.errors import InputError


def _lrc() -> tuple[str, list[str]]:
    score = make_score()
    lyrics = timings_from_score(EmbeddedWriter().write(score, make_plan(), make_artist()), score)
    text = to_lrc(
        lyrics, artist="Nova Vale", title="Neon Rain", duration_s=score.duration_s, album="Night"
    )
    return text, [line.text for line in lyrics.lines]


def test_header_and_word_stamps() -> None:
    text, lines = _lrc()
    head = text.splitlines()[:4]
    assert head == ["[ar:Nova Vale]", "[ti:Neon Rain]", "[al:Night]", "[length:00:19]"]
    first = text.splitlines()[4]
    assert first.startswith("[00:00.00]<00:00.00>")
    words = re.findall(r"<(\d\d):(\d\d\.\d\d)>", first)
    assert len(words) == len(lines[0].split())
    third = text.splitlines()[6]  # phrase 3 starts at beat 16 = 9.6 s
    assert third.startswith("[00:09.60]")


def test_round_trip_and_increasing_times() -> None:
    text, lines = _lrc()
    parsed = parse_lrc(text)
    assert [t for _, t in parsed] == lines
    times = [t for t, _ in parsed]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times == pytest.approx([0.0, 4.8, 9.6, 14.4])
    for line in text.splitlines()[4:]:
        stamps = [int(m) * 60 + float(s) for m, s in re.findall(r"<(\d\d):(\d\d\.\d\d)>", line)]
        assert stamps == sorted(stamps)


@pytest.mark.parametrize(
    "bad",
    ["[00:01.00]ok\nno time here", "[00:75.00]seconds too big", "[ar:x]\n[ti:y]", "[0a:01.00]x"],
)
def test_malformed_lrc_raises_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        parse_lrc(bad)


def test_lines_without_timings_are_refused() -> None:
    score = make_score()
    lyrics = EmbeddedWriter().write(score, make_plan(), make_artist())
    with pytest.raises(InputError, match="timings"):
        to_lrc(lyrics, artist="a", title="b", duration_s=10.0)
