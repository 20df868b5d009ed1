"""Application logic: artists, tracks, reviews, releases. Interfaces call these."""
