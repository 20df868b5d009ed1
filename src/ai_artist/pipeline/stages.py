"""The stages of the pipeline, in order. Each reads what earlier stages wrote and writes
its own files into the track folder (atomically) and its results into ``track.json``."""

from __future__ import annotations

from ai_artist.audio import SAMPLE_RATE_HZ, read_audio, to_mono, write_audio
from ai_artist.engines.registry import engine
from ai_artist.files import write_bytes, write_json, write_text
from ai_artist.pipeline.context import SCORE_JSON, StageOutcome, TrackContext
from ai_artist.pipeline.quality import autopilot_verdict
from ai_artist.pipeline.runner import Stage

VOCAL_STEM = "stems/vocal_dry.wav"
HUMANIZE_AMOUNT = {"lofi": 0.6}
"""Humanize amount (0..1) per genre; genres not listed stay clean."""


def plan(ctx: TrackContext) -> StageOutcome:
    """The plan is made when the track is created; this stage records it in its own file."""
    write_json(ctx.path("plan.json"), ctx.doc.plan)
    return StageOutcome(provider="embedded", files={"plan": "plan.json"})


def compose(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.midi import score_to_midi

    composer = engine("composer")
    score = composer.compose(ctx.doc.plan, ctx.artist)
    write_json(ctx.path(SCORE_JSON), score)
    write_bytes(ctx.path("score.mid"), score_to_midi(score))
    return StageOutcome(provider=composer.name, files={"score": SCORE_JSON, "midi": "score.mid"})


def render(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.soundfont import find_soundfont

    renderer = engine("renderer")
    stems = renderer.render(
        ctx.score(),
        stems_dir=ctx.path("stems"),
        instrumental_path=ctx.path("instrumental.wav"),
        soundfont=find_soundfont(ctx.settings.soundfont_path),
    )
    files = {f"stem_{name}": str(path.relative_to(ctx.folder)) for name, path in stems.items()}
    files["instrumental"] = "instrumental.wav"
    return StageOutcome(provider=renderer.name, files=files)


def analyze(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.music.analyze import analyze as analyze_audio

    ctx.doc.analysis = analyze_audio(ctx.require("instrumental.wav", stage="render"))
    return StageOutcome(provider="embedded-librosa")


def lyrics(ctx: TrackContext) -> StageOutcome:
    writer = engine("lyric_writer")
    ctx.doc.lyrics = writer.write(ctx.score(), ctx.doc.plan, ctx.artist)
    return StageOutcome(provider=writer.name)


def sing(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.lyrics.lrc import to_lrc

    if ctx.doc.lyrics is None:
        raise ValueError("no lyrics in track.json: run the lyrics stage first")
    score = ctx.score()
    singer = engine("singer")
    sung = singer.sing(score, ctx.doc.lyrics, ctx.artist.voice, seed=ctx.doc.plan.seed)
    write_audio(ctx.path(VOCAL_STEM), sung.audio, sample_rate_hz=sung.sample_rate_hz)
    ctx.doc.lyrics = sung.lyrics
    lrc = to_lrc(
        sung.lyrics,
        artist=ctx.artist.name,
        title=ctx.doc.plan.title,
        duration_s=score.duration_s,
    )
    write_text(ctx.path("lyrics.lrc"), lrc)
    return StageOutcome(provider=singer.name, files={"vocal_dry": VOCAL_STEM, "lrc": "lyrics.lrc"})


def mix(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.production.mix import humanize
    from ai_artist.engines.production.mix import mix as mix_audio

    stems = {
        role.removeprefix("stem_"): read_audio(ctx.path(path))
        for role, path in ctx.doc.files.items()
        if role.startswith("stem_")
    }
    vocal = to_mono(read_audio(ctx.require(VOCAL_STEM, stage="sing")))
    mixed, report = mix_audio(stems, vocal, sample_rate_hz=SAMPLE_RATE_HZ, genre=ctx.doc.plan.genre)
    amount = HUMANIZE_AMOUNT.get(ctx.doc.plan.genre, 0.0)
    if amount > 0:
        mixed = humanize(
            mixed, sample_rate_hz=SAMPLE_RATE_HZ, seed=ctx.doc.plan.seed, amount=amount
        )
    write_audio(ctx.path("mix.wav"), mixed)
    ctx.doc.mix = report
    return StageOutcome(provider="embedded-pedalboard", files={"mix": "mix.wav"})


def master(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.production.master import master as master_audio

    mixed = read_audio(ctx.require("mix.wav", stage="mix"))
    mastered, report = master_audio(
        mixed,
        sample_rate_hz=SAMPLE_RATE_HZ,
        target_lufs=ctx.settings.target_lufs,
        true_peak_dbtp=ctx.settings.true_peak_dbtp,
    )
    write_audio(ctx.path("master.wav"), mastered)
    ctx.doc.master = report
    return StageOutcome(provider="embedded-pedalboard", files={"master": "master.wav"})


def artwork(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.visuals.artwork import render_cover

    render_cover(
        ctx.path("cover.jpg"),
        artist_name=ctx.artist.name,
        title=ctx.doc.plan.title,
        visual=ctx.artist.visual,
        mood=ctx.doc.plan.mood,
        seed=ctx.doc.plan.seed,
    )
    return StageOutcome(provider="embedded-pillow", files={"cover": "cover.jpg"})


def video(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.visuals.video import render_video

    lines: list[tuple[float, float, str]] = []
    if ctx.doc.lyrics is not None:
        for line in ctx.doc.lyrics.lines:
            if line.timings:
                lines.append((line.timings[0].start_s, line.timings[-1].end_s, line.text))
    render_video(
        ctx.path("video.mp4"),
        audio_path=ctx.require("master.wav", stage="master"),
        cover_path=ctx.require("cover.jpg", stage="artwork"),
        title=ctx.doc.plan.title,
        artist_name=ctx.artist.name,
        lyrics_lines=lines,
        width_px=ctx.settings.video_width_px,
        height_px=ctx.settings.video_height_px,
        fps=ctx.settings.video_fps,
    )
    return StageOutcome(provider="embedded-ffmpeg", files={"video": "video.mp4"})


def reflect(ctx: TrackContext) -> StageOutcome:
    from ai_artist.engines.lyrics.constraints import check_lyrics

    problems = check_lyrics(ctx.doc.lyrics, ctx.score()) if ctx.doc.lyrics else ["no lyrics"]
    reflector = engine("reflector")
    ctx.doc.reflection = reflector.reflect(ctx.doc, lyric_problems=problems)
    return StageOutcome(provider=reflector.name)


def review(ctx: TrackContext) -> StageOutcome:
    """Autopilot decides by the quality gates; otherwise the pipeline waits for a person."""
    from ai_artist.services.reviews import record_review

    if ctx.doc.review is not None:
        return StageOutcome(provider=ctx.doc.review.get("reviewer", "person"))
    if not ctx.autopilot:
        return StageOutcome(provider="person", waiting=True, note="awaiting review")
    verdict = autopilot_verdict(ctx.doc, true_peak_ceiling_dbtp=ctx.settings.true_peak_dbtp)
    record_review(
        ctx.database,
        ctx,
        decision=verdict.decision,
        reviewer="autopilot",
        notes="; ".join(verdict.reasons) or "all quality gates passed",
    )
    return StageOutcome(provider="autopilot")


def release(ctx: TrackContext) -> StageOutcome:
    """Package an approved track as a single; rejected tracks are not released."""
    from ai_artist.services.releases import make_release

    if ctx.doc.review is None or ctx.doc.review.get("decision") != "approved":
        return StageOutcome(provider="none", skipped=True, note="not approved")
    if ctx.doc.release_id is None:
        make_release(ctx.database, ctx.settings, [ctx.track_id], track_contexts={ctx.track_id: ctx})
    return StageOutcome(provider="embedded")


STAGES: tuple[Stage, ...] = (
    Stage("plan", plan, "song plan: title, theme, key, tempo, form"),
    Stage("compose", compose, "score: chords, parts, vocal melody"),
    Stage("render", render, "stems and instrumental"),
    Stage("analyze", analyze, "tempo, beats, key, loudness"),
    Stage("lyrics", lyrics, "one line per melody phrase"),
    Stage("sing", sing, "the artist's voice on the melody"),
    Stage("mix", mix, "vocal chain and balance"),
    Stage("master", master, "loudness and true peak"),
    Stage("artwork", artwork, "cover art"),
    Stage("video", video, "music video with synced lyrics"),
    Stage("reflect", reflect, "critique and scores"),
    Stage("review", review, "autopilot or a person decides"),
    Stage("release", release, "release package"),
)
STAGE_NAMES: tuple[str, ...] = tuple(stage.name for stage in STAGES)
