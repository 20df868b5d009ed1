"""The embedded composer: a :class:`SongPlan` becomes a :class:`Score`.

Harmony: one chord per bar from the style's roman-numeral progressions (the artist's signature
progressions first), voice-led; sections that lead into a chorus end on the style's half
cadence and the outro ends on the tonic. Intro, outro and break reuse the chorus progression
so the lead can play the hook there. Melody: see :mod:`ai_artist.engines.music.melody`;
sections with the same name and chords share their melody, so every chorus sings the same hook.
"""

from __future__ import annotations

import itertools
import random

from ai_artist.domain import ArtistProfile, Chord, Note, Part, Phrase, Score, Section, SongPlan
from ai_artist.domain.score import PITCH_CLASSES
from ai_artist.engines.music.arrange import (
    arp_part,
    bars_of,
    bass_part,
    drum_part,
    fx_part,
    keys_part,
    pad_part,
    texture_part,
)
from ai_artist.engines.music.melody import MelodyRange, write_section
from ai_artist.engines.music.sound import artist_style
from ai_artist.engines.music.styles import GenreStyle, get_style
from ai_artist.engines.music.theory import bar_chords, normalize_key, scale_pitch_classes
from ai_artist.engines.music.voices import gm_program, part_name
from ai_artist.errors import InputError

LEAD_RANGE = MelodyRange(low=67, high=88, tessitura=0.6)
_TESSITURA = {"verse": 0.35, "prechorus": 0.5, "chorus": 0.75, "bridge": 0.6}
_SHARES_CHORUS = ("intro", "outro", "break", "chorus")


class EmbeddedComposer:
    """Rule-based composer that runs offline in milliseconds."""

    name = "embedded"

    def compose(self, plan: SongPlan, artist: ArtistProfile) -> Score:
        """Write the score of ``plan`` for ``artist`` (deterministic by ``plan.seed``)."""
        style = artist_style(get_style(plan.genre), artist.sound)
        tonic_pc = _tonic(plan.key)
        beats = plan.beats_per_bar
        tempo = plan.tempo_bpm
        seed = plan.seed
        sections = _sections(plan)
        chords = _chords(plan, artist, style, sections, tonic_pc)
        melody = _melody(plan, artist, style, sections, chords, tonic_pc)
        bars = bars_of(sections, chords, beats_per_bar=beats, style=style)
        parts: list[Part | None] = [
            drum_part(bars, style, seed=seed, beats_per_bar=beats),
            bass_part(bars, style, seed=seed, beats_per_bar=beats, tempo_bpm=tempo),
            keys_part(bars, style, seed=seed, beats_per_bar=beats, tempo_bpm=tempo),
            pad_part(bars, style, beats_per_bar=beats, tempo_bpm=tempo),
            _lead_part(style, sections, melody, chords, beats_per_bar=beats),
            arp_part(bars, style, seed=seed),
            fx_part(bars, style, beats_per_bar=beats),
            texture_part(bars, style, beats_per_bar=beats),
        ]
        return Score(
            title=plan.title,
            genre=plan.genre,
            key=plan.key,
            mode=plan.mode,
            tempo_bpm=plan.tempo_bpm,
            beats_per_bar=beats,
            seed=plan.seed,
            sections=sections,
            chords=chords,
            parts=[part for part in parts if part is not None and part.notes],
            melody=melody,
        )


def _tonic(key: str) -> int:
    return PITCH_CLASSES.index(normalize_key(key))


def _sections(plan: SongPlan) -> list[Section]:
    sections: list[Section] = []
    start = 0.0
    for item in plan.form:
        sections.append(
            Section(
                name=item.name,
                start_beat=start,
                bars=item.bars,
                energy=item.energy,
                vocal=item.vocal,
            )
        )
        start += item.bars * plan.beats_per_bar
    return sections


def _progressions(
    plan: SongPlan, artist: ArtistProfile, style: GenreStyle, rng: random.Random
) -> dict[str, tuple[str, ...]]:
    """One progression per section role: chorus, verse, prechorus, bridge.

    One of the artist's signature progressions (when it has any) takes the chorus or the
    verse of each song, so its songs sound related; the other roles draw from the style's
    vocabulary for the mode, so each song differs.
    """
    pool = list(style.progressions.get(plan.mode) or next(iter(style.progressions.values())))
    signature = [tuple(p) for p in artist.sound.signature_progressions if p]
    rng.shuffle(pool)
    chosen: dict[str, tuple[str, ...]] = {}
    if signature:
        chosen[rng.choice(("chorus", "chorus", "verse"))] = rng.choice(signature)
    others = itertools.cycle([p for p in pool if p not in chosen.values()] or pool)
    for role in ("chorus", "verse", "prechorus", "bridge"):
        if role not in chosen:
            chosen[role] = next(others)
    return chosen


def _chords(
    plan: SongPlan,
    artist: ArtistProfile,
    style: GenreStyle,
    sections: list[Section],
    tonic_pc: int,
) -> list[Chord]:
    rng = random.Random(f"harmony:{plan.seed}")
    roles = _progressions(plan, artist, style, rng)
    tonic_numeral = "I" if plan.mode in ("major", "mixolydian") else "i"
    cadence = style.half_cadence.get(plan.mode, tonic_numeral.upper().replace("I", "V"))
    numerals: list[str] = []
    for index, section in enumerate(sections):
        role = "chorus" if section.name in _SHARES_CHORUS else section.name
        progression = roles.get(role, roles["verse"])
        bar_numerals = [progression[bar % len(progression)] for bar in range(section.bars)]
        following = sections[index + 1].name if index + 1 < len(sections) else None
        if section.name == "outro":
            bar_numerals[-1] = tonic_numeral
        elif following == "chorus" and section.name not in _SHARES_CHORUS and section.bars > 1:
            bar_numerals[-1] = cadence
        numerals += bar_numerals
    return bar_chords(numerals, tonic_pc, plan.mode, beats_per_bar=plan.beats_per_bar)


def _melody(
    plan: SongPlan,
    artist: ArtistProfile,
    style: GenreStyle,
    sections: list[Section],
    chords: list[Chord],
    tonic_pc: int,
) -> list[Phrase]:
    low, high = artist.voice.range_low_midi, artist.voice.range_high_midi
    if high - low < 7:
        raise InputError(
            f"artist {artist.slug}: voice range {low}..{high} is narrower than 7 semitones; "
            "accepted: range_high_midi at least range_low_midi + 7"
        )
    scale = scale_pitch_classes(tonic_pc, plan.mode)
    rng = random.Random(f"melody:{plan.seed}")
    written: dict[tuple[str, tuple[str, ...]], tuple[float, list[list[Note]]]] = {}
    phrases: list[Phrase] = []
    previous: int | None = None
    for index, section in enumerate(sections):
        if not section.vocal:
            continue
        section_chords = _chords_in(chords, section, plan.beats_per_bar)
        signature = (section.name, tuple(chord.symbol for chord in section_chords))
        first_phrase: list[Note] | None = None
        if signature in written and section.name == "verse":
            # a later verse keeps the first verse's opening phrase and then goes its own way
            origin, source = written[signature]
            shift = section.start_beat - origin
            first_phrase = [
                n.model_copy(update={"start_beat": n.start_beat + shift}) for n in source[0]
            ]
        if signature in written and first_phrase is None:
            origin, source = written[signature]
            shift = section.start_beat - origin
            notes_per_phrase = [
                [n.model_copy(update={"start_beat": n.start_beat + shift}) for n in notes]
                for notes in source
            ]
        else:
            notes_per_phrase = write_section(
                section_chords,
                start_beat=section.start_beat,
                bars=section.bars,
                beats_per_bar=plan.beats_per_bar,
                scale_pcs=scale,
                tonic_pc=tonic_pc,
                pitch_range=MelodyRange(low, high, _TESSITURA.get(section.name, 0.5)),
                density=style.melody_density,
                previous=previous,
                rng=rng,
                first_phrase=first_phrase,
            )
            written.setdefault(signature, (section.start_beat, notes_per_phrase))
        for notes in notes_per_phrase:
            phrases.append(
                Phrase(
                    section_index=index,
                    section_name=section.name,
                    notes=notes,
                    hook=section.name == "chorus",
                )
            )
        previous = notes_per_phrase[-1][-1].pitch
    return phrases


def _chords_in(chords: list[Chord], section: Section, beats_per_bar: int) -> list[Chord]:
    end = section.start_beat + section.bars * beats_per_bar
    return [c for c in chords if section.start_beat <= c.start_beat < end]


def _lead_part(
    style: GenreStyle,
    sections: list[Section],
    melody: list[Phrase],
    chords: list[Chord],
    *,
    beats_per_bar: int,
) -> Part | None:
    """The chorus hook played by the lead synth in instrumental sections where it fits."""
    hook = [phrase for phrase in melody if phrase.hook]
    if not hook:
        return None
    first_index = hook[0].section_index
    chorus = sections[first_index]
    hook = [phrase for phrase in hook if phrase.section_index == first_index]
    notes = [note for phrase in hook for note in phrase.notes]
    mean = sum(n.pitch for n in notes) / len(notes)
    shift = 12 * round(((LEAD_RANGE.low + LEAD_RANGE.high) / 2 - mean) / 12)
    by_start = {c.start_beat: c.symbol for c in chords}
    lead: list[Note] = []
    for section in sections:
        if section.vocal or section.name not in _SHARES_CHORUS:
            continue
        if not style.plays(section.name, "Lead"):
            continue
        offset = section.start_beat - chorus.start_beat
        end = section.start_beat + section.bars * beats_per_bar
        for phrase in hook:
            begin = phrase.notes[0].start_beat + offset
            finish = phrase.end_beat + offset
            covered = [b for b in by_start if b + beats_per_bar > begin and b < finish]
            fits = (
                begin >= section.start_beat
                and finish <= end
                and all(by_start[b] == by_start.get(b - offset) for b in covered)
            )
            if fits:
                lead += [
                    n.model_copy(
                        update={
                            "pitch": min(127, n.pitch + shift),
                            "start_beat": n.start_beat + offset,
                        }
                    )
                    for n in phrase.notes
                ]
    if not lead:
        return None
    instrument = style.palette.lead
    return Part(
        name=part_name("Lead", instrument),
        program=gm_program(instrument),
        notes=lead,
        gain_db=style.gains_db.get("Lead", 0.0),
    )
