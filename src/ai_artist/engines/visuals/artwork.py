"""Cover art: a generative square image from the artist's visual identity, with title and name.

The artist's palette, motif and typeface stay the same across releases, so covers look like a
family; the release seed moves and varies the elements and the mood sets light and energy.
Sizes are pixels; the output is an RGB JPEG (quality 92), written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageColor, ImageDraw, ImageFilter

from ai_artist.domain import VisualIdentity
from ai_artist.engines.visuals.motifs import RGB, Palette, mix_rgb, painter_for
from ai_artist.engines.visuals.text import TextBlock, draw_text, fit_text
from ai_artist.errors import InputError
from ai_artist.files import atomic_path

MIN_SIZE_PX = 256
MARGIN_RATIO = 0.06
"""Text stays this fraction of the side away from every edge."""

JPEG_QUALITY = 92

_MOODS: dict[str, tuple[float, float]] = {
    # word: (light 0 dark … 1 bright, energy 0 calm … 1 busy)
    "dark": (0.1, 0.5),
    "melancholic": (0.15, 0.3),
    "sad": (0.15, 0.25),
    "bittersweet": (0.3, 0.4),
    "nostalgic": (0.35, 0.35),
    "dreamy": (0.5, 0.25),
    "calm": (0.45, 0.15),
    "chill": (0.45, 0.2),
    "romantic": (0.5, 0.35),
    "hopeful": (0.6, 0.5),
    "happy": (0.75, 0.65),
    "uplifting": (0.7, 0.7),
    "euphoric": (0.8, 0.9),
    "energetic": (0.6, 0.9),
    "angry": (0.25, 1.0),
    "intense": (0.3, 0.9),
}


@dataclass(frozen=True)
class CoverLayout:
    """Where the text went (pixel boxes ``(left, top, right, bottom)``) on a cover."""

    size_px: int
    margin_px: int
    title: TextBlock
    artist: TextBlock
    title_box: tuple[int, int, int, int]
    artist_box: tuple[int, int, int, int]


def mood_tone(mood: str) -> tuple[float, float]:
    """(light, energy) in [0, 1] for a mood; words are matched inside phrases, unknown → middle."""
    found = [tone for word, tone in _MOODS.items() if word in mood.lower()]
    if not found:
        return (0.4, 0.5)
    return (
        float(np.mean([tone[0] for tone in found])),
        float(np.mean([tone[1] for tone in found])),
    )


def _luminance(colour: RGB) -> float:
    channels = []
    for value in colour:
        c = value / 255.0
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours (1 … 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette_of(visual: VisualIdentity) -> Palette:
    """The cover palette from hex colours (darkest first); text colour forced legible (≥ 4.5:1)."""
    colours: list[RGB] = []
    for value in visual.palette:
        try:
            red, green, blue = ImageColor.getrgb(value)[:3]
        except ValueError as error:
            raise InputError(
                f"visual palette colour {value!r} is not a colour; use hex like '#ff2e88'"
            ) from error
        colours.append((red, green, blue))
    background, accent = colours[0], colours[1]
    second = colours[2] if len(colours) > 3 else mix_rgb(accent, (255, 255, 255), 0.35)
    light = colours[-1] if len(colours) > 2 else (248, 244, 227)
    if contrast_ratio(light, background) < 4.5:
        white, black = (255, 255, 255), (12, 12, 16)
        light = max((white, black), key=lambda c: contrast_ratio(c, background))
    return Palette(background=background, accent=accent, second=second, light=light)


def _background(size: int, rng: np.random.Generator, palette: Palette, light: float) -> Image.Image:
    """Diagonal gradient from the background colour toward the accent, with film grain."""
    angle = rng.uniform(0.0, 2.0 * np.pi)
    start = mix_rgb(palette.background, (0, 0, 0), 0.4 * (1.0 - light))
    end = mix_rgb(palette.background, palette.accent, 0.2 + 0.35 * light)
    axis = np.linspace(-1.0, 1.0, size, dtype=np.float32)
    ramp = np.cos(angle) * axis[np.newaxis, :] + np.sin(angle) * axis[:, np.newaxis]
    ramp = np.clip((ramp + 1.4) / 2.8, 0.0, 1.0)[:, :, np.newaxis]
    image = np.array(start, np.float32) * (1.0 - ramp) + np.array(end, np.float32) * ramp
    grain = rng.normal(0.0, 5.0, (size, size, 1)).astype(np.float32)
    return Image.fromarray(np.clip(image + grain, 0, 255).astype(np.uint8), "RGB")


def _glow(layer: Image.Image) -> Image.Image:
    """A soft halo of ``layer`` (blurred at quarter size for speed)."""
    small = layer.resize((max(1, layer.width // 4),) * 2, Image.Resampling.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(radius=max(1.0, layer.width / 240)))
    return small.resize(layer.size, Image.Resampling.BILINEAR)


def _shade(size: int, colour: RGB, *, top: bool, depth: float, alpha: int) -> Image.Image:
    """A band of ``colour`` fading from an edge inward (``depth`` = fraction of the side)."""
    ramp = np.zeros(size, dtype=np.float32)
    band = max(1, int(size * depth))
    fade = np.linspace(1.0, 0.0, band, dtype=np.float32) ** 1.5
    if top:
        ramp[:band] = fade
    else:
        ramp[size - band :] = fade[::-1]
    mask = Image.fromarray((np.repeat(ramp[:, np.newaxis], size, axis=1) * alpha).astype(np.uint8))
    shade = Image.new("RGBA", (size, size), (*colour, 0))
    shade.putalpha(mask)
    return shade


def draw_cover(
    *,
    artist_name: str,
    title: str,
    visual: VisualIdentity,
    mood: str,
    seed: int,
    size_px: int = 3000,
) -> tuple[Image.Image, CoverLayout]:
    """Draw a square RGB cover of ``size_px`` pixels and report where the text went."""
    if size_px < MIN_SIZE_PX:
        raise InputError(f"cover size must be at least {MIN_SIZE_PX} px, got {size_px}")
    palette = palette_of(visual)
    light, energy = mood_tone(mood)
    rng = np.random.default_rng(seed)
    cover = _background(size_px, rng, palette, light).convert("RGBA")

    layer = Image.new("RGBA", (size_px, size_px), (0, 0, 0, 0))
    painter_for(visual.motif)(layer, rng, palette, energy)
    cover.alpha_composite(_glow(layer))
    cover.alpha_composite(layer)
    cover.alpha_composite(_shade(size_px, palette.background, top=False, depth=0.42, alpha=215))
    cover.alpha_composite(_shade(size_px, palette.background, top=True, depth=0.2, alpha=170))

    margin = round(size_px * MARGIN_RATIO)
    inner = size_px - 2 * margin
    draw = ImageDraw.Draw(cover)
    artist_block = fit_text(
        artist_name.upper(),
        visual.typeface,
        max_width_px=inner,
        max_height_px=round(size_px * 0.14),
        max_lines=2,
        largest_px=round(size_px * 0.05),
        smallest_px=max(10, round(size_px * 0.02)),
    )
    title_block = fit_text(
        title,
        visual.typeface,
        max_width_px=inner,
        max_height_px=round(size_px * 0.3),
        max_lines=3,
        largest_px=round(size_px * 0.11),
        smallest_px=max(12, round(size_px * 0.028)),
    )
    stroke = (*palette.background, 255)
    artist_box = draw_text(
        draw,
        artist_block,
        left_px=margin,
        top_px=margin,
        fill=(*mix_rgb(palette.light, palette.accent, 0.35), 255),
        stroke_fill=stroke,
    )
    title_box = draw_text(
        draw,
        title_block,
        left_px=margin,
        top_px=size_px - margin - title_block.height_px,
        fill=(*palette.light, 255),
        stroke_fill=stroke,
    )
    layout = CoverLayout(size_px, margin, title_block, artist_block, title_box, artist_box)
    return cover.convert("RGB"), layout


def render_cover(
    path: Path,
    *,
    artist_name: str,
    title: str,
    visual: VisualIdentity,
    mood: str,
    seed: int,
    size_px: int = 3000,
) -> Path:
    """Render the cover to ``path`` as an RGB JPEG (quality 92, 4:4:4) and return the path."""
    image, _ = draw_cover(
        artist_name=artist_name,
        title=title,
        visual=visual,
        mood=mood,
        seed=seed,
        size_px=size_px,
    )
    with atomic_path(path, suffix=".jpg") as tmp:
        image.save(tmp, format="JPEG", quality=JPEG_QUALITY, subsampling=0, dpi=(300, 300))
    return Path(path)
