"""Sends a stored payload to the Bot API as it is: JSON in, a message id out.

Through aiogram, each send validated the payload into a method model, dumped it back
into a multipart form, and validated Telegram's answer into a `Message` with its nested
models: most of the sender's CPU, for a payload that is JSON already and an answer of
which only `ok` and the message id are read. So a stored payload (no files) is posted as
application/json, as Telegram accepts, over the bot's own HTTP session (its base URL,
timeout and connection pool), and only `ok` and `result.message_id` are taken from the
answer. Anything else (a refusal, an odd answer) goes through aiogram's own
`check_response`: the same TelegramRetryAfter / Forbidden / BadRequest / MigrateToChat /
ServerError the sender handles today. The call still passes the session's middlewares
(the API metrics among them) with a method object built without validation.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiohttp import ClientError, ClientTimeout

_JSON = {"Content-Type": "application/json"}


class Sent:
    """What a successful answer carried: Telegram's message id, when it names one."""

    __slots__ = ("message_id",)

    def __init__(self, message_id: int | None) -> None:
        self.message_id = message_id


def _clean(payload: dict[str, Any]) -> dict[str, Any]:
    """What aiogram's form would hold: it leaves out top-level None and empty strings
    (nested Nones too, but stored markups are dumped without them)."""
    if any(value is None or value == "" for value in payload.values()):
        return {key: value for key, value in payload.items() if value is not None and value != ""}
    return payload


class DirectSender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._templates: dict[type[TelegramMethod[Any]], TelegramMethod[Any]] = {}
        session = bot.session
        # Defaults set on the Bot (parse_mode, …) are filled in by aiogram's models; a
        # stored payload would leave without them. None are set today: were any, or were
        # the session not aiohttp's, every send takes aiogram's way.
        defaults = bot.default
        self.enabled = isinstance(session, AiohttpSession) and all(
            getattr(defaults, field.name) is None for field in fields(defaults)
        )

    async def send(
        self, kind: type[TelegramMethod[Any]], payload: dict[str, Any], stored: str = ""
    ) -> int | None:
        """Telegram's message id for what was sent (None for answers that are `true`).
        `stored`: the payload's JSON text as the outbox holds it, sent as it is when
        there is nothing in it aiogram would have left out."""
        # The session's middlewares look at the method's kind only: they get an empty one,
        # built once. The method with its payload, for aiogram's error mapping, is built
        # when an answer is not plainly ok. (model_construct would resolve and deep-copy
        # every default field's value, model_copy copy the payload: both cost a send more
        # than the middlewares do.)
        template = self._templates.get(kind)
        if template is None:
            template = self._templates[kind] = kind.model_construct()
        session = self.bot.session
        cleaned = _clean(payload)
        body = stored if stored and cleaned is payload else json.dumps(cleaned, ensure_ascii=False)
        call = session.middleware.wrap_middlewares(self._post(body.encode(), payload))
        answer = await call(self.bot, template)
        return cast(Sent, answer).message_id

    def _post(self, body: bytes, payload: dict[str, Any]) -> Any:
        async def post(bot: Bot, template: TelegramMethod[Any]) -> Sent:
            session = cast(AiohttpSession, bot.session)
            http = await session.create_session()
            url = session.api.api_url(token=bot.token, method=template.__api_method__)
            try:
                async with http.post(
                    url,
                    data=body,
                    headers=_JSON,
                    timeout=ClientTimeout(total=session.timeout),
                ) as response:
                    status = response.status
                    raw = await response.text()
            # The same mapping as aiogram's AiohttpSession.make_request.
            except TimeoutError as exc:
                raise TelegramNetworkError(
                    method=template.model_copy(update=payload), message="Request timeout error"
                ) from exc
            except ClientError as exc:
                raise TelegramNetworkError(
                    method=template.model_copy(update=payload),
                    message=f"{type(exc).__name__}: {exc}",
                ) from exc
            return _answer(session, bot, template, payload, status, raw)

        return post


def _answer(
    session: AiohttpSession,
    bot: Bot,
    template: TelegramMethod[Any],
    payload: dict[str, Any],
    status: int,
    raw: str,
) -> Sent:
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if 200 <= status <= 226 and isinstance(data, dict) and data.get("ok") is True:
        result = data.get("result")
        if result is True:
            return Sent(None)
        if isinstance(result, dict) and isinstance(result.get("message_id"), int):
            return Sent(result["message_id"])
    # A refusal, or an answer of an unexpected shape: aiogram reads it as it always did,
    # raising its exception for the refusal.
    method = template.model_copy(update=payload)
    checked = session.check_response(bot=bot, method=method, status_code=status, content=raw)
    return Sent(getattr(checked.result, "message_id", None))
