"""Command-line interface (``ai-artist …``): parse input, call a service, render output."""
