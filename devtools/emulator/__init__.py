"""A local Telegram Bot API emulator for tests, the demo and benchmarks.

The real aiogram ``Bot`` talks to it over HTTP via
``AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))``; tests drive
the residents' side through :class:`EmulatorClient` (the ``/control/`` API).

Layout: server.py (app, Emulator), botapi.py (dispatch + faults) with handlers in
api_messages.py / api_chats.py / content.py, control.py (control API), state.py
(the world), updates.py (getUpdates queue), faults.py, htmltext.py (HTML parse
mode), client.py. Run standalone with ``python -m devtools.emulator --port 8081``.
"""

from devtools.emulator.client import EmulatorClient, EmulatorError
from devtools.emulator.server import Emulator
from devtools.emulator.state import BOT_ID, BOT_USERNAME

__all__ = ["BOT_ID", "BOT_USERNAME", "Emulator", "EmulatorClient", "EmulatorError"]
