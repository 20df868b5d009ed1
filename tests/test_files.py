"""Atomic writes: a failure leaves the previous file (or nothing) in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_artist.files import atomic_dir, atomic_path, sha256_of, write_text


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "track.json"
    write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["track.json"]


def test_temp_name_keeps_the_extension(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "video.mp4") as tmp:
        assert tmp.suffix == ".mp4"
        tmp.write_bytes(b"x")
    assert (tmp_path / "video.mp4").read_bytes() == b"x"


def test_failed_directory_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_dir(tmp_path / "release") as tmp:
        (tmp / "a.txt").write_text("a", encoding="utf-8")
        raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_sha256(tmp_path: Path) -> None:
    path = write_text(tmp_path / "a.txt", "abc")
    assert sha256_of(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_written_files_get_normal_permissions(tmp_path: Path) -> None:
    import os
    import stat

    mask = os.umask(0o022)
    try:
        path = write_text(tmp_path / "a.txt", "abc")
        with atomic_dir(tmp_path / "pkg") as tmp:
            (tmp / "b.txt").write_text("b", encoding="utf-8")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "pkg").stat().st_mode) == 0o755
