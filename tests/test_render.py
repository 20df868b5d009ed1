"""Rendering a score to stems and an instrumental with the embedded SoundFont renderer."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from ai_artist.audio import read_audio
from ai_artist.domain import Score
from ai_artist.engines.music import EmbeddedComposer, EmbeddedRenderer, Renderer, find_soundfont
from ai_artist.engines.music.soundfont import SYSTEM_SOUNDFONT, bundled_soundfont
from ai_artist.errors import InputError
from factories import make_artist, make_plan, make_score

TAIL_S = 3.0


@pytest.fixture(scope="module")
def score() -> Score:
    """An 8-bar synthwave score (verse + chorus) at 100 BPM: 19.2 s."""
    return EmbeddedComposer().compose(make_plan(seed=3), make_artist())


@pytest.fixture(scope="module")
def rendered(score: Score, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("render")
    stems = EmbeddedRenderer().render(
        score,
        stems_dir=out / "stems",
        instrumental_path=out / "instrumental.wav",
    )
    return stems, out / "instrumental.wav"


def _rms_dbfs(audio: np.ndarray) -> float:
    return 20 * np.log10(float(np.sqrt(np.mean(np.square(audio, dtype=np.float64)))) + 1e-12)


def test_one_stem_per_part_with_equal_lengths(score: Score, rendered: tuple[dict, Path]) -> None:
    stems, instrumental = rendered
    assert isinstance(EmbeddedRenderer(), Renderer)
    assert set(stems) == {part.name for part in score.parts}
    expected_s = score.duration_s + TAIL_S
    lengths = set()
    for name, path in stems.items():
        assert path.name == f"{name.lower().replace(' ', '-')}.wav"
        info = sf.info(str(path))
        assert (info.samplerate, info.channels, info.subtype) == (44100, 2, "FLOAT")
        assert abs(info.frames / 44100 - expected_s) < 0.5
        lengths.add(info.frames)
        assert _rms_dbfs(read_audio(path)) > -50  # not silent
    assert len(lengths) == 1
    assert sf.info(str(instrumental)).frames in lengths


def test_instrumental_is_the_scaled_sum_and_has_headroom(rendered: tuple[dict, Path]) -> None:
    stems, instrumental = rendered
    mix = read_audio(instrumental)
    total = np.sum([read_audio(path) for path in stems.values()], axis=0)
    gain = float(np.sum(mix * total) / np.sum(total * total))
    assert np.max(np.abs(mix - gain * total)) < 1e-5 * gain
    assert 20 * np.log10(np.max(np.abs(total))) < 0.0, "the stems sum without clipping"
    peak_dbfs = 20 * np.log10(np.max(np.abs(mix)))
    assert -3.2 < peak_dbfs < -1.0


def test_stems_sound_in_their_register(rendered: tuple[dict, Path]) -> None:
    stems, _ = rendered

    def median_hz(path: Path) -> float:
        """Frequency below which half of the stem's power lies."""
        mono = read_audio(path).mean(axis=0)
        power = np.abs(np.fft.rfft(mono)) ** 2
        freqs = np.fft.rfftfreq(len(mono), 1 / 44100)
        return float(freqs[np.searchsorted(np.cumsum(power) / power.sum(), 0.5)])

    assert median_hz(stems["Analog Bass"]) < 150
    assert median_hz(stems["Analog Bass"]) < median_hz(stems["Keys"])
    assert median_hz(stems["Supersaw Pad"]) > 300


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    score = make_score()
    first = EmbeddedRenderer(workers=1).render(
        score, stems_dir=tmp_path / "a", instrumental_path=tmp_path / "a.wav"
    )
    second = EmbeddedRenderer(workers=2).render(
        score, stems_dir=tmp_path / "b", instrumental_path=tmp_path / "b.wav"
    )
    for name in first:
        assert np.array_equal(read_audio(first[name]), read_audio(second[name]))
    assert np.array_equal(read_audio(tmp_path / "a.wav"), read_audio(tmp_path / "b.wav"))


def test_find_soundfont(tmp_path: Path) -> None:
    expected = SYSTEM_SOUNDFONT if SYSTEM_SOUNDFONT.is_file() else bundled_soundfont()
    assert find_soundfont() == expected
    assert expected.stat().st_size > 1_000_000
    custom = tmp_path / "my.sf2"
    custom.write_bytes(b"RIFF")
    assert find_soundfont(custom) == custom
    with pytest.raises(InputError, match=r"missing\.sf2 is not an existing \.sf2 file"):
        find_soundfont(tmp_path / "missing.sf2")


def _render_twice(sf2_path: str, backend: str, midi: bytes) -> tuple[str, np.ndarray, np.ndarray]:
    from ai_artist.engines.music.synth import soundfont_synth

    synth = soundfont_synth(sf2_path, backend)
    return synth.name, synth.render(midi), synth.render(midi)


@pytest.mark.parametrize("backend", ["midirenderer", "fluidsynth"])
def test_both_synthesizers_render_the_same_part(backend: str, tmp_path: Path) -> None:
    from ai_artist.engines.music.midi import part_to_midi
    from ai_artist.engines.music.synth import fluidsynth_available

    if backend == "fluidsynth" and not fluidsynth_available():
        pytest.skip("FluidSynth is not installed (apt-get install libfluidsynth3)")
    score = make_score()
    bass = next(part for part in score.parts if part.name == "Bass")
    midi = part_to_midi(bass, tempo_bpm=score.tempo_bpm, end_beat=34.0)
    # Synthesize in a child process, as the renderer does: no synthesizer in this process.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        name, first, again = pool.submit(
            _render_twice, str(bundled_soundfont()), backend, midi
        ).result()
    assert name == backend
    assert first.shape[0] == 2 and first.dtype == np.float32
    assert first.shape[1] == pytest.approx(34.0 * 0.6 * 44_100, rel=0.01)
    assert np.array_equal(first, again)
    spectrum = np.abs(np.fft.rfft(first.mean(axis=0))) ** 2
    freqs = np.fft.rfftfreq(first.shape[1], 1 / 44_100)
    assert 20.0 < freqs[np.argmax(spectrum[1:]) + 1] < 200.0, "bass energy sits low"


def test_renderer_names_its_synthesizer() -> None:
    from ai_artist.engines.music.synth import fluidsynth_available

    assert EmbeddedRenderer(backend="midirenderer").name == "embedded-midirenderer"
    expected = "fluidsynth" if fluidsynth_available() else "midirenderer"
    assert EmbeddedRenderer().name == f"embedded-{expected}"


def _release_times(sf2_path: str, midi: bytes) -> tuple[float, float]:
    """Seconds until a note's sound falls 60 dB below its peak: font's release, a third."""
    from ai_artist.engines.music.synth import soundfont_synth

    synth = soundfont_synth(sf2_path, "fluidsynth")
    times = []
    for scale in (1.0, 1 / 3):
        (audio,) = synth.render_many([midi], release_scale=scale)
        level = np.abs(audio).max(axis=0)
        loud = np.nonzero(level > level.max() * 1e-3)[0]
        times.append(float(loud[-1]) / 44_100)
    return times[0], times[1]


def test_fluidsynth_shortens_the_release_of_pads() -> None:
    from ai_artist.domain import Note, Part
    from ai_artist.engines.music.midi import part_to_midi
    from ai_artist.engines.music.render import release_scale
    from ai_artist.engines.music.synth import fluidsynth_available

    if not fluidsynth_available():
        pytest.skip("FluidSynth is not installed (apt-get install libfluidsynth3)")
    pad = Part(name="Pad", program=88, notes=[Note(pitch=60, start_beat=0, duration_beats=2)])
    assert release_scale(pad) == pytest.approx(1 / 3)
    assert release_scale(pad.model_copy(update={"program": 0})) == 1.0
    assert release_scale(pad.model_copy(update={"is_drum": True})) == 1.0
    midi = part_to_midi(pad, tempo_bpm=120.0, end_beat=24.0)  # note ends at 1 s; 12 s long
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        full, shortened = pool.submit(_release_times, str(find_soundfont()), midi).result()
    assert full > 3.0, "FluidR3's New Age pad rings for seconds after the note"
    assert shortened - 1.0 < 0.5 * (full - 1.0)
