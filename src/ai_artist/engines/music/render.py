"""The embedded renderer: each part through a SoundFont or a synthesized voice, effects, a sum.

Acoustic parts are rendered from their own single-track MIDI file by a SoundFont synthesizer
(FluidSynth when the system library is installed, else ``midirenderer``; see ``synth.py``);
parts named after a synthesized voice ("808 Bass", "Supersaw Pad", "Machine Drums", …) are
played by :mod:`ai_artist.engines.music.voices`. Each stem is processed by its role's
pedalboard chain from the genre style, ducked on every kick where the genre pumps
(sidechain), levelled, and written as ``<stems_dir>/<part>.wav`` (24-bit stereo). The
instrumental is the sum of the stems, scaled (with the stems) so its sample peak sits at
:data:`INSTRUMENTAL_PEAK_DBFS`; the last :data:`FADE_S` of the ring-out fade to silence.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import mmap
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ, db_to_gain, write_audio
from ai_artist.domain import Note, Part, Score
from ai_artist.engines.music.effects import effect_chain
from ai_artist.engines.music.midi import part_to_midi
from ai_artist.engines.music.soundfont import find_soundfont
from ai_artist.engines.music.styles import KICK, get_style
from ai_artist.engines.music.synth import fluidsynth_available, soundfont_synth
from ai_artist.engines.music.voices import render_part, voice_of
from ai_artist.errors import ProviderError

logger = logging.getLogger(__name__)

TAIL_S = 3.0
"""Ring-out after the last bar (seconds) so the held final chord and reverbs finish."""
FADE_S = 0.75
"""The end of the ring-out fades to silence over this many seconds."""
SIDECHAIN_RELEASE_BEATS = 0.4
"""How long (beats) a sidechain duck takes to recover after each kick."""
INSTRUMENTAL_PEAK_DBFS = -3.0
"""Sample peak of the instrumental sum (dBFS): headroom for the vocal and mastering."""
BLOCK_BARS = 4
"""Longest render block (bars); repeated blocks are synthesized once."""
EFFECT_TAIL_S = 4.0
"""Time (seconds) effects keep running after a passage ends (reverb and delay tails)."""
STEM_LEVEL_DBFS = -20.0
"""RMS level (dBFS) of each stem's playing passages before its ``gain_db``."""


class EmbeddedRenderer:
    """Renders scores offline with a SoundFont; stems in parallel on up to ``workers`` cores."""

    def __init__(
        self, *, workers: int | None = None, tail_s: float = TAIL_S, backend: str | None = None
    ) -> None:
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self.tail_s = tail_s
        self.backend = backend or ("fluidsynth" if fluidsynth_available() else "midirenderer")
        self.name = f"embedded-{self.backend}"

    def render(
        self,
        score: Score,
        *,
        stems_dir: Path,
        instrumental_path: Path,
        soundfont: Path | None = None,
    ) -> dict[str, Path]:
        """Write one stem per part and the instrumental; return stem paths by part name.

        ``score.genre`` picks the style's effect chains (generic light effects when empty).
        Stems and the instrumental are 44.1 kHz stereo 24-bit WAV, ``tail_s`` longer than
        the score; the stems add up to the instrumental (to 24-bit precision).
        """
        if not score.parts:
            raise ProviderError("the score has no instrument parts to render", provider=self.name)
        sf2_path = find_soundfont(soundfont)
        total_samples = round((score.duration_s + self.tail_s) * SAMPLE_RATE_HZ)
        blocks = render_blocks(score)
        kicks = kick_times_s(score)
        style = get_style(score.genre) if score.genre else None
        jobs = []
        for part in score.parts:
            _, role = voice_of(part.name)
            ducked = style is not None and role in style.sidechain_roles
            jobs.append(
                StemJob(
                    str(sf2_path),
                    part,
                    score.tempo_bpm,
                    total_samples,
                    score.genre or None,
                    blocks,
                    self.backend,
                    kicks if ducked else (),
                    style.sidechain_db if style is not None and ducked else 0.0,
                )
            )
        processed = self._run(jobs)
        mix = np.zeros_like(processed[0])
        for stem in processed:
            mix += stem
        peak = float(np.max(np.abs(mix)))
        if peak <= 0.0:
            raise ProviderError("the rendered instrumental is silent", provider=self.name)
        scale = np.float32(db_to_gain(INSTRUMENTAL_PEAK_DBFS) / peak)
        fade = round(min(FADE_S, self.tail_s) * SAMPLE_RATE_HZ)
        ramp = np.linspace(1.0, 0.0, fade, dtype=np.float32) ** 2 if fade else None
        for audio in (*processed, mix):
            audio *= scale
            if ramp is not None:
                audio[:, audio.shape[1] - fade :] *= ramp
        paths = {
            part.name: Path(stems_dir) / f"{_file_name(part.name)}.wav" for part in score.parts
        }
        targets = [*paths.values(), Path(instrumental_path)]
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            list(pool.map(write_audio, targets, [*processed, mix]))
        return paths

    def _run(self, jobs: list[StemJob]) -> list[np.ndarray]:
        # Stems render in worker processes, even with one worker: a synthesizer never lives
        # in this process, so forking it later cannot copy a synthesizer's held locks.
        # Workers write into shared memory made before the fork (no copying results back).
        # Longest jobs first so both cores finish together.
        order = sorted(range(len(jobs)), key=lambda i: -_cost(jobs[i].part))
        samples = jobs[0].total_samples
        size = len(jobs) * 2 * samples * 4
        token = next(_TOKENS)
        try:
            with mmap.mmap(-1, size) as shared:
                stems = np.frombuffer(shared, dtype=np.float32).reshape(len(jobs), 2, samples)
                _SHARED[token] = stems
                try:
                    context = multiprocessing.get_context("fork")
                    with ProcessPoolExecutor(
                        max_workers=max(1, self.workers), mp_context=context
                    ) as pool:
                        list(pool.map(_render_into, [(token, i, jobs[i]) for i in order]))
                    return [stems[i].copy() for i in range(len(jobs))]
                finally:
                    del stems
                    _SHARED.pop(token, None)
        except (BrokenProcessPool, OSError) as error:  # no subprocesses here: render serially
            logger.warning("parallel stem rendering unavailable (%s); rendering serially", error)
            return [render_stem(job) for job in jobs]


_SHARED: dict[int, np.ndarray] = {}
"""Shared output buffers of running renders (inherited by forked workers), by token."""
_TOKENS = itertools.count()


def _render_into(task: tuple[int, int, StemJob]) -> None:
    token, index, job = task
    _SHARED[token][index] = render_stem(job)


@dataclass(frozen=True)
class StemJob:
    """Everything one worker needs to render one part's stem. Times in beats."""

    sf2_path: str
    part: Part
    tempo_bpm: float
    total_samples: int
    genre: str | None
    blocks: tuple[float, ...]
    """Start beats of the render blocks (sections cut into ≤ BLOCK_BARS-bar pieces)."""
    backend: str
    kick_times_s: tuple[float, ...] = ()
    """Kick onsets (seconds) that duck this stem."""
    sidechain_db: float = 0.0
    """Depth of the duck on each kick (dB); 0 = no sidechain."""


def render_stem(job: StemJob) -> np.ndarray:
    """Synthesize, process and level one part: 44.1 kHz stereo float32, ``total_samples`` long.

    Synthesized voices play the notes directly (:func:`voices.render_part`). SoundFont notes
    are grouped into blocks; each distinct block (same notes relative to its start) is
    synthesized once with a ring-out and added at every place it occurs — exact for a dry
    SoundFont synthesizer, whose voices simply add up. Effects run over the passages where
    the part plays (plus :data:`EFFECT_TAIL_S`); then the sidechain duck and the level.
    """
    voice, role = voice_of(job.part.name)
    if voice is not None:
        audio = render_part(
            voice,
            role,
            job.part.notes,
            tempo_bpm=job.tempo_bpm,
            total_samples=job.total_samples,
        )
        busy = _note_spans(job.part.notes, job.tempo_bpm, job.total_samples)
    else:
        audio, busy = _soundfont_stem(job)
    chain = effect_chain(role, genre=job.genre, tempo_bpm=job.tempo_bpm)
    tail = round(EFFECT_TAIL_S * SAMPLE_RATE_HZ)
    for first, last in _merge(busy, gap=tail):
        stop = min(job.total_samples, last + tail)
        audio[:, first:stop] = chain(audio[:, first:stop])
    if job.sidechain_db > 0 and job.kick_times_s:
        audio *= duck_envelope(
            job.kick_times_s,
            job.total_samples,
            depth_db=job.sidechain_db,
            release_s=SIDECHAIN_RELEASE_BEATS * 60.0 / job.tempo_bpm,
        )
    return _level(audio, job.part)


def _soundfont_stem(job: StemJob) -> tuple[np.ndarray, list[tuple[int, int]]]:
    synth = soundfont_synth(job.sf2_path, job.backend)
    seconds_per_beat = 60.0 / job.tempo_bpm
    groups: dict[int, list[Note]] = {}
    for note in job.part.notes:
        index = max(0, bisect.bisect_right(job.blocks, note.start_beat + 1e-9) - 1)
        groups.setdefault(index, []).append(note)
    distinct: dict[tuple[tuple[float, ...], ...], bytes] = {}
    placed: list[tuple[int, tuple[tuple[float, ...], ...]]] = []
    for index, notes in sorted(groups.items()):
        origin = job.blocks[index]
        relative = [n.model_copy(update={"start_beat": n.start_beat - origin}) for n in notes]
        signature = tuple((n.pitch, n.start_beat, n.duration_beats, n.velocity) for n in relative)
        if signature not in distinct:
            end_beat = max(n.end_beat for n in relative) + TAIL_S / seconds_per_beat
            clip = job.part.model_copy(update={"notes": relative})
            distinct[signature] = part_to_midi(clip, tempo_bpm=job.tempo_bpm, end_beat=end_beat)
        placed.append((round(origin * seconds_per_beat * SAMPLE_RATE_HZ), signature))
    rendered = dict(zip(distinct, synth.render_many(list(distinct.values())), strict=True))
    audio = np.zeros((2, job.total_samples), dtype=np.float32)
    busy: list[tuple[int, int]] = []
    for offset, signature in placed:
        block = rendered[signature][:, : max(0, job.total_samples - offset)]
        audio[:, offset : offset + block.shape[1]] += block
        busy.append((offset, offset + block.shape[1]))
    return audio, busy


def _note_spans(notes: list[Note], tempo_bpm: float, total: int) -> list[tuple[int, int]]:
    rate = 60.0 / tempo_bpm * SAMPLE_RATE_HZ
    return [
        (min(total, round(n.start_beat * rate)), min(total, round(n.end_beat * rate) + 8192))
        for n in notes
    ]


def kick_times_s(score: Score) -> tuple[float, ...]:
    """Onsets (seconds) of the kick drum (GM 35/36) of the score's drum parts."""
    times = {
        round(score.beat_to_seconds(note.start_beat), 5)
        for part in score.parts
        if part.is_drum
        for note in part.notes
        if note.pitch in (35, KICK)
    }
    return tuple(sorted(times))


def duck_envelope(
    kick_times_s: tuple[float, ...], samples: int, *, depth_db: float, release_s: float
) -> np.ndarray:
    """Gain (float32, ``samples`` long) that dips ``depth_db`` at each kick and recovers.

    The dip takes 4 ms to reach full depth, then recovers with a smooth curve over
    ``release_s`` seconds — the pumping of a compressor keyed by the kick.
    """
    hop = 32
    frames = samples // hop + 1
    times = np.arange(frames, dtype=np.float64) * hop / SAMPLE_RATE_HZ
    kicks = np.asarray(kick_times_s, dtype=np.float64)
    index = np.searchsorted(kicks, times, side="right") - 1
    since = np.where(index >= 0, times - kicks[np.maximum(index, 0)], np.inf)
    attack = np.clip(since / 0.004, 0.0, 1.0)
    recover = np.clip((since - 0.004) / release_s, 0.0, 1.0)
    shape = np.where(since < 0.004, attack, 1.0 - recover * recover * (3 - 2 * recover))
    floor = 1.0 - db_to_gain(-depth_db)
    gain = 1.0 - floor * np.where(np.isfinite(since), shape, 0.0)
    return np.repeat(gain.astype(np.float32), hop)[:samples]


def render_blocks(score: Score) -> tuple[float, ...]:
    """Start beats of render blocks: each section cut into pieces of at most BLOCK_BARS bars."""
    starts: list[float] = []
    for section in score.sections:
        for bar in range(0, section.bars, BLOCK_BARS):
            starts.append(section.start_beat + bar * score.beats_per_bar)
    return tuple(starts)


def _merge(spans: list[tuple[int, int]], *, gap: int) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def _cost(part: Part) -> float:
    """Rough relative render cost: beats covered by notes plus a little per note."""
    bars = {int(n.start_beat // 4) for n in part.notes}
    return len(bars) + 0.01 * len(part.notes)


def _level(audio: np.ndarray, part: Part) -> np.ndarray:
    """Scale a stem so its playing passages sit at STEM_LEVEL_DBFS RMS, then apply gain_db."""
    block = 4096
    frames = audio.shape[1] // block
    if frames == 0:
        return audio
    usable = audio[:, : frames * block].reshape(2, frames, block)
    power = np.square(usable).mean(axis=(0, 2), dtype=np.float64)
    loudest = float(power.max())
    if loudest <= 1e-12:
        return audio
    rms = float(np.sqrt(power[power > loudest * 1e-4].mean()))
    audio *= np.float32(db_to_gain(STEM_LEVEL_DBFS + part.gain_db) / rms)
    return audio


def _file_name(part_name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in part_name.lower()).strip("-") or "part"
