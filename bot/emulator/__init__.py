"""A local Telegram Bot API emulator for tests, the demo and benchmarks.

The real aiogram ``Bot`` talks to it over HTTP via
``AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))``; tests drive
the residents' side through :class:`EmulatorClient` (the ``/control/`` API).
"""

from bot.emulator.client import EmulatorClient, EmulatorError
from bot.emulator.server import Emulator
from bot.emulator.state import BOT_ID, BOT_USERNAME

__all__ = ["BOT_ID", "BOT_USERNAME", "Emulator", "EmulatorClient", "EmulatorError"]
