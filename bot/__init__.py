"""Weige: micro-grid governance in building group chats."""

from bot.telegram.lazy_models import install as _lazy_telegram_models

_lazy_telegram_models()  # before anything imports aiogram (bot/telegram/lazy_models.py)
