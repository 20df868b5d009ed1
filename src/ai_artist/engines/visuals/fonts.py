"""Fonts for covers and videos: DejaVu on the machine, Pillow's built-in scalable font otherwise.

Lookup order for a typeface name such as ``"DejaVuSans-Bold"``: fonts shipped in the package
(``ai_artist/fonts/<name>.ttf``), the Debian DejaVu folder, then ``fc-list``.
"""

from __future__ import annotations

import functools
import importlib.resources
import shutil
import subprocess
from pathlib import Path

from PIL import ImageFont

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEFAULT_TYPEFACE = "DejaVuSans-Bold"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.lru_cache(maxsize=64)
def font_path(typeface: str) -> Path | None:
    """The ``.ttf``/``.otf`` file of ``typeface`` (file stem, e.g. ``DejaVuSans-Bold``), if any."""
    packaged = importlib.resources.files("ai_artist").joinpath("fonts", f"{typeface}.ttf")
    if packaged.is_file():
        return Path(str(packaged))
    for suffix in (".ttf", ".otf"):
        candidate = DEJAVU_DIR / f"{typeface}{suffix}"
        if candidate.is_file():
            return candidate
    return _fc_list().get(typeface.lower())


@functools.lru_cache(maxsize=1)
def _fc_list() -> dict[str, Path]:
    """Installed font files by lower-case file stem, from fontconfig's ``fc-list``."""
    executable = shutil.which("fc-list")
    if executable is None:
        return {}
    try:
        listing = subprocess.run(
            [executable, "--format", "%{file}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, Path] = {}
    for line in listing.splitlines():
        path = Path(line.strip())
        if path.suffix.lower() in {".ttf", ".otf"}:
            found.setdefault(path.stem.lower(), path)
    return found


def load_font(typeface: str, size_px: int) -> Font:
    """``typeface`` at ``size_px`` pixels; else DejaVu Sans Bold, else Pillow's built-in font."""
    for name in (typeface, DEFAULT_TYPEFACE):
        path = font_path(name)
        if path is not None:
            return ImageFont.truetype(str(path), size=size_px)
    return ImageFont.load_default(size=size_px)


def fonts_dir(typeface: str = DEFAULT_TYPEFACE) -> Path | None:
    """The folder holding ``typeface`` (for ffmpeg/libass ``fontsdir``), if the font is a file."""
    path = font_path(typeface) or font_path(DEFAULT_TYPEFACE)
    return path.parent if path is not None else None
