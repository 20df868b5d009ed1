"""Release: delivery formats, tags and previews (``export``) and release packages with their
zip (``package``)."""
