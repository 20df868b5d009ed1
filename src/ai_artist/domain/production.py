"""Measurements of the mix and the master."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MixReport(BaseModel):
    """Balance of the mix. Loudness in LUFS, levels in dB."""

    model_config = ConfigDict(extra="forbid")

    vocal_to_instrumental_db: float | None
    peak_dbfs: float
    stems: dict[str, float]
    target_vocal_to_instrumental_db: float | None = Field(
        None, description="Lead-over-instruments level the mix aimed at (dB)."
    )
    backing_to_lead_db: float | None = Field(
        None, description="Backing vocals relative to the lead where both sing (dB)."
    )
    deessing_max_db: float | None = Field(
        None, description="Largest sibilance reduction of the de-esser (dB)."
    )


class MasterReport(BaseModel):
    """Loudness of the master (LUFS, dBTP) against the target."""

    model_config = ConfigDict(extra="forbid")

    target_lufs: float
    integrated_lufs: float
    true_peak_dbtp: float
    duration_s: float
