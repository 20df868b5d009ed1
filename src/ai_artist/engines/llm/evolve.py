"""Artist evolution: bounded mutation of style parameters, with a rationale.

An :class:`Evolution` is a new :class:`ArtistProfile` (version + 1) plus the reasons. Every
change moves one parameter one bounded step — tempo range ±6 BPM, formant ±0.03,
breathiness ±0.06, vibrato depth ±8 cents, pitch ±1 semitone — or swaps one categorical
value (mood, a theme, preferred mode, cover motif), so neither a model nor a bad week of
numbers can turn an artist into someone else. The embedded evolver picks the changes from
the artist's measured performance; an LLM may pick them instead, through the same
:func:`apply_changes`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from ai_artist.domain import ArtistProfile
from ai_artist.engines.llm.schemas import StyleChange
from ai_artist.engines.persona import MOTIFS, genre_moods, genre_themes

TEMPO_STEP_BPM = 6.0
FORMANT_STEP = 0.03
BREATHINESS_STEP = 0.06
VIBRATO_STEP_CENTS = 8.0
PITCH_STEP_SEMITONES = 1.0
MAX_CHANGES = 3


class ArtistFacts(BaseModel):
    """What the platform measured about an artist's recent songs.

    ``mean_scores`` are reflection criteria (loudness, tempo, key, lyric_fit,
    vocal_balance …) averaged over recent tracks, each 0..1. ``notes`` are outside text
    (reviewers' notes, listener comments): they reach a model only as quoted data.
    """

    model_config = ConfigDict(extra="forbid")

    tracks: int = Field(0, ge=0)
    approved: int = Field(0, ge=0)
    rejected: int = Field(0, ge=0)
    mean_scores: dict[str, float] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)

    @property
    def approval_rate(self) -> float | None:
        decided = self.approved + self.rejected
        return self.approved / decided if decided else None


class Evolution(BaseModel):
    """A new profile version and why it changed."""

    model_config = ConfigDict(extra="forbid")

    profile: ArtistProfile
    changes: list[str]
    rationale: str
    provider: str = "embedded"


def _tempo_range(profile: ArtistProfile) -> tuple[float, float]:
    from ai_artist.engines.music.styles import STYLES

    sound = profile.sound
    style = STYLES.get(profile.genre)
    low = sound.tempo_min_bpm or (style.tempo_min_bpm if style else 90.0)
    high = sound.tempo_max_bpm or (style.tempo_max_bpm if style else 120.0)
    return float(low), float(high)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def apply_changes(
    profile: ArtistProfile, changes: Sequence[StyleChange], *, seed: int
) -> tuple[ArtistProfile, list[str]]:
    """A copy of ``profile`` (version + 1) with each change applied one bounded step.

    Returns the new profile and one plain sentence per change actually made; a change
    without a usable direction or value is skipped.
    """
    rng = random.Random(f"evolve:{profile.slug}:{profile.version}:{seed}")
    data = profile.model_dump()
    voice, sound, persona, visual = data["voice"], data["sound"], data["persona"], data["visual"]
    done: list[str] = []
    for change in list(changes)[:MAX_CHANGES]:
        sign = {"up": 1.0, "down": -1.0}.get(change.direction or "", 0.0)
        name = change.parameter
        if name == "tempo" and sign:
            low, high = _tempo_range(profile)
            low, high = (
                _clamp(low + sign * TEMPO_STEP_BPM, 50, 200),
                _clamp(high + sign * TEMPO_STEP_BPM, 55, 210),
            )
            sound["tempo_min_bpm"], sound["tempo_max_bpm"] = round(low, 1), round(high, 1)
            done.append(f"tempo range moved to {low:.0f}–{high:.0f} BPM")
        elif name == "brightness" and sign:
            voice["formant_shift"] = round(
                _clamp(voice["formant_shift"] + sign * FORMANT_STEP, 0.85, 1.2), 3
            )
            done.append(
                f"voice {'brighter' if sign > 0 else 'darker'} (formant ×{voice['formant_shift']})"
            )
        elif name == "breathiness" and sign:
            voice["breathiness"] = round(
                _clamp(voice["breathiness"] + sign * BREATHINESS_STEP, 0.0, 0.6), 3
            )
            done.append(f"breathiness {voice['breathiness']:.2f}")
        elif name == "vibrato" and sign:
            voice["vibrato_depth_cents"] = round(
                _clamp(voice["vibrato_depth_cents"] + sign * VIBRATO_STEP_CENTS, 0.0, 70.0), 1
            )
            done.append(f"vibrato depth {voice['vibrato_depth_cents']:.0f} cents")
        elif name == "pitch" and sign:
            voice["pitch_offset_semitones"] = round(
                _clamp(voice["pitch_offset_semitones"] + sign * PITCH_STEP_SEMITONES, -6, 6), 2
            )
            done.append(f"voice pitch offset {voice['pitch_offset_semitones']:+.1f} semitones")
        elif name == "mood":
            moods = [m for m in genre_moods(profile.genre) if m != persona["mood"]]
            value = (change.value or "").strip().lower()
            persona["mood"] = value if value in moods else rng.choice(moods)
            done.append(f"mood now {persona['mood']}")
        elif name == "theme" and persona["themes"]:
            value = (change.value or "").strip()
            fresh = [t for t in genre_themes(profile.genre) if t not in persona["themes"]]
            new = value if 3 <= len(value) <= 60 else (rng.choice(fresh) if fresh else "")
            if new and new not in persona["themes"]:
                old = persona["themes"].pop(0)
                persona["themes"].append(new)
                done.append(f"theme '{old}' replaced by '{new}'")
        elif name == "mode":
            value = (change.value or "").strip().lower()
            current = sound["preferred_modes"][:1]
            mode = (
                value
                if value in ("major", "minor")
                else ("major" if current == ["minor"] else "minor")
            )
            sound["preferred_modes"] = [mode]
            done.append(f"prefers {mode} keys")
        elif name == "motif":
            value = (change.value or "").strip().lower()
            options = [m for m in MOTIFS if m != visual["motif"]]
            visual["motif"] = value if value in options else rng.choice(options)
            done.append(f"cover motif now {visual['motif']}")
    data["version"] = profile.version + 1
    return ArtistProfile.model_validate(data), done


def embedded_changes(profile: ArtistProfile, facts: ArtistFacts) -> tuple[list[StyleChange], str]:
    """Changes chosen from the facts, and the rationale, without a model.

    The weakest measured criterion picks the main change; a low approval rate adds a fresh
    theme and mood; a strong run changes only one small thing.
    """
    scores = facts.mean_scores
    changes: list[StyleChange] = []
    reasons: list[str] = []
    weakest = min(scores, key=lambda k: scores[k]) if scores else None
    rate = facts.approval_rate
    if weakest is not None and scores[weakest] < 0.75:
        reasons.append(f"{weakest} is the weakest measure ({scores[weakest]:.2f})")
        if weakest == "vocal_balance":
            changes.append(StyleChange(parameter="brightness", direction="up"))
        elif weakest == "tempo":
            low, high = _tempo_range(profile)
            mid = (low + high) / 2
            changes.append(StyleChange(parameter="tempo", direction="down" if mid > 110 else "up"))
        elif weakest == "lyric_fit":
            changes.append(StyleChange(parameter="theme"))
        else:
            changes.append(StyleChange(parameter="vibrato", direction="down"))
    if rate is not None and rate < 0.5:
        reasons.append(f"only {rate:.0%} of decided songs were approved")
        changes += [StyleChange(parameter="mood"), StyleChange(parameter="theme")]
    if not changes:
        reasons.append("the songs are doing well, so only the cover motif moves on")
        changes.append(StyleChange(parameter="motif"))
    rationale = (
        f"After {facts.tracks} track(s): " + "; ".join(reasons) + ". Small steps keep the "
        "artist recognisable."
    )
    return changes[:MAX_CHANGES], rationale


def evolve_embedded(profile: ArtistProfile, facts: ArtistFacts, *, seed: int) -> Evolution:
    """The embedded evolver: changes from :func:`embedded_changes`, bounded by
    :func:`apply_changes`."""
    changes, rationale = embedded_changes(profile, facts)
    new_profile, done = apply_changes(profile, changes, seed=seed)
    return Evolution(profile=new_profile, changes=done, rationale=rationale)
