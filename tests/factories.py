"""Small hand-made domain objects for unit tests (a few bars, so tests stay fast)."""

from __future__ import annotations

from ai_artist.domain import (
    ArtistProfile,
    Chord,
    Note,
    Part,
    Phrase,
    Score,
    Section,
    SectionPlan,
    SongPlan,
)


def make_artist(**overrides: object) -> ArtistProfile:
    """A synthwave artist with default voice and visuals."""
    data: dict[str, object] = {
        "slug": "nova-vale",
        "name": "Nova Vale",
        "genre": "synthwave",
        "seed": 7,
    }
    data.update(overrides)
    return ArtistProfile.model_validate(data)


def make_plan(**overrides: object) -> SongPlan:
    """A 4-bar verse + 4-bar chorus plan in A minor at 100 BPM (19.2 s)."""
    data: dict[str, object] = {
        "artist_slug": "nova-vale",
        "title": "Neon Rain",
        "theme": "a city at night",
        "mood": "bittersweet",
        "genre": "synthwave",
        "key": "A",
        "mode": "minor",
        "tempo_bpm": 100.0,
        "form": [SectionPlan(name="verse", bars=4), SectionPlan(name="chorus", bars=4, energy=0.8)],
        "seed": 11,
    }
    data.update(overrides)
    return SongPlan.model_validate(data)


_PROGRESSION = [
    ("Am", "i", 9, [9, 0, 4], [57, 60, 64]),
    ("F", "VI", 5, [5, 9, 0], [57, 60, 65]),
    ("C", "III", 0, [0, 4, 7], [55, 60, 64]),
    ("G", "VII", 7, [7, 11, 2], [55, 59, 62]),
]


def make_score() -> Score:
    """An 8-bar score (verse + chorus) with chords, bass, drums and a 4-phrase vocal melody."""
    chords = []
    bass = []
    drums = []
    for bar in range(8):
        symbol, numeral, root, pcs, voicing = _PROGRESSION[bar % 4]
        start = bar * 4.0
        chords.append(
            Chord(
                symbol=symbol,
                numeral=numeral,
                root_pc=root,
                pitch_classes=pcs,
                voicing=voicing,
                start_beat=start,
                duration_beats=4.0,
            )
        )
        bass.append(
            Note(pitch=36 + root if root < 8 else 24 + root, start_beat=start, duration_beats=3.5)
        )
        for beat in range(4):
            drums.append(
                Note(
                    pitch=36 if beat % 2 == 0 else 38, start_beat=start + beat, duration_beats=0.25
                )
            )
            drums.append(
                Note(pitch=42, start_beat=start + beat + 0.5, duration_beats=0.25, velocity=60)
            )
    keys = [
        Note(pitch=p, start_beat=c.start_beat, duration_beats=4.0, velocity=70)
        for c in chords
        for p in c.voicing
    ]
    melody_shapes = [
        [57, 60, 62, 64, 62, 60],
        [60, 62, 64, 65, 64],
        [64, 65, 67, 69, 67, 64],
        [64, 62, 60, 62, 57],
    ]
    phrases = []
    for index, shape in enumerate(melody_shapes):
        start = index * 8.0
        notes = []
        beat = start
        for n, pitch in enumerate(shape):
            length = 1.5 if n == len(shape) - 1 else 0.75
            notes.append(Note(pitch=pitch, start_beat=beat, duration_beats=length, velocity=90))
            beat += 1.0
        section_index = 0 if index < 2 else 1
        phrases.append(
            Phrase(
                section_index=section_index,
                section_name=("verse", "chorus")[section_index],
                notes=notes,
                hook=section_index == 1,
            )
        )
    return Score(
        title="Neon Rain",
        key="A",
        mode="minor",
        tempo_bpm=100.0,
        seed=11,
        sections=[
            Section(name="verse", start_beat=0, bars=4, energy=0.5),
            Section(name="chorus", start_beat=16, bars=4, energy=0.8),
        ],
        chords=chords,
        parts=[
            Part(name="Drums", is_drum=True, notes=drums),
            Part(name="Bass", program=38, notes=bass),
            Part(name="Keys", program=4, notes=keys),
        ],
        melody=phrases,
    )
