"""Listen to an audio file: tempo, beats, downbeats, key, loudness and section boundaries.

Analysis runs on a 22050 Hz mono copy (hop 256 samples ≈ 11.6 ms); loudness and peak are
measured on the file's own samples. Times are in seconds, loudness in LUFS, peaks in dBFS.
WAV, FLAC, OGG/Opus, MP3 and AIFF are read by libsndfile; M4A/AAC (what some cloud music
APIs return) are decoded by the bundled ffmpeg. The file's first bytes must agree with its
extension, so a mislabelled file is named as such instead of failing somewhere inside.
"""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import numpy as np

from ai_artist.audio import peak_dbfs, read_audio_with_rate, resample
from ai_artist.domain import Analysis
from ai_artist.domain.score import PITCH_CLASSES
from ai_artist.errors import InputError

FORMATS: dict[str, str] = {
    ".wav": "wav",
    ".wave": "wav",
    ".flac": "flac",
    ".ogg": "ogg",
    ".oga": "ogg",
    ".opus": "ogg",
    ".mp3": "mp3",
    ".aiff": "aiff",
    ".aif": "aiff",
    ".m4a": "mp4",
    ".mp4": "mp4",
    ".aac": "aac",
}
"""Accepted file extensions and the container each must hold."""
ACCEPTED_SUFFIXES = tuple(FORMATS)
FFMPEG_FORMATS = ("mp4", "aac")
"""Containers decoded with ffmpeg (libsndfile reads the others)."""
CHROMA_LOW_HZ = 80.0
"""Spectrum below this (Hz) is left out of the key estimate, which reads a magnitude (not
power) chroma: low bass notes and kicks smear across pitch classes at the analysis
resolution, and power lets a few loud partials outvote the harmony."""
MIN_DURATION_S = 2.0
ANALYSIS_RATE_HZ = 22_050
HOP = 256
SILENCE_PEAK_DBFS = -80.0
TEMPO_PRIOR_BPM = 115.0
"""Centre of the tempo prior (BPM)."""
HIGH_BAND_MEL = 40
"""First of the 64 mel bands (≈ 2.9 kHz) of the high-band onset envelope (hats, shakers)."""
HIGH_BAND_WEIGHT = 0.5
"""Share of the high band's autocorrelation in the tempo score: hats mark the pulse of
half-time grooves (trap) whose kicks and snares alone suggest half the tempo."""

# Krumhansl–Kessler key profiles (C major / C minor), probe-tone ratings.
_MAJOR = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])


def analyze(path: Path | str) -> Analysis:
    """Measure an audio file (any of :data:`ACCEPTED_SUFFIXES`, at least 2 s, not silent).

    Raises :class:`InputError` naming the file when it is missing, not audio (corrupt), of
    an unsupported format, mislabelled (content and extension disagree), too short or silent.
    """
    path = Path(path)
    audio, rate_hz = read_any_audio(path)
    duration_s = audio.shape[1] / rate_hz
    if duration_s < MIN_DURATION_S:
        raise InputError(
            f"cannot analyze {path}: it lasts {duration_s:.2f} s; accepted: at least "
            f"{MIN_DURATION_S:.0f} s of audio"
        )
    peak = peak_dbfs(audio)
    if peak < SILENCE_PEAK_DBFS:
        raise InputError(
            f"cannot analyze {path}: the audio is silent (peak {peak:.1f} dBFS); accepted: "
            f"audio with a peak above {SILENCE_PEAK_DBFS:.0f} dBFS"
        )
    lufs = integrated_lufs(audio, rate_hz)
    if not np.isfinite(lufs):
        raise InputError(
            f"cannot analyze {path}: the audio is nearly silent (below −70 LUFS); accepted: "
            "audio with audible content"
        )
    mono = resample(audio.mean(axis=0, keepdims=True), rate_hz, ANALYSIS_RATE_HZ)[0]
    return _measure(mono, duration_s=duration_s, rate_hz=rate_hz, lufs=lufs, peak=peak)


def sniff_format(head: bytes) -> str | None:
    """The container of a file from its first bytes (wav, flac, ogg, mp3, aiff, mp4, aac)."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[4:8] == b"ftyp":
        return "mp4"
    if head[:3] == b"ID3":
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "aac" if head[1] & 0x06 == 0 else "mp3"
    return None


def read_any_audio(path: Path) -> tuple[np.ndarray, int]:
    """Float32 ``(channels, samples)`` audio and its rate (Hz) from any accepted file."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot analyze {path}: unsupported format '{path.suffix or '(none)'}'; "
            f"accepted: {', '.join(ACCEPTED_SUFFIXES)}"
        )
    if not path.is_file():
        raise InputError(f"audio file not found: {path}")
    with path.open("rb") as handle:
        head = handle.read(16)
    found = sniff_format(head)
    expected = FORMATS[suffix]
    if found is not None and found != expected:
        raise InputError(
            f"cannot analyze {path}: the file holds {found.upper()} data but is named "
            f"'{suffix}'; accepted: an extension that matches the content (rename it)"
        )
    if expected in FFMPEG_FORMATS:
        return _ffmpeg_decode(path)
    try:
        return read_audio_with_rate(path)
    except InputError as error:
        raise InputError(
            f"cannot decode audio file {path}: it is corrupt or not {expected.upper()} audio "
            f"({error.__cause__ or error}); accepted: readable {', '.join(ACCEPTED_SUFFIXES)} "
            "files"
        ) from error


def _ffmpeg_decode(path: Path) -> tuple[np.ndarray, int]:
    import imageio_ffmpeg

    rate_hz = 44_100
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-v", "error", "-nostdin", "-i", str(path),
        "-f", "f32le", "-ac", "2", "-ar", str(rate_hz), "-",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, check=False, timeout=600)
    if result.returncode != 0 or not result.stdout:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise InputError(
            f"cannot decode audio file {path}: {detail[-1] if detail else 'no audio'}. "
            f"Accepted: {', '.join(ACCEPTED_SUFFIXES)}"
        )
    audio = np.frombuffer(result.stdout, dtype=np.float32).reshape(-1, 2).T
    return np.ascontiguousarray(audio), rate_hz


def integrated_lufs(audio: np.ndarray, rate_hz: int) -> float:
    """Integrated loudness (LUFS, ITU-R BS.1770) of ``(channels, samples)`` audio."""
    import pyloudnorm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(pyloudnorm.Meter(rate_hz).integrated_loudness(audio.T.astype(np.float64)))


def _measure(
    mono: np.ndarray, *, duration_s: float, rate_hz: int, lufs: float, peak: float
) -> Analysis:
    import librosa

    sr = ANALYSIS_RATE_HZ
    stft = np.abs(librosa.stft(mono, n_fft=2048, hop_length=HOP))
    mel = librosa.feature.melspectrogram(S=stft**2, sr=sr, n_mels=64)
    mel_db = librosa.power_to_db(mel)
    onset = librosa.onset.onset_strength(S=mel_db, sr=sr, hop_length=HOP)
    high = librosa.onset.onset_strength(S=mel_db[HIGH_BAND_MEL:], sr=sr, hop_length=HOP)
    tempo_bpm, beats = _tempo_and_beats(onset, high)
    beat_times = librosa.frames_to_time(beats, sr=sr, hop_length=HOP)
    chroma = librosa.feature.chroma_stft(S=stft**2, sr=sr, hop_length=HOP, n_fft=2048)
    above = stft * (librosa.fft_frequencies(sr=sr, n_fft=2048) >= CHROMA_LOW_HZ)[:, None]
    key_chroma = librosa.feature.chroma_stft(S=above, sr=sr, hop_length=HOP, n_fft=2048)
    low_band = librosa.onset.onset_strength(S=mel_db[:8], sr=sr, hop_length=HOP)
    downbeat_times = _downbeats(beats, beat_times, low_band, chroma)
    key, mode, confidence = estimate_key(key_chroma)
    boundaries = _sections(mel_db, chroma, beats, downbeat_times, duration_s=duration_s)
    return Analysis(
        duration_s=round(duration_s, 4),
        sample_rate_hz=rate_hz,
        tempo_bpm=round(tempo_bpm, 2),
        beat_times_s=[round(float(t), 4) for t in beat_times],
        downbeat_times_s=[round(float(t), 4) for t in downbeat_times],
        key=key,
        mode=mode,
        key_confidence=round(confidence, 3),
        integrated_lufs=round(lufs, 2),
        peak_dbfs=round(peak, 2),
        section_boundaries_s=boundaries,
    )


def _autocorrelation(onset: np.ndarray) -> np.ndarray:
    centred = onset - onset.mean()
    spectrum = np.fft.rfft(centred, n=2 * len(centred))
    ac = np.fft.irfft(np.abs(spectrum) ** 2)[: len(centred)]
    if ac[0] <= 0:
        raise InputError("the audio has no rhythmic onsets to measure a tempo from")
    return ac / ac[0]


def estimate_tempo(onset: np.ndarray, high: np.ndarray | None = None) -> float:
    """Tempo (BPM, 50–200) from the onset-strength autocorrelation.

    Each candidate tempo scores the autocorrelation at its beat period and at 2 and 4 beats
    (the metrical levels above it) plus half at the half-beat (the level below), weighted by a
    log-normal prior centred on :data:`TEMPO_PRIOR_BPM` (one octave wide). Scoring the levels
    together keeps half/double and dotted (2/3) readings from winning. ``high`` (the onset
    envelope of the high band) joins with :data:`HIGH_BAND_WEIGHT`.
    """
    fps = ANALYSIS_RATE_HZ / HOP
    ac = _autocorrelation(onset)
    if high is not None and np.any(high > 0):
        ac = (1.0 - HIGH_BAND_WEIGHT) * ac + HIGH_BAND_WEIGHT * _autocorrelation(high)
    bpms = np.arange(50.0, 200.0, 0.25)
    lags = 60.0 * fps / bpms
    score = np.zeros_like(bpms)
    for multiple, weight in ((1.0, 1.0), (2.0, 1.0), (4.0, 1.0), (0.5, 0.5)):
        score += weight * np.interp(lags * multiple, np.arange(len(ac)), ac, right=0.0)
    prior = np.exp(-0.5 * np.log2(bpms / TEMPO_PRIOR_BPM) ** 2)
    return float(bpms[int(np.argmax(score * prior))])


def _tempo_and_beats(onset: np.ndarray, high: np.ndarray) -> tuple[float, np.ndarray]:
    """Tempo (BPM) and beat frames: :func:`estimate_tempo`, then librosa's beat tracker at that
    tempo, refined by a straight-line fit through the tracked beats."""
    import librosa

    estimate = estimate_tempo(onset, high)
    _, beats = librosa.beat.beat_track(
        onset_envelope=onset,
        sr=ANALYSIS_RATE_HZ,
        hop_length=HOP,
        bpm=estimate,
        tightness=400,
        trim=False,
    )
    beats = np.asarray(beats, dtype=int)
    if len(beats) < 4:
        return estimate, beats
    times = librosa.frames_to_time(beats, sr=ANALYSIS_RATE_HZ, hop_length=HOP)
    intervals = np.diff(times)
    median = float(np.median(intervals))
    if np.sum(np.abs(intervals - median) < 0.1 * median) >= 3:
        index = np.cumsum(np.concatenate([[0.0], np.rint(intervals / median)]))
        refined = 60.0 / float(np.polyfit(index, times, 1)[0])
        if abs(refined - estimate) / estimate < 0.03:
            return refined, beats
    return estimate, beats


CHORD_CHANGE_WEIGHT = 2.0
"""Weight of chord changes against bass onsets when finding the downbeat phase."""


def _downbeats(
    beats: np.ndarray, beat_times: np.ndarray, low_band: np.ndarray, chroma: np.ndarray
) -> np.ndarray:
    """Every 4th beat, starting at the phase with the strongest chord changes + bass onsets.

    Chord changes weigh :data:`CHORD_CHANGE_WEIGHT` times the bass onsets: harmony moves on
    the bar far more reliably than the kick and bass accent beat one."""
    if len(beats) < 4:
        return beat_times[:1]
    frames = np.clip(beats, 0, len(low_band) - 1)
    bass = low_band[frames] / (low_band[frames].max() + 1e-9)
    sync = np.stack([chroma[:, max(0, a - 4) : a + 12].mean(axis=1) for a in frames], axis=1)
    change = np.concatenate([[0.0], np.linalg.norm(np.diff(sync, axis=1), axis=0)])
    change = change / (change.max() + 1e-9)
    score = bass + CHORD_CHANGE_WEIGHT * change
    phase = int(np.argmax([score[p::4].mean() for p in range(4)]))
    return beat_times[phase::4]


FIFTH_PARTIAL = 0.2
"""Weight of each pitch class's fifth in the key templates: the 3rd harmonic of every note
sounds its fifth, which otherwise pulls the estimate toward the dominant key."""


def estimate_key(chroma: np.ndarray) -> tuple[str, str, float]:
    """Key, mode and confidence (0..1) by Krumhansl–Schmuckler profile correlation.

    The profiles are spread to the fifth above by :data:`FIFTH_PARTIAL`, as the chroma of
    real instruments is.
    """
    profile = chroma.mean(axis=1)
    templates = (
        ("major", _MAJOR + FIFTH_PARTIAL * np.roll(_MAJOR, 7)),
        ("minor", _MINOR + FIFTH_PARTIAL * np.roll(_MINOR, 7)),
    )
    scores: list[tuple[float, int, str]] = []
    for tonic in range(12):
        for mode, template in templates:
            r = float(np.corrcoef(profile, np.roll(template, tonic))[0, 1])
            scores.append((r, tonic, mode))
    scores.sort(reverse=True)
    best, tonic, mode = scores[0]
    values = np.array([s[0] for s in scores])
    weights = np.exp((values - values.max()) / 0.05)
    confidence = float(weights[0] / weights.sum()) * max(best, 0.0)
    return PITCH_CLASSES[tonic], mode, float(np.clip(confidence, 0.0, 1.0))


def _sections(
    mel_db: np.ndarray,
    chroma: np.ndarray,
    beats: np.ndarray,
    downbeat_times: np.ndarray,
    *,
    duration_s: float,
) -> list[float]:
    """A few section boundaries (seconds) by agglomerative clustering of beat-synchronous
    timbre and harmony, snapped to the nearest downbeat."""
    import librosa

    if len(beats) < 16:
        return []
    mfcc = librosa.feature.mfcc(S=mel_db, n_mfcc=13)
    features = np.vstack(
        [
            librosa.util.normalize(librosa.util.sync(mfcc, beats), axis=1),
            librosa.util.normalize(librosa.util.sync(chroma, beats), axis=1),
        ]
    )
    count = int(np.clip(round(duration_s / 20.0), 2, 10))
    bounds = librosa.segment.agglomerative(features, count)
    beat_frames = np.concatenate([[0], beats])
    times = librosa.frames_to_time(
        beat_frames[np.clip(bounds, 0, len(beat_frames) - 1)], sr=ANALYSIS_RATE_HZ, hop_length=HOP
    )
    result: list[float] = []
    for t in times:
        if len(downbeat_times):
            nearest = float(downbeat_times[np.argmin(np.abs(downbeat_times - t))])
            t = nearest if abs(nearest - t) < 1.0 else float(t)
        if 1.0 < t < duration_s - 1.0 and (not result or t - result[-1] > 2.0):
            result.append(round(float(t), 3))
    return result
