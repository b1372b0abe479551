"""Inline keyboards, built by pure functions from a translator and ids."""
