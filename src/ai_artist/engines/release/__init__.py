"""Release: delivery formats with tags (``export``) and release packages (``package``)."""
