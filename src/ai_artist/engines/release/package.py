"""Release packages: a folder with the delivery files, ``release.json`` and a ``README.txt``,
and the same folder as a zip next to it (``<release-id>.zip``, one top folder
``<release-id>/`` inside).

The folder and the zip are built under temporary names and renamed into place, so they
either exist complete (every file listed with its size and sha256, the manifest valid against
``schemas/release.schema.json``) or not at all. ``verify_release`` re-checks both later.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import json
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema

from ai_artist.domain import ReleaseFile, ReleaseManifest
from ai_artist.domain.release import ISRC_PATTERN
from ai_artist.errors import InputError, StageError
from ai_artist.files import atomic_dir, atomic_path, sha256_of

MANIFEST_NAME = "release.json"
README_NAME = "README.txt"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_COMPRESSED_SUFFIXES = {".mp3", ".mp4", ".m4a", ".flac", ".jpg", ".jpeg", ".png", ".zip"}
"""Already compressed: stored in the zip as they are (deflating them only costs time)."""


def archive_path(release_dir: Path) -> Path:
    """The zip of a release folder: ``<parent>/<release-id>.zip``."""
    release_dir = Path(release_dir)
    return release_dir.parent / f"{release_dir.name}.zip"


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
        f"The whole package is also in {manifest.release_id}.zip next to this folder.",
    ]
    return "\n".join(lines) + "\n"


def _write_zip(folder: Path, zip_path: Path, *, top: str, date: tuple[int, int, int]) -> None:
    """Zip every file of ``folder`` under ``top/`` (sorted, fixed timestamps)."""
    with zipfile.ZipFile(zip_path, "w", allowZip64=True) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(f"{top}/{relative}", date_time=(*date, 12, 0, 0))
            info.external_attr = 0o644 << 16
            stored = path.suffix.lower() in _COMPRESSED_SUFFIXES
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            with path.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1 << 20)


def _release_date(manifest: ReleaseManifest) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", manifest.release_date)
    if match is None or not 1980 <= int(match.group(1)) <= 2107:
        return (1980, 1, 1)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3)))


def write_release_package(
    release_dir: Path,
    manifest: ReleaseManifest,
    files: list[tuple[Path, str, str]],
    *,
    archive: bool = True,
) -> ReleaseManifest:
    """Build ``release_dir`` from ``files`` = ``(source_path, relative_dest_path, role)``.

    Copies each file, records its size (bytes) and sha256 in the
    manifest's ``files``, writes ``release.json`` (validated against the schema) and
    ``README.txt``; with ``archive`` also writes :func:`archive_path` (a zip of the folder).
    Then renames the folder and the zip into place. Neither may exist yet. On any failure
    nothing is left behind. Returns the manifest as written.
    """
    release_dir = Path(release_dir)
    zip_path = archive_path(release_dir)
    for existing in (release_dir, zip_path if archive else None):
        if existing is not None and existing.exists():
            raise InputError(f"release output {existing} already exists; choose a new release id")
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
        with contextlib.ExitStack() as stack:
            tmp = stack.enter_context(atomic_dir(release_dir))
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
            if archive:
                zip_tmp = stack.enter_context(atomic_path(zip_path, suffix=".zip"))
                _write_zip(tmp, zip_tmp, top=release_dir.name, date=_release_date(written))
            # leaving the stack renames the zip, then the folder; if the folder rename
            # fails, the zip that is already in place is removed below
    except OSError as error:
        if archive and zip_path.exists() and not release_dir.exists():
            zip_path.unlink(missing_ok=True)
        raise StageError(
            f"could not write release package {release_dir}: {error}", stage="release"
        ) from error
    return written


def remove_release_package(release_dir: Path) -> None:
    """Delete a release folder and its zip (used to undo a release that failed later)."""
    shutil.rmtree(release_dir, ignore_errors=True)
    archive_path(release_dir).unlink(missing_ok=True)


def _sha256_stream(handle: Any) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def verify_archive(release_dir: Path, manifest: ReleaseManifest) -> list[str]:
    """Problems of the zip next to ``release_dir``: members missing, extra or different."""
    zip_path = archive_path(release_dir)
    top = Path(release_dir).name
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = {info.filename: info for info in archive.infolist() if not info.is_dir()}
            problems = []
            expected = {f"{top}/{item.path}": item for item in manifest.files}
            for name in (MANIFEST_NAME, README_NAME):
                if f"{top}/{name}" not in members:
                    problems.append(f"{zip_path.name}: {top}/{name} missing")
            for name, item in expected.items():
                if name not in members:
                    problems.append(f"{zip_path.name}: {name} missing")
                    continue
                with archive.open(members[name]) as handle:
                    if _sha256_stream(handle) != item.sha256:
                        problems.append(f"{zip_path.name}: {name} does not match the manifest")
            extra = (
                set(members) - set(expected) - {f"{top}/{MANIFEST_NAME}", f"{top}/{README_NAME}"}
            )
            problems += [
                f"{zip_path.name}: {name} not listed in {MANIFEST_NAME}" for name in sorted(extra)
            ]
            return problems
    except (OSError, zipfile.BadZipFile) as error:
        return [f"{zip_path.name} is not a readable zip: {error}"]


def verify_release(release_dir: Path) -> list[str]:
    """Problems of a release folder (and of its zip, when there is one): manifest missing or
    invalid, files missing, changed or not listed.

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
    if archive_path(release_dir).is_file():
        problems += verify_archive(release_dir, manifest)
    return problems
