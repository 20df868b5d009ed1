"""Cover art: size and format, seeded variety, text that always fits inside the margins."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ai_artist.domain import VisualIdentity
from ai_artist.engines.visuals.artwork import (
    contrast_ratio,
    draw_cover,
    mood_tone,
    palette_of,
    render_cover,
)
from ai_artist.engines.visuals.motifs import MOTIFS, painter_for
from ai_artist.errors import InputError

VISUAL = VisualIdentity(palette=["#0b0f2b", "#ff2e88", "#19d3ff", "#f8f4e3"], motif="sun")


def _inside(box: tuple[int, int, int, int], size: int, margin: int) -> bool:
    left, top, right, bottom = box
    return left >= margin and top >= margin and right <= size - margin and bottom <= size - margin


def test_full_size_cover_is_a_3000px_rgb_jpeg(tmp_path: Path) -> None:
    path = render_cover(
        tmp_path / "cover.jpg",
        artist_name="Nova Vale",
        title="Neon Rain",
        visual=VISUAL,
        mood="bittersweet",
        seed=11,
    )
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.mode == "RGB"
        assert image.size == (3000, 3000)
    assert [p.name for p in tmp_path.iterdir()] == ["cover.jpg"]  # no temp files left


def test_seeds_vary_the_cover_and_the_same_seed_repeats_it() -> None:
    kwargs = {"artist_name": "Nova Vale", "title": "Neon Rain", "visual": VISUAL, "mood": "dark"}
    first, _ = draw_cover(**kwargs, seed=1, size_px=400)
    again, _ = draw_cover(**kwargs, seed=1, size_px=400)
    other, _ = draw_cover(**kwargs, seed=2, size_px=400)
    a, b, c = (np.asarray(img, dtype=np.int16) for img in (first, again, other))
    assert np.array_equal(a, b)
    assert np.mean(np.abs(a - c)) > 5.0


@pytest.mark.parametrize("motif", [*sorted(MOTIFS), "aurora"])
def test_every_motif_draws_something_in_the_palette(motif: str) -> None:
    visual = VisualIdentity(palette=["#101820", "#f2aa4c", "#e05a47", "#fbf8f3"], motif=motif)
    image, _ = draw_cover(
        artist_name="Ash", title="Ember", visual=visual, mood="happy", seed=3, size_px=300
    )
    pixels = np.asarray(image, dtype=np.float64).reshape(-1, 3)
    accent = np.array([0xF2, 0xAA, 0x4C], dtype=np.float64)
    # some pixels are close to the accent colour: the motif is drawn from the palette
    assert np.mean(np.linalg.norm(pixels - accent, axis=1) < 60) > 0.003
    assert painter_for("aurora") is painter_for("aurora")


@pytest.mark.parametrize(
    "title",
    [
        "Neon Rain",
        "The Very Long Title of a Song About Neon Rain Falling on the Quiet Boulevard at Night",
        "Supercalifragilisticexpialidociousandthensomemorelettersthatneverend",
        "Ünïcödé Ñight — Café Élan",
    ],
)
def test_title_and_artist_fit_inside_the_margins(title: str) -> None:
    image, layout = draw_cover(
        artist_name="The Extremely Long Named Collective of Synthesizers",
        title=title,
        visual=VISUAL,
        mood="euphoric",
        seed=5,
        size_px=600,
    )
    assert layout.margin_px == 36
    assert _inside(layout.title_box, 600, layout.margin_px)
    assert _inside(layout.artist_box, 600, layout.margin_px)
    assert layout.artist_box[3] < layout.title_box[1]  # no overlap
    assert layout.title.font_px >= 12
    assert image.size == (600, 600)


def test_text_colour_is_made_legible_on_a_light_background() -> None:
    palette = palette_of(VisualIdentity(palette=["#f4f4f4", "#3050ff", "#ffffff"]))
    assert contrast_ratio(palette.light, palette.background) >= 4.5


def test_mood_and_palette_errors() -> None:
    dark_light, _ = mood_tone("dark and melancholic")
    bright_light, bright_energy = mood_tone("Euphoric")
    assert dark_light < 0.2 < 0.7 < bright_light
    assert bright_energy > 0.8
    with pytest.raises(InputError, match="not a colour"):
        palette_of(VisualIdentity(palette=["#000000", "nope"]))
    with pytest.raises(InputError, match="at least"):
        draw_cover(artist_name="A", title="B", visual=VISUAL, mood="", seed=1, size_px=100)


def _colour_histogram(image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image, dtype=np.int64).reshape(-1, 3) // 64  # 4 levels per channel
    counts = np.bincount(pixels[:, 0] * 16 + pixels[:, 1] * 4 + pixels[:, 2], minlength=64)
    return counts / counts.sum()


def test_one_artists_covers_are_a_family_yet_each_is_distinct() -> None:
    other = VisualIdentity(palette=["#101820", "#f2aa4c", "#e05a47", "#fbf8f3"], motif="grid")
    songs = [
        ("Neon Rain", "bittersweet", 1),
        ("Glass City", "euphoric", 2),
        ("Slow Tide", "calm", 3),
    ]
    family = [
        draw_cover(
            artist_name="Nova Vale", title=title, visual=VISUAL, mood=mood, seed=seed, size_px=300
        )[0]
        for title, mood, seed in songs
    ]
    stranger = draw_cover(
        artist_name="Ash", title="Neon Rain", visual=other, mood="bittersweet", seed=1, size_px=300
    )[0]
    hist = [_colour_histogram(image) for image in family]
    within = max(0.5 * np.abs(a - b).sum() for i, a in enumerate(hist) for b in hist[i + 1 :])
    between = min(0.5 * np.abs(h - _colour_histogram(stranger)).sum() for h in hist)
    assert within < between  # same palette: colour distributions closer to each other
    pixels = [np.asarray(image, dtype=np.int16) for image in family]
    for i, a in enumerate(pixels):
        for b in pixels[i + 1 :]:
            assert np.mean(np.abs(a - b)) > 8.0  # yet every cover is its own picture
