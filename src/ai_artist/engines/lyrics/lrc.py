"""LRC lyrics files: ``[mm:ss.xx]line`` with enhanced per-word ``<mm:ss.xx>`` stamps.

Times come from :attr:`LyricLine.timings` (one :class:`SyllableTiming` per sung syllable,
seconds from the song start) as filled by the singer, or from the melody itself with
:func:`timings_from_score` before anything is sung.
"""

from __future__ import annotations

import re

from ai_artist.domain import LyricLine, Lyrics, Score, SyllableTiming
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.lyrics.syllables import normalize_word
from ai_artist.errors import InputError

_TIME_TAG = re.compile(r"\[(\d{1,3}):(\d{2}(?:\.\d{1,3})?)\]")
_HEADER = re.compile(r"^\[[a-zA-Z#]+:[^\]]*\]$")
_WORD_STAMP = re.compile(r"<\d{1,3}:\d{2}(?:\.\d{1,3})?>")


def format_stamp(time_s: float) -> str:
    """``mm:ss.xx`` for a time in seconds (hundredths, rounded)."""
    hundredths = max(0, round(time_s * 100))
    minutes, rest = divmod(hundredths, 6000)
    return f"{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"


def timings_from_score(lyrics: Lyrics, score: Score) -> Lyrics:
    """A copy of ``lyrics`` whose timings follow the melody notes (no singer needed).

    Each sung syllable starts at its note's start and ends at the end of its last note
    (melisma marks extend it).
    """
    lines: list[LyricLine] = []
    for line in lyrics.lines:
        notes = score.melody[line.phrase_index].notes
        timings: list[SyllableTiming] = []
        for syllable, note in zip(line.syllables, notes, strict=False):
            end_s = score.beat_to_seconds(note.end_beat)
            if syllable == MELISMA and timings:
                timings[-1] = timings[-1].model_copy(update={"end_s": end_s})
            else:
                start_s = score.beat_to_seconds(note.start_beat)
                timings.append(SyllableTiming(text=syllable, start_s=start_s, end_s=end_s))
        lines.append(line.model_copy(update={"timings": timings}))
    return lyrics.model_copy(update={"lines": lines})


def _word_starts(line: LyricLine) -> list[tuple[float, str]]:
    """(start in seconds, word) for every word of ``line`` from its syllable timings."""
    words = line.text.split()
    starts: list[tuple[float, str]] = []
    cursor = 0
    for word in words:
        target = normalize_word(word).replace("'", "")
        if not target:
            if starts:
                starts[-1] = (starts[-1][0], f"{starts[-1][1]} {word}")
            continue
        if cursor >= len(line.timings):
            raise InputError(
                f"lyric line {line.phrase_index} ({line.text!r}) has fewer timings than words"
            )
        start_s = line.timings[cursor].start_s
        spelled = ""
        while cursor < len(line.timings) and len(spelled) < len(target):
            spelled += normalize_word(line.timings[cursor].text).replace("'", "")
            cursor += 1
        starts.append((start_s, word))
    return starts


def to_lrc(
    lyrics: Lyrics, *, artist: str, title: str, duration_s: float, album: str | None = None
) -> str:
    """Enhanced LRC text for ``lyrics`` (every line must have timings)."""
    header = [f"[ar:{artist}]", f"[ti:{title}]"]
    if album:
        header.append(f"[al:{album}]")
    minutes, seconds = divmod(max(0, round(duration_s)), 60)
    header.append(f"[length:{minutes:02d}:{seconds:02d}]")
    body: list[str] = []
    for line in sorted(lyrics.lines, key=lambda item: item.phrase_index):
        if not line.timings:
            raise InputError(
                f"lyric line {line.phrase_index} ({line.text!r}) has no timings: sing the "
                "lyrics or call timings_from_score first"
            )
        words = " ".join(f"<{format_stamp(t)}>{w}" for t, w in _word_starts(line))
        body.append(f"[{format_stamp(line.timings[0].start_s)}]{words}")
    return "\n".join(header + body) + "\n"


def parse_lrc(text: str) -> list[tuple[float, str]]:
    """(time in seconds, plain text) of every timed line of an LRC text, in time order.

    Header tags (``[ar:…]``) are skipped and per-word stamps removed. Raises
    :class:`InputError` naming the line for anything that is not a tag or a timed line.
    """
    entries: list[tuple[float, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        stamps: list[float] = []
        rest = line
        while match := _TIME_TAG.match(rest):
            minutes, seconds = int(match.group(1)), float(match.group(2))
            if seconds >= 60:
                raise InputError(f"LRC line {number}: seconds must be below 60 in {raw!r}")
            stamps.append(minutes * 60 + seconds)
            rest = rest[match.end() :]
        if not stamps:
            if _HEADER.match(line):
                continue
            raise InputError(
                f"LRC line {number} is neither a [tag:value] nor a [mm:ss.xx] timed line: {raw!r}"
            )
        plain = " ".join(_WORD_STAMP.sub("", rest).split())
        if "<" in plain or "[" in plain:
            raise InputError(f"LRC line {number} has a malformed time stamp: {raw!r}")
        entries.extend((stamp, plain) for stamp in stamps)
    if not entries:
        raise InputError("the LRC text has no timed lines ([mm:ss.xx]text)")
    return sorted(entries, key=lambda item: item[0])
