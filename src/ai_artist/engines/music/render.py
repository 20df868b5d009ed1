"""The embedded renderer: each part through a SoundFont or a synthesized voice, effects, a sum.

Acoustic parts are rendered from their own single-track MIDI file by a SoundFont synthesizer
(FluidSynth when the system library is installed, else ``midirenderer``; see ``synth.py``);
parts named after a synthesized voice ("808 Bass", "Supersaw Pad", "Machine Drums", …) are
played by :mod:`ai_artist.engines.music.voices`. Each stem is processed by its role's
pedalboard chain from the genre style, ducked on every kick where the genre pumps
(sidechain), levelled to :data:`STEM_LEVEL_DBFS` plus the part's gain, faded to silence
over the last :data:`FADE_S` of the ring-out, and written as ``<stems_dir>/<part>.wav``
(32-bit float) as soon as it is ready. The instrumental is the sum of the stems, scaled so
its sample peak sits at :data:`INSTRUMENTAL_PEAK_DBFS`.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import mmap
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ai_artist.audio import SAMPLE_RATE_HZ, db_to_gain, write_audio
from ai_artist.domain import Note, Part, Score
from ai_artist.engines.music.effects import effect_chain, role_effects
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
STEM_LEVEL_DBFS = -28.0
"""RMS level (dBFS) of each stem's playing passages before its ``gain_db``: low enough that
the stems' sum peaks under 0 dBFS in every genre (measured over 30 songs: −12 to −1 dBFS)."""
STEM_SUBTYPE = "FLOAT"
"""Stems and the instrumental are working files: 32-bit float WAV, no quantisation between
stages (and half the write time of 24-bit)."""
RELEASE_SCALES: tuple[tuple[range, float], ...] = ((range(88, 96), 1 / 3), (range(48, 56), 0.5))
"""Release-time factors by GM program: synth pads (89–96 in GM's 1-based numbering) to a
third, string/choir ensembles (49–56) to half. Applied by FluidSynth only."""


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
        Stems and the instrumental are 44.1 kHz stereo 32-bit float WAV (working files for
        the mix), ``tail_s`` longer than the score. The instrumental is the sum of the stems
        times one gain that puts its sample peak at :data:`INSTRUMENTAL_PEAK_DBFS`.
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
                    round(min(FADE_S, self.tail_s) * SAMPLE_RATE_HZ),
                )
            )
        paths = [Path(stems_dir) / f"{_file_name(part.name)}.wav" for part in score.parts]
        stems = _shared_stems(len(jobs), total_samples)
        # Each stem is written as soon as it is ready, while the workers go on rendering.
        with ThreadPoolExecutor(max_workers=2) as writer:
            writes = [
                writer.submit(write_audio, paths[index], stems[index], subtype=STEM_SUBTYPE)
                for index in self._run(jobs, stems)
            ]
            mix = stems.sum(axis=0)  # in part order: the same sum whatever finished first
            peak = float(np.max(np.abs(mix)))
            if peak <= 0.0:
                raise ProviderError("the rendered instrumental is silent", provider=self.name)
            mix *= np.float32(db_to_gain(INSTRUMENTAL_PEAK_DBFS) / peak)
            writes.append(writer.submit(write_audio, instrumental_path, mix, subtype=STEM_SUBTYPE))
            for write in writes:
                write.result()
        return {part.name: path for part, path in zip(score.parts, paths, strict=True)}

    def _run(self, jobs: list[StemJob], stems: np.ndarray) -> Iterator[int]:
        """Render every job into ``stems[index]`` (shared memory); yield each index when done.

        Up to ``workers`` stems render at once, in worker processes.
        """
        # Stems render in worker processes, even with one worker: a synthesizer never lives
        # in this process, so forking it later cannot copy a synthesizer's held locks.
        # Workers write into shared memory made before the fork (no copying results back).
        # Dearest jobs first, so the cores finish together (longest-processing-time order).
        order = sorted(range(len(jobs)), key=lambda i: -job_cost(jobs[i]))
        token = next(_TOKENS)
        _SHARED[token] = stems
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=max(1, self.workers), mp_context=context)
        try:
            try:
                futures = {pool.submit(_render_into, (token, i, jobs[i])): i for i in order}
            except OSError as error:  # no subprocesses here: render serially
                logger.warning("parallel rendering unavailable (%s); rendering serially", error)
                for index, job in enumerate(jobs):
                    render_stem(job, out=stems[index])
                    yield index
                return
            for future in as_completed(futures):
                try:
                    future.result()
                except BrokenProcessPool as error:
                    raise ProviderError(
                        f"a stem worker process died while rendering ({error})",
                        provider=self.name,
                    ) from error
                yield futures[future]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            _SHARED.pop(token, None)


def _shared_stems(count: int, samples: int) -> np.ndarray:
    """A zeroed float32 ``(count, 2, samples)`` array in anonymous shared memory.

    Forked workers inherit the mapping, so what they write is seen here without copying.
    The mapping is freed with the last array that views it.
    """
    shared = mmap.mmap(-1, count * 2 * samples * 4)
    return np.frombuffer(shared, dtype=np.float32).reshape(count, 2, samples)


_SHARED: dict[int, np.ndarray] = {}
"""Shared output buffers of running renders (inherited by forked workers), by token."""
_TOKENS = itertools.count()


def _render_into(task: tuple[int, int, StemJob]) -> None:
    token, index, job = task
    render_stem(job, out=_SHARED[token][index])


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
    fade_samples: int = 0
    """The stem's last samples fade to silence over this many samples."""


def render_stem(job: StemJob, out: np.ndarray | None = None) -> np.ndarray:
    """Synthesize, process and level one part: 44.1 kHz stereo float32, ``total_samples`` long.

    The stem is built in ``out`` (a zeroed ``(2, total_samples)`` float32 array) when given,
    else in a new array; that array is returned.

    Synthesized voices play the notes directly (:func:`voices.render_part`). SoundFont notes
    are grouped into blocks; each distinct block (same notes relative to its start) is
    synthesized once with a ring-out and added at every place it occurs — exact for a dry
    SoundFont synthesizer, whose voices simply add up. Effects run over the passages where
    the part plays (plus :data:`EFFECT_TAIL_S`); then the sidechain duck and the level.
    """
    audio = out if out is not None else np.zeros((2, job.total_samples), dtype=np.float32)
    voice, role = voice_of(job.part.name)
    if voice is not None:
        audio[:] = render_part(
            voice,
            role,
            job.part.notes,
            tempo_bpm=job.tempo_bpm,
            total_samples=job.total_samples,
        )
        busy = _note_spans(job.part.notes, job.tempo_bpm, job.total_samples)
    else:
        busy = _soundfont_stem(job, audio)
    chain = effect_chain(role, genre=job.genre, tempo_bpm=job.tempo_bpm, dc_block=voice is None)
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
    _level(audio, job.part)
    if job.fade_samples:
        ramp = np.linspace(1.0, 0.0, job.fade_samples, dtype=np.float32) ** 2
        audio[:, audio.shape[1] - job.fade_samples :] *= ramp
    return audio


def _soundfont_stem(job: StemJob, audio: np.ndarray) -> list[tuple[int, int]]:
    """Add the part's SoundFont audio into ``audio``; return the sample spans it covers.

    Notes are cut into the render blocks; each distinct block is synthesized once (with a
    :data:`TAIL_S` ring-out) and placed wherever it occurs. When the distinct blocks add
    up to more audio than the part from its first block to its end (a humanized part
    rarely repeats exactly), the part is synthesized in one piece instead.
    """
    synth = soundfont_synth(job.sf2_path, job.backend)
    seconds_per_beat = 60.0 / job.tempo_bpm
    tail_beats = TAIL_S / seconds_per_beat
    groups: dict[int, list[Note]] = {}
    for note in job.part.notes:
        index = max(0, bisect.bisect_right(job.blocks, note.start_beat + 1e-9) - 1)
        groups.setdefault(index, []).append(note)
    if not groups:
        return []
    clips: dict[tuple[tuple[float, ...], ...], list[Note]] = {}
    placed: list[tuple[float, tuple[tuple[float, ...], ...]]] = []
    for index, notes in sorted(groups.items()):
        origin = job.blocks[index]
        relative = [n.model_copy(update={"start_beat": n.start_beat - origin}) for n in notes]
        signature = tuple((n.pitch, n.start_beat, n.duration_beats, n.velocity) for n in relative)
        clips.setdefault(signature, relative)
        placed.append((origin, signature))
    blocks_beats = sum(max(n.end_beat for n in notes) + tail_beats for notes in clips.values())
    origin = placed[0][0]
    if blocks_beats >= max(n.end_beat for n in job.part.notes) - origin + tail_beats:
        whole = [n.model_copy(update={"start_beat": n.start_beat - origin}) for n in job.part.notes]
        clips, placed = {(): whole}, [(origin, ())]
    midis = [
        part_to_midi(
            job.part.model_copy(update={"notes": notes}),
            tempo_bpm=job.tempo_bpm,
            end_beat=max(n.end_beat for n in notes) + tail_beats,
        )
        for notes in clips.values()
    ]
    audio_blocks = synth.render_many(midis, release_scale=release_scale(job.part))
    rendered = dict(zip(clips, audio_blocks, strict=True))
    busy: list[tuple[int, int]] = []
    for start_beat, signature in placed:
        offset = round(start_beat * seconds_per_beat * SAMPLE_RATE_HZ)
        block = rendered[signature][:, : max(0, job.total_samples - offset)]
        audio[:, offset : offset + block.shape[1]] += block
        busy.append((offset, offset + block.shape[1]))
    return busy


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


EFFECT_COST: dict[str, float] = {
    "reverb": 1.0, "phaser": 1.4, "distortion": 0.8, "ladder": 0.6, "chorus": 0.4,
    "wow": 0.4, "delay": 0.35, "compressor": 0.35, "lowpass": 0.2, "highpass": 0.2,
    "bitcrush": 0.1, "saturation": 0.1, "gain": 0.05,
}  # fmt: skip
"""Processing time of each effect over a whole stem, relative to a reverb's (measured)."""
SYNTH_COST = {"voice": 0.8, "soundfont": 1.0, "sustained": 2.0, "drums": 1.2}
"""Synthesis time of a whole stem relative to a reverb's: a synthesized voice, a SoundFont
part, a SoundFont part with a sustained (pad or ensemble) program, SoundFont drums."""


def job_cost(job: StemJob) -> float:
    """Estimated render time of a stem (relative units) to schedule the dearest first.

    The share of the song's bars the part plays times the cost of synthesizing it plus
    its effect chain (with the DC blocker of SoundFont parts).
    """
    part = job.part
    voice, role = voice_of(part.name)
    if voice is not None:
        synth = SYNTH_COST["voice"]
    elif part.is_drum:
        synth = SYNTH_COST["drums"]
    else:
        synth = SYNTH_COST["sustained" if release_scale(part) < 1.0 else "soundfont"]
    effects = (EFFECT_COST["highpass"] if voice is None else 0.0) + sum(
        EFFECT_COST.get(effect.kind, 0.5) for effect in role_effects(role, genre=job.genre)
    )
    song_bars = max(1.0, job.total_samples / SAMPLE_RATE_HZ * job.tempo_bpm / 240.0)
    bars = {
        bar
        for note in part.notes
        for bar in range(int(note.start_beat // 4), int(note.end_beat // 4) + 1)
    }
    return min(1.0, len(bars) / song_bars) * (synth + effects)


def release_scale(part: Part) -> float:
    """Factor on the SoundFont release time of ``part`` (1 = the font's own).

    Pads and ensembles (strings, choirs) in GM fonts ring for 2–10 s after a note ends;
    played as chords changing every bar or two, several chords would smear together and
    the synthesizer would run five times the voices. Their release is shortened (the
    stem's reverb supplies the tail) — see :data:`RELEASE_SCALES`.
    """
    if part.is_drum:
        return 1.0
    for programs, scale in RELEASE_SCALES:
        if part.program in programs:
            return scale
    return 1.0


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
