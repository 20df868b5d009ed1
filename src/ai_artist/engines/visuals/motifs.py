"""Cover motifs: sun, grid, waves, rings, shards, bloom — each drawn from a palette and a seed.

A painter draws on a transparent RGBA layer of the cover's size. The motif and palette are the
artist's (so covers look like a family); the seed moves, scales and varies the elements.
Coordinates are pixels; ``energy`` in [0, 1] makes a motif busier.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Colours of a cover: background (darkest), two accents and a light text colour."""

    background: RGB
    accent: RGB
    second: RGB
    light: RGB


def mix_rgb(a: RGB, b: RGB, amount: float) -> RGB:
    """Linear blend from ``a`` (amount 0) to ``b`` (amount 1)."""
    return (
        round(a[0] + (b[0] - a[0]) * amount),
        round(a[1] + (b[1] - a[1]) * amount),
        round(a[2] + (b[2] - a[2]) * amount),
    )


def _rgba(colour: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (colour[0], colour[1], colour[2], alpha)


def _vertical_gradient(size: tuple[int, int], top: RGB, bottom: RGB) -> Image.Image:
    width, height = size
    ramp = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, np.newaxis, np.newaxis]
    colours = np.array(top, np.float32) * (1 - ramp) + np.array(bottom, np.float32) * ramp
    return Image.fromarray(np.repeat(colours, width, axis=1).astype(np.uint8), "RGB")


def paint_sun(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """A striped sun over a horizon line, the stripes thickening toward the bottom."""
    size = layer.width
    radius = size * rng.uniform(0.2, 0.28)
    cx = size * (0.5 + rng.uniform(-0.08, 0.08))
    cy = size * rng.uniform(0.4, 0.5)
    box = (round(cx - radius), round(cy - radius), round(cx + radius), round(cy + radius))
    side = box[2] - box[0]
    disc = _vertical_gradient((side, side), colours.second, colours.accent).convert("RGBA")
    mask = Image.new("L", (side, side), 0)
    mask_draw = ImageDraw.Draw(mask)
    mask_draw.ellipse((0, 0, side - 1, side - 1), fill=255)
    stripes = int(rng.integers(4, 8)) + round(3 * energy)
    for index in range(stripes):
        position = 0.55 + 0.45 * index / stripes
        thickness = side * (0.008 + 0.03 * index / stripes)
        y = side * position
        mask_draw.rectangle((0, round(y), side, round(y + thickness)), fill=0)
    disc.putalpha(mask)
    layer.alpha_composite(disc, (box[0], box[1]))
    draw = ImageDraw.Draw(layer)
    horizon = round(cy + radius * rng.uniform(0.55, 0.9))
    draw.line(
        (0, horizon, size, horizon), fill=_rgba(colours.light, 200), width=max(2, size // 500)
    )


def paint_grid(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """A perspective floor grid under a starry sky, vanishing point moved by the seed."""
    size = layer.width
    draw = ImageDraw.Draw(layer)
    horizon = size * rng.uniform(0.5, 0.6)
    vanish_x = size * (0.5 + rng.uniform(-0.15, 0.15))
    width = max(2, size // 450)
    line = _rgba(colours.accent, 230)
    rays = 14 + round(10 * energy)
    for index in range(rays + 1):
        x_bottom = -size * 0.6 + index * (size * 2.2 / rays)
        draw.line((vanish_x, horizon, x_bottom, size), fill=line, width=width)
    depth = 1.0
    step = rng.uniform(1.25, 1.45)
    while depth < 60:
        y = horizon + (size - horizon) / depth
        draw.line((0, y, size, y), fill=line, width=width)
        depth *= step
    draw.line((0, horizon, size, horizon), fill=_rgba(colours.second, 255), width=width * 2)
    for _ in range(60 + round(80 * energy)):
        x, y = rng.uniform(0, size), rng.uniform(0, horizon * 0.9)
        r = size * rng.uniform(0.0008, 0.0025)
        draw.ellipse(
            (x - r, y - r, x + r, y + r), fill=_rgba(colours.light, int(rng.integers(90, 230)))
        )


def paint_waves(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """Layered translucent wave bands rising from the bottom."""
    size = layer.width
    bands = int(rng.integers(5, 8))
    xs = np.linspace(0, size, 240)
    for index in range(bands):
        overlay = Image.new("RGBA", layer.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        base = size * (0.45 + 0.5 * index / bands)
        amplitude = size * rng.uniform(0.02, 0.05) * (1 + energy)
        cycles = rng.uniform(1.0, 3.0)
        phase = rng.uniform(0, 2 * math.pi)
        ys = base + amplitude * np.sin(2 * math.pi * cycles * xs / size + phase)
        points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
        colour = mix_rgb(colours.accent, colours.second, index / max(1, bands - 1))
        draw.polygon([*points, (size, size), (0, size)], fill=_rgba(colour, 110 + 15 * index))
        draw.line(points, fill=_rgba(colours.light, 160), width=max(2, size // 700))
        layer.alpha_composite(overlay)


def paint_rings(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """Concentric rings and broken arcs around an off-centre point."""
    size = layer.width
    draw = ImageDraw.Draw(layer)
    cx = size * rng.uniform(0.35, 0.65)
    cy = size * rng.uniform(0.35, 0.55)
    radius = size * 0.05
    ring_colours = (colours.accent, colours.second, colours.light)
    while radius < size * 0.75:
        width = max(2, round(size * rng.uniform(0.004, 0.02)))
        colour = _rgba(ring_colours[int(rng.integers(0, 3))], int(rng.integers(120, 240)))
        box = (cx - radius, cy - radius, cx + radius, cy + radius)
        if rng.uniform() < 0.35 + 0.3 * energy:
            start = float(rng.uniform(0, 360))
            draw.arc(box, start, start + float(rng.uniform(60, 300)), fill=colour, width=width)
        else:
            draw.ellipse(box, outline=colour, width=width)
        radius += size * rng.uniform(0.025, 0.06)


def paint_shards(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """Translucent glass shards scattered around a focal point."""
    size = layer.width
    draw = ImageDraw.Draw(layer)
    fx, fy = size * rng.uniform(0.3, 0.7), size * rng.uniform(0.3, 0.6)
    choices = (colours.accent, colours.second, colours.light)
    for _ in range(18 + round(20 * energy)):
        angle = rng.uniform(0, 2 * math.pi)
        distance = size * rng.uniform(0.0, 0.4)
        x, y = fx + distance * math.cos(angle), fy + distance * math.sin(angle)
        reach = size * rng.uniform(0.05, 0.18)
        points = [
            (x + reach * math.cos(angle + rng.uniform(-0.4, 0.4) + k * 2.1),
             y + reach * math.sin(angle + rng.uniform(-0.4, 0.4) + k * 2.1))
            for k in range(3)
        ]  # fmt: skip
        colour = choices[int(rng.integers(0, 3))]
        draw.polygon(points, fill=_rgba(colour, int(rng.integers(60, 170))))
        draw.line([*points, points[0]], fill=_rgba(colours.light, 140), width=max(1, size // 900))


def paint_bloom(
    layer: Image.Image, rng: np.random.Generator, colours: Palette, energy: float
) -> None:
    """A flower: two whorls of translucent elliptical petals around a bright core."""
    size = layer.width
    cx, cy = size * rng.uniform(0.4, 0.6), size * rng.uniform(0.38, 0.5)
    petals = int(rng.integers(6, 10)) + round(4 * energy)
    length = size * rng.uniform(0.2, 0.28)
    width = rng.uniform(0.18, 0.28)
    twist = rng.uniform(0, math.pi)
    steps = np.linspace(0.0, 2.0 * math.pi, 48)
    for whorl, (colour, alpha) in enumerate(((colours.accent, 170), (colours.second, 150))):
        overlay = Image.new("RGBA", layer.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        half = length * (1.0 - 0.4 * whorl) / 2.0
        for index in range(petals):
            angle = twist + 2.0 * math.pi * (index + 0.5 * whorl) / petals
            along = half + half * np.cos(steps)
            across = half * 2.0 * width * np.sin(steps)
            xs = cx + along * math.cos(angle) - across * math.sin(angle)
            ys = cy + along * math.sin(angle) + across * math.cos(angle)
            draw.polygon(
                list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=_rgba(colour, alpha)
            )
            draw.line(
                [(cx, cy), (float(xs[24]), float(ys[24]))],
                fill=_rgba(colours.light, 90),
                width=max(1, size // 800),
            )
        layer.alpha_composite(overlay)
    draw = ImageDraw.Draw(layer)
    core = length * 0.12
    draw.ellipse((cx - core, cy - core, cx + core, cy + core), fill=_rgba(colours.light, 235))


Painter = Callable[[Image.Image, np.random.Generator, Palette, float], None]

MOTIFS: dict[str, Painter] = {
    "sun": paint_sun,
    "grid": paint_grid,
    "waves": paint_waves,
    "rings": paint_rings,
    "shards": paint_shards,
    "bloom": paint_bloom,
}


def painter_for(motif: str) -> Painter:
    """The painter of ``motif``; an unknown name maps to a fixed known motif (by its checksum)."""
    key = motif.strip().lower()
    if key in MOTIFS:
        return MOTIFS[key]
    names = sorted(MOTIFS)
    return MOTIFS[names[zlib.crc32(key.encode("utf-8")) % len(names)]]
