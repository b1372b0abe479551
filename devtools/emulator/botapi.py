"""Bot API dispatch: ``POST|GET /bot{token}/{method}``.

Handlers (api_messages.py, api_chats.py) take the world state and the request's
parameters and return the ``result`` object, or raise ApiError with Telegram's
own wording. They are synchronous except getUpdates, so a handler's state
changes are atomic with respect to other requests on the event loop. Faults
(latency, injected 429s, held answers) are applied here, around the handler.
"""

from __future__ import annotations

import asyncio
import inspect
import time

from aiohttp import web

from devtools.emulator import api_chats, api_messages
from devtools.emulator.errors import ApiError, not_found_method, too_many_requests
from devtools.emulator.params import Params, read_params
from devtools.emulator.registry import METHODS, STATE_KEY, Method, dumps
from devtools.emulator.state import EmulatorState

# Imported for their @method registrations.
HANDLER_MODULES = (api_chats, api_messages)


def _answer(error: ApiError) -> web.Response:
    return web.json_response(error.payload(), status=error.status, dumps=dumps)


async def handle_method(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    name = request.match_info["method"]
    key = name.lower()
    spec = METHODS.get(key)
    stats = state.stats
    stats.calls[spec.name if spec else name] += 1
    if spec is None:
        return _answer(not_found_method())
    if key == "getupdates":
        return await _run(state, spec, await read_params(request))
    # in_flight/last_call let wait_idle() tell "bot is still working" from "bot is done".
    stats.in_flight += 1
    stats.last_call = time.monotonic()
    try:
        params = await read_params(request)
        if state.faults.latency_ms > 0:
            await asyncio.sleep(state.faults.latency_ms / 1000)
        retry = state.faults.injected_429(key)
        if retry is not None:
            stats.injected_429 += 1
            stats.errors[f"{spec.name}:429"] += 1
            return _answer(too_many_requests(retry))
        seq_before = len(state.sent)
        response = await _run(state, spec, params)
        if delay := state.faults.answer_delay(key):
            await asyncio.sleep(delay)  # done and recorded; the answer is just slow
        hold = state.faults.take_timeout(key) if response.status == 200 else None
        if hold is not None:
            # Already recorded as delivered; the client just never hears back in time.
            stats.timeouts += 1
            for rec in state.sent[seq_before:]:
                rec["timed_out"] = True
            stats.in_flight -= 1
            stats.last_call = time.monotonic()
            try:
                await asyncio.sleep(hold)
            finally:
                stats.in_flight += 1  # balanced by the outer finally
        return response
    finally:
        stats.in_flight -= 1
        stats.last_call = time.monotonic()


async def _run(state: EmulatorState, spec: Method, params: Params) -> web.Response:
    try:
        result = spec.func(state, params)
        if inspect.isawaitable(result):
            result = await result
    except ApiError as error:
        state.stats.errors[f"{spec.name}:{error.status}"] += 1
        return _answer(error)
    return web.json_response({"ok": True, "result": result}, dumps=dumps)


async def download_file(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    path = request.match_info["path"]
    stored = next((f for f in state.files.values() if f.file_path == path), None)
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.content, content_type="application/octet-stream")
