"""Routers in priority order; the catch-alls (residents' messages, unknown buttons) come last."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin_broadcast,
    admin_lists,
    admin_stats,
    binding,
    board,
    contacts,
    fallback,
    help,
    intake,
    invites,
    meetings,
    minutes,
    privacy,
    residents,
    roles,
    start,
    tasks,
)


def get_routers() -> list[Router]:
    """Fresh routers on each call: a router belongs to one dispatcher only."""
    modules = (
        invites,  # /start TOKEN before the plain /start
        start,
        help,
        binding,
        board,
        contacts,
        residents,
        tasks,
        roles,
        privacy,
        meetings,
        minutes,
        admin_lists,
        admin_stats,
        admin_broadcast,
        intake,
        fallback,
    )
    return [module.setup() for module in modules]
