"""The creative tasks: what stages and services call.

Each function builds the task's prompt (our instructions + outside text as quoted data),
says how to check an answer and how to do the task offline, and lets the orchestrator run
the chain. The result is always a typed value (a model's validated answer, or the embedded
writer's) in a :class:`TaskResult` that also says who did the work and what fell back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ai_artist.domain import ArtistProfile, LyricLine, Lyrics, Reflection, Score, SongPlan
from ai_artist.domain import TrackDocument as TrackDoc
from ai_artist.domain.lyrics import MELISMA
from ai_artist.engines.llm import schemas
from ai_artist.engines.llm.diagnose import (
    ErrorAnalysis,
    ErrorReport,
    FixProposal,
    classify,
    suggest_fix,
)
from ai_artist.engines.llm.evolve import ArtistFacts, Evolution, apply_changes, evolve_embedded
from ai_artist.engines.llm.orchestrator import ChainLink, Orchestrator, TaskRequest, TaskResult
from ai_artist.engines.llm.prompts import AnswerRejected, build_prompt
from ai_artist.engines.persona import (
    MOTIFS,
    EmbeddedPersonaWriter,
    genre_moods,
    genre_sound,
    genre_themes,
    shaped_voice,
    slugify,
)

_TITLE_CHARS = re.compile(r"^[A-Za-z0-9' \-]+$")


def _request(
    orchestrator: Orchestrator,
    task: str,
    instructions: str,
    data: dict[str, object],
    schema: type[schemas.BaseModel],
    **options: Any,
) -> TaskRequest[Any]:
    prompt = build_prompt(
        instructions,
        data,
        schema,
        max_part_chars=orchestrator.max_part_chars,
        redact=orchestrator.redact,
    )
    return TaskRequest(task=task, prompt=prompt, schema=schema, **options)


# -- persona ---------------------------------------------------------------------------------


def create_persona(
    genre: str,
    seed: int,
    name: str | None = None,
    *,
    orchestrator: Orchestrator,
    notes: Sequence[str] = (),
) -> TaskResult[ArtistProfile]:
    """A new artist profile for ``genre`` (``name`` kept when given)."""
    base = EmbeddedPersonaWriter().create(genre=genre, seed=seed, name=name)

    def accept(answer: schemas.PersonaAnswer, source: str) -> ArtistProfile:
        stage_name = name or " ".join(answer.name.split())
        if not _TITLE_CHARS.match(stage_name) or len(stage_name.split()) > 3:
            raise AnswerRejected(["name: use 1-3 words of letters only"])
        palette = sorted(answer.palette, key=_luminance)
        return base.model_copy(
            update={
                "name": stage_name,
                "slug": slugify(stage_name),
                "persona": base.persona.model_copy(
                    update={"bio": answer.bio, "themes": answer.themes, "mood": answer.mood}
                ),
                "voice": shaped_voice(
                    genre, base.voice, colour=answer.voice_colour, texture=answer.voice_texture
                ),
                "visual": base.visual.model_copy(
                    update={"palette": palette, "motif": answer.motif}
                ),
            }
        )

    request = _request(
        orchestrator,
        "persona",
        "Invent a new virtual music artist for the genre in the data. Give a short "
        "pronounceable stage name (1-3 words, invented, not a real artist) unless a fixed "
        "name is given, a bio of 2-4 sentences, 3-5 themes they sing about, one mood word, "
        "a palette of 3-5 hex colours (one dark background colour), a cover motif, and the "
        "colour and texture of their singing voice. Keep it consistent with the genre.",
        {
            "artist brief": {
                "genre": genre,
                "sound": genre_sound(genre),
                "example themes": list(genre_themes(genre)),
                "moods that fit": list(genre_moods(genre)),
                "motifs": list(MOTIFS),
                "fixed name": name,
            },
            "notes from the user": list(notes),
        },
        schemas.PersonaAnswer,
        accept=accept,
        embedded=lambda: base,
        max_tokens=800,
        temperature=0.9,
    )
    return orchestrator.run(request)


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


# -- lyrics and title ------------------------------------------------------------------------


def write_lyrics(
    score: Score,
    plan: SongPlan,
    artist: ArtistProfile,
    *,
    orchestrator: Orchestrator,
    track_id: str | None = None,
    notes: Sequence[str] = (),
) -> TaskResult[Lyrics]:
    """Lyrics for the score's melody: one line per phrase, checked by ``check_lyrics``.

    The embedded writer's lyrics fix the structure a model must follow (syllables per
    phrase, rhyme letters, chorus repeats); ``notes`` (user notes, trend topics) are data.
    Raises ProviderError when the score has no vocal melody.
    """
    from ai_artist.engines.lyrics.constraints import check_lyrics
    from ai_artist.engines.lyrics.syllables import syllabify_line
    from ai_artist.engines.lyrics.writer import EmbeddedWriter

    skeleton = EmbeddedWriter().write(score, plan, artist)
    phrases = [
        {
            "phrase_index": line.phrase_index,
            "section": line.section_name,
            "section_index": score.melody[line.phrase_index].section_index,
            "syllables": len(score.melody[line.phrase_index].notes),
            "rhyme": line.rhyme,
            "chorus": score.melody[line.phrase_index].hook,
        }
        for line in skeleton.lines
    ]

    def accept(answer: schemas.LyricsAnswer, source: str) -> Lyrics:
        texts = {line.phrase_index: " ".join(line.text.split()) for line in answer.lines}
        problems: list[str] = []
        lines: list[LyricLine] = []
        for slot in skeleton.lines:
            index = slot.phrase_index
            notes_count = len(score.melody[index].notes)
            text = texts.get(index)
            if text is None:
                problems.append(f"phrase {index} has no line")
                continue
            syllables = syllabify_line(text)
            if not notes_count * 0.6 <= len(syllables) <= notes_count:
                problems.append(
                    f"phrase {index}: {text!r} has {len(syllables)} syllables; "
                    f"write exactly {notes_count}"
                )
                continue
            syllables += [MELISMA] * (notes_count - len(syllables))
            lines.append(
                LyricLine(
                    phrase_index=index,
                    section_name=slot.section_name,
                    text=text,
                    syllables=syllables,
                    rhyme=slot.rhyme,
                )
            )
        if problems:
            raise AnswerRejected(problems)
        lyrics = Lyrics(
            title=plan.title,
            theme=plan.theme,
            lines=lines,
            rhyme_schemes=skeleton.rhyme_schemes,
            provider=source,
        )
        problems = check_lyrics(lyrics, score, explicit=artist.explicit or plan.explicit)
        if problems:
            raise AnswerRejected(problems)
        return lyrics

    request = _request(
        orchestrator,
        "lyrics",
        "Write song lyrics: one line for every phrase listed in the data, answering with "
        "its phrase_index. A line must have exactly the given number of syllables (one per "
        "note). Lines with the same rhyme letter in the same section must end in rhyming "
        "words. Chorus lines are the same text in every chorus and the first chorus line "
        "contains the song title. Do not repeat verse lines. Clean language, concrete "
        "images, in the artist's voice and mood.",
        {
            "song": {
                "title": plan.title,
                "theme": plan.theme,
                "mood": plan.mood,
                "genre": plan.genre,
            },
            "artist": {
                "name": artist.name,
                "bio": artist.persona.bio,
                "themes": artist.persona.themes,
            },
            "phrases": phrases,
            "notes": list(notes),
        },
        schemas.LyricsAnswer,
        accept=accept,
        embedded=lambda: skeleton,
        track_id=track_id,
        max_tokens=1600,
        seed=plan.seed,
    )
    return orchestrator.run(request)


def make_title(
    theme: str,
    mood: str,
    genre: str,
    *,
    seed: int,
    orchestrator: Orchestrator,
    artist_name: str | None = None,
    avoid: Sequence[str] = (),
    track_id: str | None = None,
) -> TaskResult[str]:
    """A short song title (1-4 words, at most 6 syllables, not one of ``avoid``)."""
    from ai_artist.engines.lyrics.syllables import count_syllables
    from ai_artist.engines.lyrics.vocabulary import BLOCKLIST
    from ai_artist.engines.lyrics.writer import make_title as embedded_title

    taken = {title.lower() for title in avoid}

    def accept(answer: schemas.TitleAnswer, source: str) -> str:
        title = " ".join(answer.title.strip(" \"'.!?").split())
        words = title.split()
        problems = []
        if not title or not _TITLE_CHARS.match(title):
            problems.append("title: use letters, digits, spaces, apostrophes or dashes only")
        elif not 1 <= len(words) <= 4:
            problems.append(f"title: {len(words)} words; use 1 to 4")
        elif sum(count_syllables(w) for w in words) > 6:
            problems.append("title: too long to sing; at most 6 syllables")
        elif title.lower() in taken:
            problems.append("title: already used by this artist")
        elif {w.lower() for w in words} & BLOCKLIST:
            problems.append("title: not clean language")
        if problems:
            raise AnswerRejected(problems)
        return title

    request = _request(
        orchestrator,
        "title",
        "Title a new song: 1-4 words, evocative, easy to sing in a chorus, not a title "
        "listed as already used.",
        {
            "song": {"theme": theme, "mood": mood, "genre": genre, "artist": artist_name},
            "already used": list(avoid),
        },
        schemas.TitleAnswer,
        accept=accept,
        embedded=lambda: embedded_title(theme, mood, genre, seed=seed),
        track_id=track_id,
        max_tokens=60,
        seed=seed,
    )
    return orchestrator.run(request)


# -- reflection and evolution ------------------------------------------------------------------


def reflect(
    doc: TrackDoc, lyric_problems: list[str], *, orchestrator: Orchestrator
) -> TaskResult[Reflection]:
    """A critique of a finished track. Scores are always the measured ones; a model only
    words the summary, strengths and weaknesses from those measurements."""
    from ai_artist.engines.reflect import EmbeddedReflector

    measured = EmbeddedReflector().reflect(doc, lyric_problems=lyric_problems)

    def accept(answer: schemas.ReflectionAnswer, source: str) -> Reflection:
        if measured.weaknesses and not answer.weaknesses:
            raise AnswerRejected(
                ["weaknesses: the measurements show weaknesses; name at least one"]
            )
        return measured.model_copy(
            update={
                "summary": answer.summary,
                "strengths": answer.strengths,
                "weaknesses": answer.weaknesses,
                "provider": source,
            }
        )

    plan = doc.plan
    request = _request(
        orchestrator,
        "reflect",
        "Critique this finished song like a producer, using only the measurements in the "
        "data (you cannot hear it): a summary of 2-3 sentences, up to 5 strengths and up to "
        "5 weaknesses, each one concrete sentence.",
        {
            "song": {
                "title": plan.title,
                "genre": plan.genre,
                "key": f"{plan.key} {plan.mode}",
                "tempo_bpm": plan.tempo_bpm,
                "theme": plan.theme,
            },
            "measurements": {
                "scores 0..1": measured.scores,
                "overall": measured.overall,
                "strong points": measured.strengths,
                "weak points": measured.weaknesses,
            },
            "lyrics": doc.lyrics.text if doc.lyrics else "",
            "lyric problems": lyric_problems,
        },
        schemas.ReflectionAnswer,
        accept=accept,
        embedded=lambda: measured,
        track_id=doc.track_id,
        max_tokens=700,
        temperature=0.5,
    )
    return orchestrator.run(request)


def evolve_artist(
    profile: ArtistProfile,
    facts: ArtistFacts,
    *,
    orchestrator: Orchestrator,
    seed: int | None = None,
) -> TaskResult[Evolution]:
    """The next version of an artist: up to 3 bounded style changes and the rationale."""
    seed = profile.seed if seed is None else seed

    def accept(answer: schemas.EvolutionAnswer, source: str) -> Evolution:
        new_profile, done = apply_changes(profile, answer.changes, seed=seed)
        if not done:
            raise AnswerRejected(
                ["changes: none could be applied; give a direction (up/down) for numbers"]
            )
        return Evolution(
            profile=new_profile, changes=done, rationale=answer.rationale, provider=source
        )

    request = _request(
        orchestrator,
        "evolve",
        "Evolve this artist a little from the facts about their recent songs: choose 1-3 "
        "style changes (numbers move one step up or down; mood, theme, mode and motif take "
        "a value) and explain why in 1-3 sentences. Keep the artist recognisable.",
        {
            "artist": {
                "name": profile.name,
                "genre": profile.genre,
                "mood": profile.persona.mood,
                "themes": profile.persona.themes,
                "voice": profile.voice.model_dump(),
                "sound": profile.sound.model_dump(),
                "motif": profile.visual.motif,
                "moods that fit": list(genre_moods(profile.genre)),
            },
            "facts": facts.model_dump(exclude={"notes"}),
            "notes from reviewers and listeners": facts.notes,
        },
        schemas.EvolutionAnswer,
        accept=accept,
        embedded=lambda: evolve_embedded(profile, facts, seed=seed),
        max_tokens=600,
        temperature=0.6,
    )
    return orchestrator.run(request)


# -- errors ----------------------------------------------------------------------------------


def _report_data(report: ErrorReport) -> dict[str, object]:
    return {
        "source": report.source,
        "error type": report.error_type,
        "message": report.message,
        "traceback (last part)": report.traceback[-3000:],
        "log (last part)": report.log_tail[-3000:],
    }


def analyze_error(report: ErrorReport, *, orchestrator: Orchestrator) -> TaskResult[ErrorAnalysis]:
    """The failure class, cause and whether retrying may help."""

    def accept(answer: schemas.ErrorAnalysisAnswer, source: str) -> ErrorAnalysis:
        return ErrorAnalysis(**answer.model_dump(), provider=source)

    request = _request(
        orchestrator,
        "error_analysis",
        "Classify the failure in the data: its category, the likely cause in one sentence, "
        "whether simply retrying may help, and the piece of text that shows it.",
        {"failure": _report_data(report)},
        schemas.ErrorAnalysisAnswer,
        accept=accept,
        embedded=lambda: classify(report),
        track_id=report.track_id,
        max_tokens=300,
        temperature=0.0,
    )
    return orchestrator.run(request)


def propose_fix(
    report: ErrorReport, analysis: ErrorAnalysis, *, orchestrator: Orchestrator
) -> TaskResult[FixProposal]:
    """Steps a person can follow to fix the failure (suggestions only; nothing is run)."""

    def accept(answer: schemas.FixProposalAnswer, source: str) -> FixProposal:
        command = answer.command if (answer.command or "").startswith("ai-artist ") else None
        return FixProposal(
            summary=answer.summary, steps=answer.steps, command=command, provider=source
        )

    request = _request(
        orchestrator,
        "fix_proposal",
        "Propose how a person fixes this failure of the ai-artist platform: a one-sentence "
        "summary, 1-5 concrete steps, and optionally one ai-artist command (doctor, "
        "llm test, db upgrade, track resume <id>).",
        {"failure": _report_data(report), "analysis": analysis.model_dump()},
        schemas.FixProposalAnswer,
        accept=accept,
        embedded=lambda: suggest_fix(report, analysis),
        track_id=report.track_id,
        max_tokens=400,
        temperature=0.2,
    )
    return orchestrator.run(request)


# -- provider check ----------------------------------------------------------------------------


def _pong(answer: schemas.PingAnswer, source: str) -> bool:
    if not answer.ok:
        raise AnswerRejected(['ok: answer {"ok": true}'])
    return True


def ping(link: ChainLink, *, orchestrator: Orchestrator) -> TaskResult[bool]:
    """One cheap call to ``link`` only; the value is True when it answered correctly."""
    request = _request(
        orchestrator,
        "ping",
        'Answer with the JSON object {"ok": true}.',
        {},
        schemas.PingAnswer,
        accept=_pong,
        embedded=lambda: False,
        max_tokens=20,
        temperature=0.0,
    )
    return orchestrator.run(request, chain=[link])
