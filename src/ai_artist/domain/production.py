"""Measurements of the mix and the master."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class MixReport(BaseModel):
    """Balance of the mix. Loudness in LUFS, levels in dB."""

    model_config = ConfigDict(extra="forbid")

    vocal_to_instrumental_db: float | None
    peak_dbfs: float
    stems: dict[str, float]


class MasterReport(BaseModel):
    """Loudness of the master (LUFS, dBTP) against the target."""

    model_config = ConfigDict(extra="forbid")

    target_lufs: float
    integrated_lufs: float
    true_peak_dbtp: float
    duration_s: float
