"""Release packages: a folder with the delivery files, ``release.json`` and a ``README.txt``.

The folder is built under a temporary name and renamed into place, so it either exists
complete (every file listed with its size and sha256, the manifest valid against
``schemas/release.schema.json``) or not at all. ``verify_release`` re-checks a folder later.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema

from ai_artist.domain import ReleaseFile, ReleaseManifest
from ai_artist.domain.release import ISRC_PATTERN
from ai_artist.errors import InputError, StageError
from ai_artist.files import atomic_dir, sha256_of

MANIFEST_NAME = "release.json"
README_NAME = "README.txt"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def release_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :class:`ReleaseManifest`, built from the model."""
    return {"$schema": JSON_SCHEMA_DIALECT, **ReleaseManifest.model_json_schema()}


def load_release_schema() -> dict[str, Any]:
    """The committed ``ai_artist/schemas/release.schema.json``."""
    resource = importlib.resources.files("ai_artist").joinpath("schemas", "release.schema.json")
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


def schema_problems(document: Any) -> list[str]:
    """Where ``document`` breaks the release schema, one message per violation (empty if valid)."""
    validator = jsonschema.Draft202012Validator(load_release_schema())
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        problems.append(f"{MANIFEST_NAME}: {where}: {error.message}")
    return problems


def new_isrc(prefix: str, year: int, sequence: int) -> str:
    """ISRC ``CCXXXYYNNNNN`` from a 5-character country+registrant prefix, year and number.

    ``prefix`` may contain dashes or spaces (``"US-S1Z"``); ``year`` is the full year (its last
    two digits are used); ``sequence`` is 0 … 99999. Raises :class:`InputError` otherwise.
    """
    code = re.sub(r"[\s-]", "", prefix).upper()
    if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{3}", code):
        raise InputError(
            f"ISRC prefix {prefix!r} must be a 2-letter country code and a 3-character "
            "registrant code, e.g. 'USS1Z' or 'US-S1Z'"
        )
    if not 1900 <= year <= 2999:
        raise InputError(f"ISRC year must be a full year such as 2025, got {year}")
    if not 0 <= sequence <= 99_999:
        raise InputError(f"ISRC sequence number must be within 0…99999, got {sequence}")
    isrc = f"{code}{year % 100:02d}{sequence:05d}"
    if not re.fullmatch(ISRC_PATTERN, isrc):
        raise InputError(f"built ISRC {isrc!r} does not match {ISRC_PATTERN}")
    return isrc


def _checked_destination(relative: str) -> PurePosixPath:
    dest = PurePosixPath(relative)
    if (
        not relative
        or dest.is_absolute()
        or ".." in dest.parts
        or "\\" in relative
        or str(dest) in {MANIFEST_NAME, README_NAME}
    ):
        raise InputError(
            f"release file destination {relative!r} must be a relative path inside the "
            f"folder (no '..', not {MANIFEST_NAME} or {README_NAME})"
        )
    return dest


def _format_duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def readme_text(manifest: ReleaseManifest) -> str:
    """A plain-text summary of a release: tracks, credits and files with checksums."""
    lines = [
        f"{manifest.title} — {manifest.artist}",
        f"{manifest.release_type.capitalize()}, release date {manifest.release_date}, "
        f"label {manifest.label}",
        manifest.p_line,
        manifest.c_line,
        "",
        "TRACKS",
    ]
    for track in sorted(manifest.tracks, key=lambda t: t.number):
        explicit = ", explicit" if track.explicit else ""
        lines.append(
            f"  {track.number}. {track.title} ({_format_duration(track.duration_s)})  "
            f"ISRC {track.isrc}  {track.genre}, {track.tempo_bpm:g} BPM, {track.key}, "
            f"language {track.language}{explicit}"
        )
    lines += ["", "CREDITS"]
    for contributor in manifest.contributors:
        lines.append("  " + ", ".join(f"{key}: {value}" for key, value in contributor.items()))
    if manifest.ai_credits:
        lines.append("  Made with AI:")
        lines += [f"    {part}: {how}" for part, how in sorted(manifest.ai_credits.items())]
    lines += ["", "FILES (size in bytes, sha256)"]
    for item in manifest.files:
        lines.append(f"  {item.path}  [{item.role}]  {item.size_bytes}  {item.sha256}")
    lines += [
        "",
        f"Checksums are also in {MANIFEST_NAME}; check a file with `sha256sum <file>`.",
    ]
    return "\n".join(lines) + "\n"


def write_release_package(
    release_dir: Path,
    manifest: ReleaseManifest,
    files: list[tuple[Path, str, str]],
) -> ReleaseManifest:
    """Build ``release_dir`` from ``files`` = ``(source_path, relative_dest_path, role)``.

    Copies each file, records its size (bytes) and sha256 in the manifest's ``files``, writes
    ``release.json`` (validated against the schema) and ``README.txt``, then renames the folder
    into place. ``release_dir`` must not exist. On any failure nothing is left behind.
    Returns the manifest as written.
    """
    release_dir = Path(release_dir)
    if release_dir.exists():
        raise InputError(f"release folder {release_dir} already exists; choose a new folder")
    if not files:
        raise InputError("a release package needs at least one file")
    seen: set[PurePosixPath] = set()
    for source, relative, role in files:
        dest = _checked_destination(relative)
        if dest in seen:
            raise InputError(f"release file destination {relative!r} is given twice")
        seen.add(dest)
        if not Path(source).is_file():
            raise InputError(f"release file {source} ({role}) not found")
        if not role.strip():
            raise InputError(f"release file {relative!r} needs a role such as 'mp3' or 'cover'")
    try:
        with atomic_dir(release_dir) as tmp:
            entries = []
            for source, relative, role in files:
                target = tmp / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                entries.append(
                    ReleaseFile(
                        path=str(PurePosixPath(relative)),
                        role=role,
                        size_bytes=target.stat().st_size,
                        sha256=sha256_of(target),
                    )
                )
            written = manifest.model_copy(update={"files": entries})
            document = json.loads(written.model_dump_json())
            problems = schema_problems(document)
            if problems:
                raise InputError("release manifest is invalid: " + "; ".join(problems))
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            (tmp / MANIFEST_NAME).write_text(text, encoding="utf-8")
            (tmp / README_NAME).write_text(readme_text(written), encoding="utf-8")
    except OSError as error:
        raise StageError(
            f"could not write release package {release_dir}: {error}", stage="release"
        ) from error
    return written


def verify_release(release_dir: Path) -> list[str]:
    """Problems of a release folder: manifest missing or invalid, files missing or changed.

    Returns human-readable messages; an empty list means the package is intact.
    """
    release_dir = Path(release_dir)
    manifest_path = release_dir / MANIFEST_NAME
    if not manifest_path.is_file():
        return [f"{MANIFEST_NAME} is missing in {release_dir}"]
    try:
        document = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"{MANIFEST_NAME} is not readable JSON: {error}"]
    problems = schema_problems(document)
    if problems:
        return problems
    manifest = ReleaseManifest.model_validate(document)
    listed = {MANIFEST_NAME, README_NAME}
    for item in manifest.files:
        try:
            _checked_destination(item.path)
        except InputError as error:
            problems.append(str(error))
            continue
        listed.add(item.path)
        path = release_dir / item.path
        if not path.is_file():
            problems.append(f"{item.path}: missing")
            continue
        size = path.stat().st_size
        if size != item.size_bytes:
            problems.append(f"{item.path}: size {size} bytes, manifest says {item.size_bytes}")
        if sha256_of(path) != item.sha256:
            problems.append(f"{item.path}: sha256 does not match the manifest")
    for path in sorted(release_dir.rglob("*")):
        relative = path.relative_to(release_dir).as_posix()
        if path.is_file() and relative not in listed:
            problems.append(f"{relative}: not listed in {MANIFEST_NAME}")
    return problems
