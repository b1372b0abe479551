"""Routers in priority order; the catch-alls (residents' messages, unknown buttons) come last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_broadcast,
    admin_lists,
    admin_stats,
    binding,
    contacts,
    fallback,
    intake,
    meetings,
    residents,
    start,
    tasks,
)


def get_routers() -> list[Router]:
    """Fresh routers on each call: a router belongs to one dispatcher only."""
    modules = (
        start,
        binding,
        contacts,
        residents,
        tasks,
        meetings,
        admin_lists,
        admin_stats,
        admin_broadcast,
        intake,
        fallback,
    )
    return [module.setup() for module in modules]
