"""Text that always fits: wrap words, shrink the font, and only as a last resort break words.

Sizes are pixels. ``fit_text`` picks the largest font size at which ``text`` fits a box in at
most ``max_lines`` lines; ``draw_text`` draws the block and returns its exact bounding box.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import ImageDraw

from ai_artist.engines.visuals.fonts import Font, load_font
from ai_artist.errors import InputError

ELLIPSIS = "…"
_SHRINK = 0.93


@dataclass(frozen=True)
class TextBlock:
    """Lines of text set in one font size, with the block's size in pixels."""

    lines: tuple[str, ...]
    typeface: str
    font_px: int
    stroke_px: int
    line_height_px: int
    width_px: int
    height_px: int

    @property
    def font(self) -> Font:
        """The font the block is set in."""
        return load_font(self.typeface, self.font_px)


def _width(font: Font, text: str, stroke_px: int) -> int:
    left, _, right, _ = font.getbbox(text, stroke_width=stroke_px)
    return int(right - left)


def _split_word(word: str, font: Font, max_width_px: int, stroke_px: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and _width(font, current + char, stroke_px) > max_width_px:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def wrap_words(
    text: str, font: Font, max_width_px: int, *, stroke_px: int = 0, break_words: bool = False
) -> list[str] | None:
    """Greedy word wrap to ``max_width_px``; ``None`` if a word is too wide and may not break."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _width(font, candidate, stroke_px) <= max_width_px:
            current = candidate
            continue
        if current:
            lines.append(current)
        if _width(font, word, stroke_px) <= max_width_px:
            current = word
        elif break_words:
            *whole, current = _split_word(word, font, max_width_px, stroke_px)
            lines.extend(whole)
        else:
            return None
    if current:
        lines.append(current)
    return lines


def _block(
    lines: list[str], typeface: str, font_px: int, stroke_px: int, spacing: float
) -> TextBlock:
    font = load_font(typeface, font_px)
    ascent, descent = font.getmetrics()
    line_height = round((ascent + descent) * spacing) + 2 * stroke_px
    width = max((_width(font, line, stroke_px) for line in lines), default=0)
    height = line_height * (len(lines) - 1) + ascent + descent + 2 * stroke_px
    return TextBlock(tuple(lines), typeface, font_px, stroke_px, line_height, width, height)


def fit_text(
    text: str,
    typeface: str,
    *,
    max_width_px: int,
    max_height_px: int,
    max_lines: int,
    largest_px: int,
    smallest_px: int,
    stroke_ratio: float = 0.04,
    spacing: float = 1.05,
) -> TextBlock:
    """Largest setting of ``text`` within ``max_width_px`` × ``max_height_px``.

    Shrinks from ``largest_px`` to ``smallest_px`` (font size, pixels) wrapping whole words into
    at most ``max_lines`` lines; at the smallest size words may break, and text that still does
    not fit ends with an ellipsis. The result is never wider or taller than the box.
    """
    words = " ".join(text.split())
    if not words:
        raise InputError("text to draw is empty; give a non-empty title and artist name")
    size = largest_px
    while True:
        stroke = max(1, round(size * stroke_ratio)) if stroke_ratio > 0 else 0
        font = load_font(typeface, size)
        lines = wrap_words(words, font, max_width_px, stroke_px=stroke)
        if lines is not None and len(lines) <= max_lines:
            block = _block(lines, typeface, size, stroke, spacing)
            if block.height_px <= max_height_px:
                return block
        if size <= smallest_px:
            break
        size = max(smallest_px, int(size * _SHRINK))
    lines = wrap_words(words, font, max_width_px, stroke_px=stroke, break_words=True) or [words]
    block = _block(lines, typeface, size, stroke, spacing)
    while len(lines) > 1 and (block.height_px > max_height_px or len(lines) > max_lines):
        kept = lines[:-1]
        last = kept[-1]
        while last and _width(font, last + ELLIPSIS, stroke) > max_width_px:
            last = last[:-1].rstrip()
        lines = [*kept[:-1], last + ELLIPSIS]
        block = _block(lines, typeface, size, stroke, spacing)
    return block


def draw_text(
    draw: ImageDraw.ImageDraw,
    block: TextBlock,
    *,
    left_px: int,
    top_px: int,
    fill: tuple[int, ...],
    stroke_fill: tuple[int, ...],
) -> tuple[int, int, int, int]:
    """Draw ``block`` with its top-left corner at (``left_px``, ``top_px``); return its bbox."""
    font = block.font
    boxes = []
    for index, line in enumerate(block.lines):
        left, _, _, _ = font.getbbox(line, stroke_width=block.stroke_px)
        x = left_px - int(left)
        y = top_px + block.stroke_px + index * block.line_height_px
        draw.text(
            (x, y),
            line,
            font=font,
            fill=fill,
            anchor="la",
            stroke_width=block.stroke_px,
            stroke_fill=stroke_fill,
        )
        boxes.append(
            draw.textbbox((x, y), line, font=font, anchor="la", stroke_width=block.stroke_px)
        )
    return (
        int(min(box[0] for box in boxes)),
        int(min(box[1] for box in boxes)),
        int(max(box[2] for box in boxes)),
        int(max(box[3] for box in boxes)),
    )
