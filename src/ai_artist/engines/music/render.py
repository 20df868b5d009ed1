"""The embedded renderer: each part through a General MIDI SoundFont, light effects, a sum.

Each part is rendered from its own single-track MIDI file by a SoundFont synthesizer
(FluidSynth when the system library is installed, else ``midirenderer``; see ``synth.py``),
processed by the style's pedalboard chain, levelled, and written as
``<stems_dir>/<part>.wav`` (24-bit stereo). The instrumental is the sum of the stems,
scaled (with the stems) so its sample peak sits at :data:`INSTRUMENTAL_PEAK_DBFS`.
"""

from __future__ import annotations

import bisect
import logging
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
from ai_artist.engines.music.synth import fluidsynth_available, soundfont_synth
from ai_artist.errors import ProviderError

logger = logging.getLogger(__name__)

TAIL_S = 2.0
"""Ring-out after the last bar (seconds) so reverbs and releases finish."""
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
        jobs = [
            StemJob(
                str(sf2_path),
                part,
                score.tempo_bpm,
                total_samples,
                score.genre or None,
                blocks,
                self.backend,
            )
            for part in score.parts
        ]
        processed = self._run(jobs)
        mix = np.zeros_like(processed[0])
        for stem in processed:
            mix += stem
        peak = float(np.max(np.abs(mix)))
        if peak <= 0.0:
            raise ProviderError("the rendered instrumental is silent", provider=self.name)
        scale = np.float32(db_to_gain(INSTRUMENTAL_PEAK_DBFS) / peak)
        for audio in (*processed, mix):
            audio *= scale
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
        # Longest jobs first so both cores finish together.
        order = sorted(range(len(jobs)), key=lambda i: -_cost(jobs[i].part))
        results: dict[int, np.ndarray] = {}
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=max(1, self.workers), mp_context=context) as pool:
                for index, audio in zip(
                    order, pool.map(render_stem, [jobs[i] for i in order]), strict=True
                ):
                    results[index] = audio
        except (BrokenProcessPool, OSError) as error:  # no subprocesses here: render serially
            logger.warning("parallel stem rendering unavailable (%s); rendering serially", error)
            return [render_stem(job) for job in jobs]
        return [results[i] for i in range(len(jobs))]


@dataclass(frozen=True)
class StemJob:
    """Everything one worker needs to render one part's stem. Times in beats."""

    sf2_path: str
    part: Part
    tempo_bpm: float
    total_samples: int
    genre: str | None
    blocks: tuple[float, ...]
    backend: str
    """Start beats of the render blocks (sections cut into ≤ BLOCK_BARS-bar pieces)."""


def render_stem(job: StemJob) -> np.ndarray:
    """Synthesize, process and level one part: 44.1 kHz stereo float32, ``total_samples`` long.

    Notes are grouped into blocks; each distinct block (same notes relative to its start) is
    synthesized once with a ring-out and added at every place it occurs — exact for a dry
    SoundFont synthesizer, whose voices simply add up. Effects run over the passages where
    the part plays (plus :data:`EFFECT_TAIL_S`).
    """
    synth = soundfont_synth(job.sf2_path, job.backend)
    seconds_per_beat = 60.0 / job.tempo_bpm
    groups: dict[int, list[Note]] = {}
    for note in job.part.notes:
        index = max(0, bisect.bisect_right(job.blocks, note.start_beat + 1e-9) - 1)
        groups.setdefault(index, []).append(note)
    rendered: dict[tuple[tuple[float, ...], ...], np.ndarray] = {}
    audio = np.zeros((2, job.total_samples), dtype=np.float32)
    busy: list[tuple[int, int]] = []
    for index, notes in sorted(groups.items()):
        origin = job.blocks[index]
        relative = [n.model_copy(update={"start_beat": n.start_beat - origin}) for n in notes]
        signature = tuple((n.pitch, n.start_beat, n.duration_beats, n.velocity) for n in relative)
        if signature not in rendered:
            end_beat = max(n.end_beat for n in relative) + TAIL_S / seconds_per_beat
            clip = job.part.model_copy(update={"notes": relative})
            midi = part_to_midi(clip, tempo_bpm=job.tempo_bpm, end_beat=end_beat)
            rendered[signature] = synth.render(midi)
        offset = round(origin * seconds_per_beat * SAMPLE_RATE_HZ)
        block = rendered[signature][:, : max(0, job.total_samples - offset)]
        audio[:, offset : offset + block.shape[1]] += block
        busy.append((offset, offset + block.shape[1]))
    chain = effect_chain(job.part.name, genre=job.genre, tempo_bpm=job.tempo_bpm)
    tail = round(EFFECT_TAIL_S * SAMPLE_RATE_HZ)
    for first, last in _merge(busy, gap=tail):
        stop = min(job.total_samples, last + tail)
        audio[:, first:stop] = chain(audio[:, first:stop])
    return _level(audio, job.part)


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
