"""The pipeline: ordered stages, each recorded, resumable and idempotent."""
