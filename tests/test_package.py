"""Release packages (checksums, schema, atomicity) and tagged MP3/FLAC exports."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PIL import Image

from ai_artist.audio import write_audio
from ai_artist.domain import ReleaseManifest, ReleaseTrack
from ai_artist.engines.release import package
from ai_artist.engines.release.export import (
    AudioTags,
    export_flac,
    export_mp3,
    export_preview,
    preview_audio,
    read_tags,
)
from ai_artist.engines.release.package import (
    load_release_schema,
    new_isrc,
    release_schema,
    schema_problems,
    verify_release,
    write_release_package,
)
from ai_artist.errors import InputError, StageError
from ai_artist.files import sha256_of

SR = 44_100


def _manifest() -> ReleaseManifest:
    return ReleaseManifest(
        release_id="rel-001",
        title="Neon Rain",
        release_type="single",
        artist="Nova Vale",
        release_date="2025-06-01",
        label="ai-artist",
        p_line="℗ 2025 ai-artist",
        c_line="© 2025 ai-artist",
        tracks=[
            ReleaseTrack(
                track_id="trk-1",
                number=1,
                title="Neon Rain",
                isrc="QZABC2500001",
                duration_s=2.0,
                genre="synthwave",
                tempo_bpm=100.0,
                key="A minor",
            )
        ],
        contributors=[{"role": "producer", "name": "ai-artist embedded engines"}],
        ai_credits={"music": "embedded composer", "vocals": "piper TTS + WORLD"},
    )


def _sources(folder: Path) -> list[tuple[Path, str, str]]:
    folder.mkdir()
    (folder / "song.lrc").write_text("[00:00.50]city lights\n", encoding="utf-8")
    (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 8)
    (folder / "notes.txt").write_text("liner notes\n", encoding="utf-8")
    return [
        (folder / "cover.jpg", "cover.jpg", "cover"),
        (folder / "song.lrc", "lyrics/01-neon-rain.lrc", "lrc"),
        (folder / "notes.txt", "notes.txt", "notes"),
    ]


def test_package_lists_files_with_matching_checksums(tmp_path: Path) -> None:
    files = _sources(tmp_path / "src")
    release_dir = tmp_path / "releases" / "rel-001"
    written = write_release_package(release_dir, _manifest(), files)
    assert [f.path for f in written.files] == ["cover.jpg", "lyrics/01-neon-rain.lrc", "notes.txt"]
    for entry, (source, _, role) in zip(written.files, files, strict=True):
        copy = release_dir / entry.path
        assert entry.role == role
        assert entry.sha256 == sha256_of(copy) == sha256_of(source)
        assert entry.size_bytes == copy.stat().st_size == source.stat().st_size
    document = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))
    assert schema_problems(document) == []
    assert ReleaseManifest.model_validate(document) == written
    readme = (release_dir / "README.txt").read_text(encoding="utf-8")
    assert "1. Neon Rain (0:02)  ISRC QZABC2500001" in readme
    assert "vocals: piper TTS + WORLD" in readme
    assert written.files[0].sha256 in readme
    assert verify_release(release_dir) == []
    assert sorted(p.name for p in release_dir.parent.iterdir()) == ["rel-001", "rel-001.zip"]
    with zipfile.ZipFile(release_dir.parent / "rel-001.zip") as archive:
        names = sorted(archive.namelist())
        assert names == sorted(
            f"rel-001/{name}"
            for name in (
                "README.txt",
                "release.json",
                "cover.jpg",
                "lyrics/01-neon-rain.lrc",
                "notes.txt",
            )
        )
        assert archive.read("rel-001/release.json") == (release_dir / "release.json").read_bytes()
        assert archive.getinfo("rel-001/cover.jpg").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("rel-001/notes.txt").compress_type == zipfile.ZIP_DEFLATED


def test_verify_finds_tampering_missing_and_unlisted_files(tmp_path: Path) -> None:
    release_dir = tmp_path / "rel"
    write_release_package(release_dir, _manifest(), _sources(tmp_path / "src"))
    (release_dir / "notes.txt").write_text("liner notes, edited\n", encoding="utf-8")
    (release_dir / "lyrics" / "01-neon-rain.lrc").unlink()
    (release_dir / "extra.bin").write_bytes(b"x")
    problems = verify_release(release_dir)
    assert "notes.txt: sha256 does not match the manifest" in problems
    assert any(p.startswith("notes.txt: size") for p in problems)
    assert "lyrics/01-neon-rain.lrc: missing" in problems
    assert "extra.bin: not listed in release.json" in problems
    document = json.loads((release_dir / "release.json").read_text(encoding="utf-8"))
    document["tracks"][0]["isrc"] = "bad"
    (release_dir / "release.json").write_text(json.dumps(document), encoding="utf-8")
    assert any("tracks/0/isrc" in p for p in verify_release(release_dir))


def test_failure_midway_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _sources(tmp_path / "src")
    real_copy = shutil.copyfile
    calls = {"n": 0}

    def failing_copy(source: Path, target: Path) -> Path:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return Path(real_copy(source, target))

    monkeypatch.setattr(package.shutil, "copyfile", failing_copy)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(StageError, match="No space left"):
        write_release_package(out / "rel", _manifest(), files)
    assert list(out.iterdir()) == []


def test_failure_while_zipping_or_renaming_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _sources(tmp_path / "src")
    out = tmp_path / "out"
    out.mkdir()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(package, "_write_zip", full_disk)
        with pytest.raises(StageError, match="No space left"):
            write_release_package(out / "rel", _manifest(), files)
    assert list(out.iterdir()) == []
    real_replace = os.replace

    def refuse_folder(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "rel":  # the zip is renamed first, the folder fails
            raise OSError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_folder)
    with pytest.raises(StageError, match="Permission denied"):
        write_release_package(out / "rel", _manifest(), files)
    assert list(out.iterdir()) == []


def test_verify_checks_the_zip_too(tmp_path: Path) -> None:
    release_dir = tmp_path / "rel"
    write_release_package(release_dir, _manifest(), _sources(tmp_path / "src"))
    zip_path = tmp_path / "rel.zip"
    with zipfile.ZipFile(zip_path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["rel/notes.txt"] = b"changed\n"
    del members["rel/cover.jpg"]
    members["rel/extra.txt"] = b"x"
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    problems = verify_release(release_dir)
    assert "rel.zip: rel/notes.txt does not match the manifest" in problems
    assert "rel.zip: rel/cover.jpg missing" in problems
    assert "rel.zip: rel/extra.txt not listed in release.json" in problems
    zip_path.write_bytes(b"not a zip")
    assert any("not a readable zip" in p for p in verify_release(release_dir))


def test_package_rejects_bad_requests(tmp_path: Path) -> None:
    files = _sources(tmp_path / "src")
    with pytest.raises(InputError, match="not found"):
        write_release_package(tmp_path / "a", _manifest(), [(tmp_path / "nope.wav", "x.wav", "w")])
    with pytest.raises(InputError, match="relative path"):
        write_release_package(tmp_path / "b", _manifest(), [(files[0][0], "../x.jpg", "cover")])
    with pytest.raises(InputError, match="twice"):
        write_release_package(tmp_path / "c", _manifest(), [files[0], files[0]])
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="already exists"):
        write_release_package(tmp_path / "d", _manifest(), files)
    (tmp_path / "e.zip").write_bytes(b"")
    with pytest.raises(InputError, match="already exists"):
        write_release_package(tmp_path / "e", _manifest(), files)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_committed_schema_equals_the_model_schema() -> None:
    assert load_release_schema() == release_schema()
    assert load_release_schema()["$schema"].endswith("/draft/2020-12/schema")


def test_new_isrc_formats_and_validates() -> None:
    assert new_isrc("QZ-ABC", 2025, 1) == "QZABC2500001"
    assert new_isrc("us s1z", 2031, 99_999) == "USS1Z3199999"
    for prefix, year, sequence in [("Q1ABC", 2025, 1), ("QZAB", 2025, 1), ("QZABC", 2025, 10**5)]:
        with pytest.raises(InputError, match="ISRC"):
            new_isrc(prefix, year, sequence)


@pytest.fixture
def master_wav(tmp_path: Path) -> Path:
    t = np.arange(2 * SR) / SR
    tone = 0.4 * np.sin(2 * np.pi * 440.0 * t)
    return write_audio(tmp_path / "master.wav", np.stack([tone, 0.8 * tone]), sample_rate_hz=SR)


@pytest.fixture
def tags(tmp_path: Path) -> AudioTags:
    cover = tmp_path / "cover.jpg"
    Image.new("RGB", (64, 64), (255, 46, 136)).save(cover, quality=92)
    return AudioTags(
        title="Neon Rain",
        artist="Nova Vale",
        album="Neon Rain – Single",
        year=2025,
        genre="Synthwave",
        isrc="QZABC2500001",
        track_number=1,
        cover_path=cover,
        lyrics="city lights are falling\nneon rain on me",
        synced_lyrics=[(0.5, "city lights are falling"), (1.25, "neon rain on me")],
    )


def test_mp3_tags_read_back(master_wav: Path, tags: AudioTags, tmp_path: Path) -> None:
    mp3 = export_mp3(master_wav, tmp_path / "song.mp3", tags=tags)
    assert mp3.read_bytes()[:3] == b"ID3"
    read = read_tags(mp3)
    assert read["title"] == "Neon Rain" and read["artist"] == "Nova Vale"
    assert (read["album"], read["year"], read["genre"]) == ("Neon Rain – Single", 2025, "Synthwave")
    assert read["isrc"] == "QZABC2500001"
    assert read["track_number"] == 1
    assert read["lyrics"] == "city lights are falling\nneon rain on me"
    assert read["synced_lyrics"] == [(0.5, "city lights are falling"), (1.25, "neon rain on me")]
    assert read["cover_mime"] == "image/jpeg"
    assert read["cover_bytes"] == tags.cover_path.stat().st_size  # type: ignore[union-attr]
    assert read["bitrate_kbps"] == 320
    assert read["duration_s"] == pytest.approx(2.0, abs=0.1)
    again = export_mp3(master_wav, tmp_path / "again.mp3", tags=tags)
    assert again.read_bytes() == mp3.read_bytes()  # deterministic (seeded dither)


def test_flac_tags_read_back_and_audio_is_lossless(
    master_wav: Path, tags: AudioTags, tmp_path: Path
) -> None:
    flac = export_flac(master_wav, tmp_path / "song.flac", tags=tags)
    read = read_tags(flac)
    assert (read["title"], read["artist"], read["isrc"]) == (
        "Neon Rain",
        "Nova Vale",
        "QZABC2500001",
    )
    assert read["year"] == 2025 and read["track_number"] == 1
    assert read["lyrics"].startswith("city lights")
    assert read["cover_mime"] == "image/jpeg" and read["cover_bytes"] > 0
    assert read["bits_per_sample"] == 24
    original, _ = sf.read(str(master_wav), dtype="int32")
    decoded, _ = sf.read(str(flac), dtype="int32")
    assert np.array_equal(original, decoded)


def test_export_rejects_bad_tags_and_formats(master_wav: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="isrc"):
        AudioTags(title="T", artist="A", isrc="NOT-AN-ISRC")
    plain = AudioTags(title="T", artist="A")
    with pytest.raises(InputError, match="bitrate"):
        export_mp3(master_wav, tmp_path / "x.mp3", tags=plain, bitrate_kbps=100)
    with pytest.raises(InputError, match=r"\.mp3 and \.flac"):
        read_tags(master_wav)
    assert read_tags(export_mp3(master_wav, tmp_path / "y.mp3", tags=plain))["isrc"] is None


def test_preview_is_a_faded_excerpt_with_tags(tags: AudioTags, tmp_path: Path) -> None:
    t = np.arange(40 * SR) / SR
    tone = (0.4 * np.sin(2 * np.pi * 330.0 * t)).astype(np.float32)
    song = write_audio(tmp_path / "song.wav", np.stack([tone, tone]), sample_rate_hz=SR)
    clip = preview_audio(np.stack([tone, tone]), sample_rate_hz=SR, start_s=5.0)
    assert clip.shape == (2, 30 * SR)
    assert np.array_equal(clip[:, 2 * SR : 3 * SR], np.stack([tone, tone])[:, 7 * SR : 8 * SR])
    assert abs(clip[0, 0]) < 1e-3 and abs(clip[0, -1]) < 1e-3  # faded in and out
    assert np.max(np.abs(clip[:, : SR // 2])) < 0.25  # half way through the 1 s fade-in
    short = preview_audio(np.stack([tone, tone]), sample_rate_hz=SR, start_s=25.0)
    assert short.shape[1] == 15 * SR  # the song ends first
    mp3 = export_preview(song, tmp_path / "preview.mp3", start_s=5.0, tags=tags)
    read = read_tags(mp3)
    assert read["duration_s"] == pytest.approx(30.0, abs=0.1)
    assert read["bitrate_kbps"] == 320 and read["isrc"] == "QZABC2500001"
    assert read["cover_mime"] == "image/jpeg"
    with pytest.raises(InputError, match="past the end"):
        preview_audio(np.stack([tone, tone]), sample_rate_hz=SR, start_s=50.0)
