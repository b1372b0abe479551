"""Outbox priorities, free of aiogram so the services may name them too."""

from __future__ import annotations

from enum import IntEnum


class Lane(IntEnum):
    """Lower goes first: an urgent task never waits behind a broadcast."""

    URGENT = 0
    INTERACTIVE = 1
    SCHEDULED = 2
    BULK = 3
