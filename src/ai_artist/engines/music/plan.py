"""Plan a song: key, mode, tempo and a form whose length approximates a target duration."""

from __future__ import annotations

import itertools
import random

from ai_artist.domain import ArtistProfile, SectionPlan, SongPlan
from ai_artist.domain.score import PITCH_CLASSES
from ai_artist.engines.music.sound import KEYS_BY_MODE
from ai_artist.engines.music.styles import GenreStyle, get_style
from ai_artist.engines.music.theory import SCALES, normalize_key
from ai_artist.errors import InputError


def plan_song(
    artist: ArtistProfile,
    *,
    seed: int,
    duration_s: float,
    title: str,
    theme: str,
    mood: str,
) -> SongPlan:
    """Plan one song of about ``duration_s`` seconds for ``artist`` (deterministic by ``seed``).

    Key and mode come from the artist's preferences when given, else from the genre style;
    tempo (BPM) lies in the artist's band intersected with the genre's range. The form is
    intro, verse, (prechorus), chorus, verse, chorus, (bridge), chorus, outro — trimmed or
    extended to fit the duration; 15–25 s gives a single 4-bar verse and 4-bar chorus.
    """
    if not 5.0 <= duration_s <= 900.0:
        raise InputError(f"duration_s={duration_s} is out of range; accepted: 5 to 900 seconds")
    style = get_style(artist.genre)
    rng = random.Random(f"plan:{seed}")
    mode = _choose_mode(artist, style, rng)
    key = _choose_key(artist, mode, rng)
    tempo_bpm = _choose_tempo(artist, style, rng)
    bar_s = 4 * 60.0 / tempo_bpm
    form = _choose_form(duration_s / bar_s, style, rng)
    return SongPlan(
        artist_slug=artist.slug,
        title=title,
        theme=theme,
        mood=mood,
        genre=style.name,
        key=key,
        mode=mode,
        tempo_bpm=tempo_bpm,
        form=form,
        seed=seed,
        language=artist.persona.language,
        explicit=artist.explicit,
    )


def _choose_mode(artist: ArtistProfile, style: GenreStyle, rng: random.Random) -> str:
    for mode in artist.sound.preferred_modes:
        if mode.lower() not in SCALES:
            raise InputError(
                f"artist {artist.slug}: preferred mode '{mode}' is unknown; "
                f"accepted: {', '.join(SCALES)}"
            )
    preferred = [m.lower() for m in artist.sound.preferred_modes if m.lower() in style.progressions]
    return rng.choice(preferred or list(style.modes))


def _choose_key(artist: ArtistProfile, mode: str, rng: random.Random) -> str:
    keys = [normalize_key(name) for name in artist.sound.preferred_keys]
    if keys:
        return rng.choice(keys)
    pool = KEYS_BY_MODE.get(mode, PITCH_CLASSES)
    return rng.choice(list(pool))


def _choose_tempo(artist: ArtistProfile, style: GenreStyle, rng: random.Random) -> float:
    low, high = style.tempo_min_bpm, style.tempo_max_bpm
    a_low, a_high = artist.sound.tempo_min_bpm, artist.sound.tempo_max_bpm
    if a_low is not None or a_high is not None:
        a_low = a_low if a_low is not None else low
        a_high = a_high if a_high is not None else high
        if a_low > a_high:
            raise InputError(
                f"artist {artist.slug}: tempo_min_bpm {a_low} is above tempo_max_bpm {a_high}"
            )
        if max(low, a_low) <= min(high, a_high):
            low, high = max(low, a_low), min(high, a_high)
        # else: the band belongs to another genre (a trap artist sketching house): the
        # genre's own range wins.
    low, high = max(low, 50.0), min(high, 200.0)
    return float(rng.randint(round(low), max(round(low), round(high))))


def _choose_form(target_bars: float, style: GenreStyle, rng: random.Random) -> list[SectionPlan]:
    """The candidate form nearest ``target_bars`` (with a seeded tie-break and taste penalties)."""
    best: tuple[float, list[tuple[str, int]]] | None = None
    options = itertools.product(
        (0, 2, 4, 8), (2, 4, 8, 12, 16), (0, 4), (2, 4, 8, 16), (1, 2, 3), (0, 8), (0, 2, 4, 8)
    )
    for intro, verse, pre, chorus, choruses, bridge, outro in options:
        if (choruses < 3 and bridge) or (choruses == 3 and not bridge):
            continue
        layout = _layout(intro, verse, pre, chorus, choruses, bridge, outro)
        bars = sum(n for _, n in layout)
        miss = abs(bars - target_bars) / max(target_bars, 1.0)
        score = miss + _taste(target_bars, intro, verse, pre, chorus, choruses, outro)
        score += rng.uniform(0.0, 0.02)
        if best is None or score < best[0]:
            best = (score, layout)
    assert best is not None
    return [
        SectionPlan(
            name=name,
            bars=bars,
            vocal=name not in ("intro", "outro", "break"),
            energy=round(style.energy_of(name), 3),
        )
        for name, bars in best[1]
    ]


def _taste(
    target_bars: float, intro: int, verse: int, pre: int, chorus: int, choruses: int, outro: int
) -> float:
    """Penalties (in fractions of the target length) for forms that sound less like songs."""
    penalty = 0.0
    if target_bars < 20:
        penalty += 0.2 * bool(intro or outro or pre)
    else:
        penalty += 0.04 * (not intro) + 0.01 * (intro in (2, 8))
    if target_bars >= 16:
        penalty += 0.06 * (not outro)  # a song ends, it does not stop
    if target_bars >= 56:
        penalty += 0.03 * (choruses < 3)
    if verse >= 12 and chorus < 8:
        penalty += 0.05
    penalty += 0.15 * (verse == 2) + 0.15 * (chorus == 2)
    penalty += 0.01 * (verse not in (8, 16)) + 0.01 * (chorus != 8) + 0.015 * (chorus == 16)
    return penalty


def _layout(
    intro: int, verse: int, pre: int, chorus: int, choruses: int, bridge: int, outro: int
) -> list[tuple[str, int]]:
    layout: list[tuple[str, int]] = [("intro", intro)] if intro else []
    for index in range(choruses):
        if index < 2:
            layout.append(("verse", verse))
            if pre:
                layout.append(("prechorus", pre))
        else:
            layout.append(("bridge", bridge))
        layout.append(("chorus", chorus))
    if outro:
        layout.append(("outro", outro))
    return layout
