"""Vocals: sing a track again after a person edited its lyrics in ``track.json``.

The edited lyrics are checked against the score (one line per melody phrase, as many
syllables as the phrase has notes), the sing stage runs again, and every later stage that
depends on the vocals (mix, humanize, master, video, reflect, review, release) is marked
unfinished, so ``ai-artist track resume`` (or ``ai-artist sing``) finishes the track again.
Released tracks are never changed.
"""

from __future__ import annotations

import logging

from ai_artist.config import Settings
from ai_artist.domain import LyricLine, Lyrics, Score, TrackDocument
from ai_artist.domain.lyrics import MELISMA
from ai_artist.errors import InputError
from ai_artist.persistence import models
from ai_artist.persistence.db import Database
from ai_artist.pipeline.runner import EventHandler, run_stages
from ai_artist.pipeline.stages import STAGES
from ai_artist.services.tracks import load_context

log = logging.getLogger(__name__)

KEPT_STAGES = frozenset({"artwork"})
"""Stages after ``sing`` whose results do not depend on the vocals."""


def stages_after_sing() -> list[str]:
    """Names of the stages a new vocal makes stale: ``sing`` and every later one but artwork."""
    names = [stage.name for stage in STAGES]
    return [name for name in names[names.index("sing") :] if name not in KEPT_STAGES]


def validate_edited_lyrics(lyrics: Lyrics, score: Score) -> Lyrics:
    """``lyrics`` fitted to ``score`` after a person edited the texts, timings cleared.

    A line keeps its ``syllables`` when they still spell its text with one entry per note
    (so hand-set melisma marks ``-`` survive); otherwise the text is split into syllables
    again. Raises :class:`InputError` naming the first line whose syllables do not match
    its phrase's notes, a missing or doubled phrase, or an empty line.
    """
    from ai_artist.engines.lyrics.constraints import spells
    from ai_artist.engines.lyrics.syllables import syllabify_line

    seen: set[int] = set()
    lines: list[LyricLine] = []
    for line in lyrics.lines:
        index = line.phrase_index
        if not 0 <= index < len(score.melody):
            raise InputError(
                f"lyric line {line.text!r} has phrase_index {index}; accepted: 0 to "
                f"{len(score.melody) - 1} (one line per melody phrase)"
            )
        if index in seen:
            raise InputError(f"two lyric lines have phrase_index {index}; keep one per phrase")
        seen.add(index)
        text = " ".join(line.text.split())
        if not text:
            raise InputError(f"lyric line {index} is empty; write a line for every phrase")
        notes = len(score.melody[index].notes)
        kept = line.syllables
        if not (len(kept) == notes and kept[0] != MELISMA and spells(kept, text)):
            split = syllabify_line(text)
            if len(split) != notes:
                raise InputError(
                    f"lyric line {index} ({text!r}) has {len(split)} syllables "
                    f"({' '.join(split) or 'none'}); its phrase has {notes} notes. "
                    f"Write a line of {notes} syllables, or list them in 'syllables' with "
                    f"'{MELISMA}' for each note that holds the previous syllable"
                )
            kept = split
        lines.append(line.model_copy(update={"text": text, "syllables": kept, "timings": []}))
    missing = sorted(set(range(len(score.melody))) - seen)
    if missing:
        raise InputError(
            f"the lyrics have no line for phrase(s) {', '.join(map(str, missing))}; "
            "write one line per melody phrase"
        )
    lines.sort(key=lambda item: item.phrase_index)
    return lyrics.model_copy(update={"lines": lines, "provider": "edited"})


def resing_track(
    database: Database,
    settings: Settings,
    track_id: str,
    *,
    on_event: EventHandler | None = None,
) -> TrackDocument:
    """Sing a track's (edited) lyrics again and mark the stages after ``sing`` unfinished.

    Raises :class:`InputError` when the track was released, has no lyrics yet, or the
    lyrics do not fit the melody (nothing is changed then). Returns the document after
    the sing stage; run the rest with :func:`ai_artist.services.tracks.run_track`.
    """
    ctx = load_context(database, settings, track_id)
    doc = ctx.doc
    if doc.release_id:
        raise InputError(
            f"track {track_id} was released as {doc.release_id}; released vocals stay as "
            "they are. Make a new song with: ai-artist generate <artist>"
        )
    if doc.lyrics is None:
        raise InputError(
            f"track {track_id} has no lyrics yet; finish it first with: "
            f"ai-artist track resume {track_id}"
        )
    doc.lyrics = validate_edited_lyrics(doc.lyrics, ctx.score())
    stale = stages_after_sing()
    for name in stale:
        doc.stages.pop(name, None)
        doc.providers.pop(name, None)
    doc.mix = None
    doc.master = None
    doc.reflection = None
    doc.review = None
    ctx.save()
    with database.transaction() as session:
        track = session.get(models.Track, track_id)
        if track is not None:
            track.status = "running"
    log.info("re-singing track %s; stages to run again: %s", track_id, ", ".join(stale))
    sing_stage = [stage for stage in STAGES if stage.name == "sing"]
    return run_stages(ctx, sing_stage, on_event=on_event)
