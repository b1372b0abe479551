"""Bot API method registry shared by the handler modules and the dispatcher."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiohttp import web

from devtools.emulator.params import Params
from devtools.emulator.state import EmulatorState

STATE_KEY = web.AppKey("emulator_state", EmulatorState)
dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))

Handler = Callable[[EmulatorState, Params], Any]


@dataclass(frozen=True, slots=True)
class Method:
    name: str
    func: Handler


METHODS: dict[str, Method] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler; Telegram method names are case-insensitive."""

    def register(func: Handler) -> Handler:
        for name in names:
            METHODS[name.lower()] = Method(name, func)
        return func

    return register
