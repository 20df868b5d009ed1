"""The stages of the pipeline, in order. Each reads what earlier stages wrote and writes
its own files into the track folder (atomically) and its results into ``track.json``."""

from __future__ import annotations

from ai_artist.pipeline.runner import Stage
from ai_artist.pipeline.stages import music, production, release, voice

STAGES: tuple[Stage, ...] = (
    Stage("plan", music.plan, "song plan: title, theme, key, tempo, form"),
    Stage("compose", music.compose, "score: chords, parts, vocal melody"),
    Stage("render", music.render, "stems and instrumental"),
    Stage("analyze", music.analyze, "tempo, beats, key, loudness"),
    Stage("lyrics", voice.lyrics, "one line per melody phrase"),
    Stage("sing", voice.sing, "the artist's voice on the melody"),
    Stage("mix", production.mix, "vocal chain and balance"),
    Stage("humanize", production.humanize, "tape, noise and wow for genres that want it"),
    Stage("master", production.master, "loudness and true peak"),
    Stage("artwork", production.artwork, "cover art"),
    Stage("video", production.video, "music video with synced lyrics"),
    Stage("reflect", release.reflect, "critique and scores"),
    Stage("review", release.review, "autopilot or a person decides"),
    Stage("release", release.release, "release package"),
)
STAGE_NAMES: tuple[str, ...] = tuple(stage.name for stage in STAGES)
