"""Visuals: generative cover art (``artwork``) and lyric music videos (``video``)."""
