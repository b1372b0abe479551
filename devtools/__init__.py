"""Tools for development, tests and the demo: the Telegram Bot API emulator, the sandbox, the scripted day.

Not part of a production install (`pyproject.toml` ships `bot`, `handlers` and `storage` only).
"""
