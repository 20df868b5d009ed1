"""Delivery formats: MP3 (LAME, ID3v2.4) and FLAC (Vorbis comments + picture), tags read back.

MP3 gets title, artist, album, year, genre, ISRC, track number, cover (APIC), unsynced (USLT)
and synced (SYLT, milliseconds) lyrics. FLAC gets the same as Vorbis comments, the cover as a
PICTURE block and the plain lyrics (synced lyrics ship as the release's ``.lrc`` file).
A preview is a faded excerpt (30 s of the chorus) as a tagged MP3.
Files are written to a temporary name, tagged, then renamed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import lameenc
import numpy as np
import soundfile as sf
from mutagen.flac import FLAC, Picture
from mutagen.id3 import (
    APIC,
    ID3,
    SYLT,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TPE1,
    TRCK,
    TSRC,
    USLT,
    Encoding,
    ID3NoHeaderError,
)
from mutagen.mp3 import MP3
from pydantic import BaseModel, ConfigDict, Field

from ai_artist.audio import read_audio_with_rate
from ai_artist.domain.release import ISRC_PATTERN
from ai_artist.errors import InputError
from ai_artist.files import atomic_path

MP3_BITRATES_KBPS = (128, 160, 192, 224, 256, 320)
PREVIEW_S = 30.0
"""Length of the chorus preview (seconds)."""
PREVIEW_FADE_IN_S = 1.0
"""Fade-in of the preview (seconds)."""
PREVIEW_FADE_OUT_S = 2.0
"""Fade-out of the preview (seconds)."""
_DITHER_SEED = 20_240_601
_COVER_TYPE_FRONT = 3
_SYLT_MILLISECONDS = 2
_SYLT_LYRICS = 1


class AudioTags(BaseModel):
    """Metadata written into delivery files. ``year`` is the release year (e.g. 2025)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    artist: str = Field(min_length=1)
    album: str = ""
    year: int | None = Field(None, ge=1900, le=2999)
    genre: str = ""
    isrc: str | None = Field(None, pattern=ISRC_PATTERN)
    track_number: int | None = Field(None, ge=1)
    cover_path: Path | None = None
    lyrics: str | None = None
    synced_lyrics: list[tuple[float, str]] = Field(
        default_factory=list, description="(start time in seconds, line text) pairs."
    )
    language: str = Field("eng", pattern=r"^[a-z]{3}$", description="ISO 639-2 lyric language.")


def _cover_bytes(tags: AudioTags) -> tuple[bytes, str] | None:
    if tags.cover_path is None:
        return None
    path = Path(tags.cover_path)
    if not path.is_file():
        raise InputError(f"cover image not found: {path}")
    data = path.read_bytes()
    if data[:3] == b"\xff\xd8\xff":
        return data, "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return data, "image/png"
    raise InputError(f"cover {path} must be a JPEG or PNG image")


def _pcm16(audio: np.ndarray) -> bytes:
    """Interleaved 16-bit PCM with TPDF dither (fixed seed, so encodes are reproducible)."""
    rng = np.random.default_rng(_DITHER_SEED)
    dither = rng.random(audio.shape) - rng.random(audio.shape)
    scaled = np.clip(audio.astype(np.float64) * 32767.0 + dither, -32768, 32767)
    return np.round(scaled).astype("<i2").T.tobytes()


def _write_mp3(
    audio: np.ndarray, sample_rate_hz: int, mp3_path: Path, *, tags: AudioTags, bitrate_kbps: int
) -> Path:
    if bitrate_kbps not in MP3_BITRATES_KBPS:
        raise InputError(f"MP3 bitrate must be one of {MP3_BITRATES_KBPS} kbps, got {bitrate_kbps}")
    if audio.shape[0] > 2:
        raise InputError(f"audio has {audio.shape[0]} channels; MP3 takes mono or stereo")
    cover = _cover_bytes(tags)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate_kbps)
    encoder.set_in_sample_rate(sample_rate_hz)
    encoder.set_channels(audio.shape[0])
    encoder.set_quality(3)  # LAME default algorithm quality: near-best, 40 % faster than 2
    encoded = bytes(encoder.encode(_pcm16(audio))) + bytes(encoder.flush())
    with atomic_path(mp3_path, suffix=".mp3") as tmp:
        tmp.write_bytes(encoded)
        _write_id3(tmp, tags, cover)
    return Path(mp3_path)


def export_mp3(wav_path: Path, mp3_path: Path, *, tags: AudioTags, bitrate_kbps: int = 320) -> Path:
    """Encode ``wav_path`` to a CBR MP3 at ``bitrate_kbps`` with ID3v2.4 tags; return the path."""
    audio, rate = read_audio_with_rate(wav_path)
    return _write_mp3(audio, rate, mp3_path, tags=tags, bitrate_kbps=bitrate_kbps)


def preview_audio(
    audio: np.ndarray,
    *,
    sample_rate_hz: int,
    start_s: float,
    duration_s: float = PREVIEW_S,
    fade_in_s: float = PREVIEW_FADE_IN_S,
    fade_out_s: float = PREVIEW_FADE_OUT_S,
) -> np.ndarray:
    """``duration_s`` seconds of ``(channels, samples)`` audio from ``start_s`` with
    raised-cosine fades in and out (seconds); shorter when the audio ends first."""
    if start_s < 0 or duration_s <= 0 or fade_in_s < 0 or fade_out_s < 0:
        raise InputError(
            f"preview start ({start_s} s), length ({duration_s} s) and fades "
            f"({fade_in_s} s, {fade_out_s} s) must not be negative"
        )
    first = round(start_s * sample_rate_hz)
    if first >= audio.shape[-1]:
        raise InputError(
            f"preview start {start_s} s is past the end of the audio "
            f"({audio.shape[-1] / sample_rate_hz:.2f} s)"
        )
    clip = np.array(audio[..., first : first + round(duration_s * sample_rate_hz)], np.float32)
    samples = clip.shape[-1]
    for length_s, rising in ((fade_in_s, True), (fade_out_s, False)):
        count = min(samples, round(length_s * sample_rate_hz))
        if count == 0:
            continue
        ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(count) + 0.5) / count)
        if rising:
            clip[..., :count] *= ramp.astype(np.float32)
        else:
            clip[..., samples - count :] *= ramp[::-1].astype(np.float32)
    return clip


def export_preview(
    wav_path: Path,
    mp3_path: Path,
    *,
    start_s: float,
    tags: AudioTags,
    duration_s: float = PREVIEW_S,
    bitrate_kbps: int = 320,
) -> Path:
    """A ``duration_s`` (default 30 s) MP3 of ``wav_path`` from ``start_s`` (seconds) with a
    1 s fade-in and a 2 s fade-out, tagged like the full track; return the path."""
    audio, rate = read_audio_with_rate(wav_path)
    clip = preview_audio(audio, sample_rate_hz=rate, start_s=start_s, duration_s=duration_s)
    return _write_mp3(clip, rate, mp3_path, tags=tags, bitrate_kbps=bitrate_kbps)


def _write_id3(path: Path, tags: AudioTags, cover: tuple[bytes, str] | None) -> None:
    utf8 = Encoding.UTF8
    id3 = ID3()
    id3.add(TIT2(encoding=utf8, text=tags.title))
    id3.add(TPE1(encoding=utf8, text=tags.artist))
    if tags.album:
        id3.add(TALB(encoding=utf8, text=tags.album))
    if tags.year is not None:
        id3.add(TDRC(encoding=utf8, text=str(tags.year)))
    if tags.genre:
        id3.add(TCON(encoding=utf8, text=tags.genre))
    if tags.isrc:
        id3.add(TSRC(encoding=utf8, text=tags.isrc))
    if tags.track_number is not None:
        id3.add(TRCK(encoding=utf8, text=str(tags.track_number)))
    if cover is not None:
        data, mime = cover
        id3.add(APIC(encoding=utf8, mime=mime, type=_COVER_TYPE_FRONT, desc="Cover", data=data))
    if tags.lyrics:
        id3.add(USLT(encoding=utf8, lang=tags.language, desc="", text=tags.lyrics))
    if tags.synced_lyrics:
        pairs = [(text, max(0, round(start_s * 1000))) for start_s, text in tags.synced_lyrics]
        id3.add(
            SYLT(
                encoding=utf8,
                lang=tags.language,
                format=_SYLT_MILLISECONDS,
                type=_SYLT_LYRICS,
                desc="",
                text=sorted(pairs, key=lambda pair: pair[1]),
            )
        )
    id3.save(str(path), v2_version=4)


def export_flac(wav_path: Path, flac_path: Path, *, tags: AudioTags) -> Path:
    """Encode ``wav_path`` losslessly to FLAC (24-bit unless the source is 16-bit) with tags."""
    audio, rate = read_audio_with_rate(wav_path)
    source_subtype = sf.info(str(wav_path)).subtype
    subtype = "PCM_16" if source_subtype in {"PCM_16", "PCM_S8", "PCM_U8"} else "PCM_24"
    cover = _cover_bytes(tags)
    with atomic_path(flac_path, suffix=".flac") as tmp:
        sf.write(str(tmp), audio.T, rate, format="FLAC", subtype=subtype)
        flac = FLAC(str(tmp))
        comments: dict[str, str | None] = {
            "TITLE": tags.title,
            "ARTIST": tags.artist,
            "ALBUM": tags.album or None,
            "DATE": str(tags.year) if tags.year is not None else None,
            "GENRE": tags.genre or None,
            "ISRC": tags.isrc,
            "TRACKNUMBER": str(tags.track_number) if tags.track_number is not None else None,
            "LYRICS": tags.lyrics,
            "LANGUAGE": tags.language,
        }
        for key, value in comments.items():
            if value:
                flac[key] = value
        if cover is not None:
            picture = Picture()
            picture.type = _COVER_TYPE_FRONT
            picture.mime = cover[1]
            picture.desc = "Cover"
            picture.data = cover[0]
            flac.add_picture(picture)
        flac.save()
    return Path(flac_path)


def read_tags(path: Path) -> dict[str, Any]:
    """Main tags of an MP3 or FLAC file.

    Keys: ``title``, ``artist``, ``album``, ``year``, ``genre``, ``isrc``, ``track_number``,
    ``lyrics``, ``synced_lyrics`` (list of (seconds, text)), ``cover_mime``, ``cover_bytes``
    (size), ``duration_s``, ``sample_rate_hz``, ``format`` (``"mp3"`` / ``"flac"``).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"audio file not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".mp3":
        return _read_mp3(path)
    if suffix == ".flac":
        return _read_flac(path)
    raise InputError(f"cannot read tags of {path}: accepted formats are .mp3 and .flac")


def _int_or_none(value: str | None) -> int | None:
    if not value:
        return None
    head = value.split("/")[0].strip()[:4]
    return int(head) if head.isdigit() else None


def _read_mp3(path: Path) -> dict[str, Any]:
    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()

    def text(frame_id: str) -> str | None:
        frame = id3.get(frame_id)
        return str(frame.text[0]) if frame is not None and frame.text else None

    uslt = id3.getall("USLT")
    sylt = id3.getall("SYLT")
    apic = id3.getall("APIC")
    info = MP3(str(path)).info
    return {
        "format": "mp3",
        "title": text("TIT2"),
        "artist": text("TPE1"),
        "album": text("TALB"),
        "year": _int_or_none(text("TDRC")),
        "genre": text("TCON"),
        "isrc": text("TSRC"),
        "track_number": _int_or_none(text("TRCK")),
        "lyrics": str(uslt[0].text) if uslt else None,
        "synced_lyrics": [(ms / 1000.0, line) for line, ms in sylt[0].text] if sylt else [],
        "cover_mime": apic[0].mime if apic else None,
        "cover_bytes": len(apic[0].data) if apic else 0,
        "duration_s": float(info.length),
        "sample_rate_hz": int(info.sample_rate),
        "bitrate_kbps": round(info.bitrate / 1000),
    }


def _read_flac(path: Path) -> dict[str, Any]:
    flac = FLAC(str(path))

    def text(key: str) -> str | None:
        values = flac.get(key)
        return str(values[0]) if values else None

    pictures = flac.pictures
    return {
        "format": "flac",
        "title": text("TITLE"),
        "artist": text("ARTIST"),
        "album": text("ALBUM"),
        "year": _int_or_none(text("DATE")),
        "genre": text("GENRE"),
        "isrc": text("ISRC"),
        "track_number": _int_or_none(text("TRACKNUMBER")),
        "lyrics": text("LYRICS"),
        "synced_lyrics": [],
        "cover_mime": pictures[0].mime if pictures else None,
        "cover_bytes": len(pictures[0].data) if pictures else 0,
        "duration_s": float(flac.info.length),
        "sample_rate_hz": int(flac.info.sample_rate),
        "bits_per_sample": int(flac.info.bits_per_sample),
    }
