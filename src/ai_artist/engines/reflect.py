"""Embedded reflection: a critique of a track computed from its measurements."""

from __future__ import annotations

from ai_artist.domain import Reflection, TrackDocument
from ai_artist.domain.score import PITCH_CLASSES

TEMPO_TOLERANCE = 0.02
"""Relative tempo error (2 %) counted as a match."""


def _relative_key(key: str, mode: str) -> tuple[str, str]:
    tonic = PITCH_CLASSES.index(key)
    if mode == "minor":
        return PITCH_CLASSES[(tonic + 3) % 12], "major"
    return PITCH_CLASSES[(tonic + 9) % 12], "minor"


class EmbeddedReflector:
    """Scores a track from facts: loudness, peaks, tempo, key, lyric fit and vocal balance."""

    name = "embedded"

    def reflect(self, doc: TrackDocument, *, lyric_problems: list[str]) -> Reflection:
        """Return scores in 0..1 per criterion, their mean, strengths and weaknesses."""
        scores: dict[str, float] = {}
        notes: dict[str, str] = {}
        if doc.master is not None:
            distance_lu = abs(doc.master.integrated_lufs - doc.master.target_lufs)
            scores["loudness"] = max(0.0, 1.0 - distance_lu / 3.0)
            notes["loudness"] = (
                f"master at {doc.master.integrated_lufs:.1f} LUFS "
                f"(target {doc.master.target_lufs:.1f}), true peak "
                f"{doc.master.true_peak_dbtp:.1f} dBTP"
            )
        if doc.analysis is not None:
            planned = doc.plan.tempo_bpm
            error = abs(doc.analysis.tempo_bpm - planned) / planned
            scores["tempo"] = 1.0 if error <= TEMPO_TOLERANCE else max(0.0, 1.0 - error * 5)
            notes["tempo"] = f"heard {doc.analysis.tempo_bpm:.1f} BPM for a planned {planned:.1f}"
            heard = (doc.analysis.key, doc.analysis.mode)
            planned_key = (doc.plan.key, doc.plan.mode)
            if heard == planned_key or heard == _relative_key(*planned_key):
                scores["key"] = 1.0
            else:
                scores["key"] = 0.5
            notes["key"] = (
                f"heard {heard[0]} {heard[1]} for a planned {planned_key[0]} {planned_key[1]}"
            )
        if doc.lyrics is not None:
            lines = max(1, len(doc.lyrics.lines))
            scores["lyric_fit"] = max(0.0, 1.0 - len(lyric_problems) / lines)
            notes["lyric_fit"] = (
                "every line fits its phrase"
                if not lyric_problems
                else f"{len(lyric_problems)} lyric problem(s): {lyric_problems[0]}"
            )
        if doc.mix is not None and doc.mix.vocal_to_instrumental_db is not None:
            balance_db = doc.mix.vocal_to_instrumental_db
            outside_db = max(0.0, -2.0 - balance_db, balance_db - 5.0)
            scores["vocal_balance"] = max(0.0, 1.0 - outside_db / 6.0)
            notes["vocal_balance"] = f"vocal {balance_db:+.1f} dB against the instrumental"
        overall = sum(scores.values()) / len(scores) if scores else 0.0
        strengths = [notes[name] for name, value in scores.items() if value >= 0.9]
        weaknesses = [notes[name] for name, value in scores.items() if value < 0.7]
        summary = (
            f"'{doc.plan.title}' ({doc.plan.genre}, {doc.plan.key} {doc.plan.mode}, "
            f"{doc.plan.tempo_bpm:.0f} BPM) scores {overall:.2f} overall"
        )
        return Reflection(
            scores={name: round(value, 3) for name, value in scores.items()},
            overall=round(overall, 3),
            strengths=strengths,
            weaknesses=weaknesses,
            summary=summary,
            provider=self.name,
        )
