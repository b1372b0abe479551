"""Routers in priority order: residents' plain text in groups first (bound for the intake, and
no command), the catch-alls (other group messages, unknown buttons) last."""

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
    return [intake.setup_plain_text(), *(module.setup() for module in modules)]
