"""Engines and providers: the work itself, one package per domain."""
