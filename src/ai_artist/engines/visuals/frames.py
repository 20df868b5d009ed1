"""The pictures a video is built from, drawn once with Pillow: the still frame, the lyric
strips and the beat glow. ffmpeg then only moves and blends them.

A :class:`VideoLayout` places the cover, the title block, the lyrics and the spectrum for a
landscape (16:9) or portrait (9:16) frame. Sizes and positions are pixels; boxes are
``(left, top, width, height)`` with even values (yuv420p needs even offsets).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageOps

from ai_artist.engines.visuals.fonts import load_font
from ai_artist.engines.visuals.text import TextBlock, draw_text, fit_text
from ai_artist.errors import InputError

Box = tuple[int, int, int, int]

LYRIC_FILL = (255, 255, 255, 255)
LYRIC_STROKE = (12, 10, 24, 255)


def _even(value: float) -> int:
    return round(value / 2.0) * 2


@dataclass(frozen=True)
class VideoLayout:
    """Where things go on a ``width_px`` × ``height_px`` frame."""

    width_px: int
    height_px: int
    cover: Box
    text: Box
    lyrics: Box
    spectrum: Box
    glow_margin_px: int

    @property
    def portrait(self) -> bool:
        return self.height_px > self.width_px

    @property
    def glow(self) -> Box:
        """The box of the beat glow around the cover."""
        left, top, side, _ = self.cover
        margin = self.glow_margin_px
        return (left - margin, top - margin, side + 2 * margin, side + 2 * margin)


def video_layout(width_px: int, height_px: int) -> VideoLayout:
    """The layout of a frame: cover left and text right (landscape) or stacked (portrait)."""
    if width_px % 2 or height_px % 2 or width_px < 64 or height_px < 64:
        raise InputError(f"video size must be even and at least 64×64, got {width_px}×{height_px}")
    w, h = width_px, height_px
    if h > w:
        side = _even(min(0.74 * w, 0.42 * h))
        cover = (_even((w - side) / 2), _even(0.08 * h), side, side)
        text_top = cover[1] + side + _even(0.02 * h)
        text = (_even(0.06 * w), text_top, _even(0.88 * w), _even(0.11 * h))
        lyrics = (_even(0.04 * w), _even(0.665 * h), _even(0.92 * w), _even(0.12 * h))
        spectrum = (0, _even(0.8 * h), w, _even(0.15 * h))
    else:
        side = _even(0.5 * h)
        cover = (_even(0.07 * w), _even(0.1 * h), side, side)
        text_left = cover[0] + side + _even(0.05 * w)
        text = (text_left, cover[1], w - text_left - _even(0.06 * w), side)
        lyrics = (_even(0.05 * w), _even(0.655 * h), _even(0.9 * w), _even(0.15 * h))
        spectrum = (0, _even(0.82 * h), w, _even(0.16 * h))
    margin = max(2, _even(side * 0.05))
    return VideoLayout(w, h, cover, text, lyrics, spectrum, margin)


def _open_cover(cover_path: Path) -> Image.Image:
    try:
        with Image.open(cover_path) as opened:
            return opened.convert("RGB")
    except (OSError, ValueError) as error:
        raise InputError(f"cannot open cover image {cover_path}: {error}") from error


def still_frame(
    cover_path: Path, layout: VideoLayout, *, title: str, artist_name: str, typeface: str
) -> Image.Image:
    """The frame under everything that moves: blurred, darkened cover backdrop, the cover with
    a shadow, the title and the artist name (never clipped: the text is fitted to its box)."""
    cover = _open_cover(cover_path)
    w, h = layout.width_px, layout.height_px
    backdrop = ImageOps.fit(cover, (max(1, w // 8), max(1, h // 8)))
    backdrop = backdrop.filter(ImageFilter.GaussianBlur(radius=max(1, min(w, h) // 200)))
    backdrop = backdrop.resize((w, h), Image.Resampling.BILINEAR)
    frame = Image.blend(backdrop, Image.new("RGB", backdrop.size, (0, 0, 0)), 0.55)

    left, top, side, _ = layout.cover
    shadow = Image.new("L", (w, h), 0)
    offset = max(2, side // 40)
    ImageDraw.Draw(shadow).rectangle(
        (left + offset, top + offset, left + side + offset, top + side + offset), fill=160
    )
    shadow = shadow.filter(ImageFilter.GaussianBlur(radius=max(1, side // 30)))
    frame.paste((0, 0, 0), (0, 0), shadow)
    frame.paste(cover.resize((side, side), Image.Resampling.LANCZOS), (left, top))

    text_left, text_top, text_w, text_h = layout.text
    title_block = fit_text(
        title,
        typeface,
        max_width_px=text_w,
        max_height_px=round(text_h * 0.55),
        max_lines=3 if not layout.portrait else 2,
        largest_px=max(12, round(min(w, h) * 0.09)),
        smallest_px=max(8, round(min(w, h) * 0.03)),
    )
    artist_block = fit_text(
        artist_name,
        typeface,
        max_width_px=text_w,
        max_height_px=round(text_h * 0.3),
        max_lines=2 if not layout.portrait else 1,
        largest_px=max(10, round(min(w, h) * 0.05)),
        smallest_px=max(8, round(min(w, h) * 0.022)),
    )
    gap = round(h * 0.015)
    block_h = title_block.height_px + gap + artist_block.height_px
    block_top = text_top + (text_h - block_h) // 2
    draw = ImageDraw.Draw(frame)
    for block, top_px, fill in (
        (title_block, block_top, (255, 255, 255)),
        (artist_block, block_top + title_block.height_px + gap, (225, 225, 235)),
    ):
        block_left = text_left + (text_w - block.width_px) // 2 if layout.portrait else text_left
        draw_text(
            draw, block, left_px=block_left, top_px=top_px, fill=fill, stroke_fill=(16, 16, 32)
        )
    return frame


def lyric_block(text: str, layout: VideoLayout, *, typeface: str) -> TextBlock:
    """The lyric ``text`` fitted into the lyric box: at most two lines, never clipped."""
    _, _, box_w, box_h = layout.lyrics
    return fit_text(
        text,
        typeface,
        max_width_px=box_w,
        max_height_px=box_h,
        max_lines=2,
        largest_px=max(10, round(min(layout.width_px, layout.height_px) * 0.062)),
        smallest_px=max(8, round(min(layout.width_px, layout.height_px) * 0.03)),
        stroke_ratio=0.07,
    )


def lyric_strip(text: str, layout: VideoLayout, *, typeface: str) -> Image.Image:
    """A transparent RGBA image the size of the lyric box with ``text`` centred in it: white
    letters with a dark outline. Empty ``text`` gives a fully transparent strip."""
    _, _, box_w, box_h = layout.lyrics
    strip = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
    if not text.strip():
        return strip
    block = lyric_block(text, layout, typeface=typeface)
    font = load_font(typeface, block.font_px)
    draw = ImageDraw.Draw(strip)
    top = (box_h - block.height_px) // 2 + block.stroke_px
    for index, line in enumerate(block.lines):
        draw.text(
            (box_w / 2, top + index * block.line_height_px),
            line,
            font=font,
            anchor="ma",
            fill=LYRIC_FILL,
            stroke_width=block.stroke_px,
            stroke_fill=LYRIC_STROKE,
        )
    return strip


def glow_image(layout: VideoLayout, colour: str, *, strength: float) -> Image.Image:
    """A soft ring of ``colour`` (hex) around the cover, RGBA, alpha scaled by ``strength``
    (0..1); shown on the beats."""
    try:
        red, green, blue = ImageColor.getrgb(colour)[:3]
    except ValueError as error:
        raise InputError(
            f"glow colour must be a hex colour like '#ff2e88', got {colour!r}"
        ) from error
    _, _, size, _ = layout.glow
    margin = layout.glow_margin_px
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rectangle(
        (margin // 3, margin // 3, size - 1 - margin // 3, size - 1 - margin // 3),
        outline=255,
        width=max(2, margin // 2),
    )
    mask = mask.filter(ImageFilter.GaussianBlur(radius=max(1, margin / 3)))
    mask = mask.point(lambda value: round(min(255, value * 1.6) * strength))
    glow = Image.new("RGBA", (size, size), (red, green, blue, 0))
    glow.putalpha(mask)
    return glow
