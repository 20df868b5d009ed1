"""Visuals: generative cover art (``artwork``), the pictures of a video (``frames``), the music
video and vertical short (``video``) and the bundled ffmpeg (``ffmpeg``)."""
