"""Quality gates: what the autopilot checks before it approves a track."""

from __future__ import annotations

from dataclasses import dataclass

from ai_artist.domain import TrackDocument

MIN_OVERALL_SCORE = 0.6
"""Lowest reflection score (0..1) the autopilot approves."""
LOUDNESS_TOLERANCE_LU = 1.0
"""Allowed distance of the master's integrated loudness from its target (LU)."""


@dataclass(frozen=True)
class Verdict:
    """The autopilot's decision and why."""

    decision: str
    reasons: list[str]


def autopilot_verdict(doc: TrackDocument, *, true_peak_ceiling_dbtp: float) -> Verdict:
    """Approve when the master meets loudness/peak targets, vocals exist and the score is high."""
    reasons: list[str] = []
    if doc.master is None:
        reasons.append("no master")
    else:
        distance = abs(doc.master.integrated_lufs - doc.master.target_lufs)
        if distance > LOUDNESS_TOLERANCE_LU:
            reasons.append(
                f"loudness {doc.master.integrated_lufs:.1f} LUFS is {distance:.1f} LU "
                f"from the {doc.master.target_lufs:.1f} LUFS target"
            )
        if doc.master.true_peak_dbtp > true_peak_ceiling_dbtp + 0.05:
            reasons.append(
                f"true peak {doc.master.true_peak_dbtp:.2f} dBTP "
                f"above {true_peak_ceiling_dbtp} dBTP"
            )
    if doc.lyrics is None or not any(line.timings for line in doc.lyrics.lines):
        reasons.append("no sung vocals")
    if doc.mix is not None and doc.mix.vocal_to_instrumental_db is not None:
        from ai_artist.engines.production.mix import VOCAL_BAND_DB

        low_db, high_db = VOCAL_BAND_DB
        if not low_db <= doc.mix.vocal_to_instrumental_db <= high_db:
            reasons.append(
                f"vocal {doc.mix.vocal_to_instrumental_db:+.1f} dB against the instrumental, "
                f"outside {low_db:+.1f} … {high_db:+.1f} dB"
            )
    if doc.reflection is None:
        reasons.append("no reflection")
    elif doc.reflection.overall < MIN_OVERALL_SCORE:
        reasons.append(
            f"reflection score {doc.reflection.overall:.2f} below {MIN_OVERALL_SCORE:.2f}"
        )
    return Verdict("rejected" if reasons else "approved", reasons)
