"""Bot API method handlers: ``POST|GET /bot{token}/{method}``.

Each handler takes the world state and the request's parameters and returns the
``result`` object, or raises ApiError with Telegram's own wording. Handlers are
synchronous except getUpdates, so a handler's state changes are atomic with
respect to other requests on the event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiohttp import web

from bot.emulator import errors as E
from bot.emulator.errors import ApiError, bad_request, not_found_method, too_many_requests
from bot.emulator.htmltext import parse_html
from bot.emulator.params import Params, read_params
from bot.emulator.state import (
    BOT_ID,
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_TEXT,
    Chat,
    EmulatorState,
    StoredFile,
    bot_user,
    member_obj,
)

STATE_KEY = web.AppKey("emulator_state", EmulatorState)
dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))

Handler = Callable[[EmulatorState, Params], Any]


@dataclass(frozen=True, slots=True)
class _Method:
    name: str
    func: Handler


METHODS: dict[str, _Method] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler; Telegram method names are case-insensitive."""

    def register(func: Handler) -> Handler:
        for name in names:
            METHODS[name.lower()] = _Method(name, func)
        return func

    return register


# -- shared helpers ------------------------------------------------------------
def format_text(
    state: EmulatorState, text: str, parse_mode: str | None, entities: Any
) -> tuple[str, list[dict[str, Any]]]:
    if (parse_mode or "").lower() == "html":
        plain, parsed = parse_html(text)
        for entity in parsed:
            # <a href="tg://user?id=N">: Telegram returns the full User when it knows it.
            if entity["type"] == "text_mention" and entity["user"]["id"] in state.users:
                entity["user"] = state.users[entity["user"]["id"]].to_api()
        return plain, parsed
    # MarkdownV2/Markdown are stored as-is (no entity parsing); explicit entities win.
    return text, list(entities) if isinstance(entities, list) else []


def _text(state: EmulatorState, p: Params) -> tuple[str, str, list[dict[str, Any]]]:
    raw = p.str("text") or ""
    text, entities = format_text(state, raw, p.str("parse_mode"), p.json("entities"))
    if not text.strip():
        raise bad_request(E.TEXT_EMPTY)
    if len(text) > MAX_TEXT:
        raise bad_request(E.TOO_LONG)
    return raw, text, entities


def _caption(state: EmulatorState, p: Params) -> tuple[str | None, dict[str, Any]]:
    raw = p.str("caption")
    if raw is None:
        return None, {}
    caption, entities = format_text(state, raw, p.str("parse_mode"), p.json("caption_entities"))
    if len(caption) > MAX_CAPTION:
        raise bad_request(E.CAPTION_TOO_LONG)
    content: dict[str, Any] = {"caption": caption} if caption else {}
    if entities:
        content["caption_entities"] = entities
    return raw, content


def _markup(p: Params) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(inline keyboard to put on the Message, raw markup for the record)."""
    raw = p.json("reply_markup")
    if raw is None:
        return None, None
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = raw.get("inline_keyboard")
    if rows is None:  # reply keyboards / force_reply never appear on the Message
        return None, raw
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request("can't parse inline keyboard button: field \"inline_keyboard\" of "
                          "the InlineKeyboardMarkup must be an Array of Arrays")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse inline keyboard button: Text must be a String")
            if len(button) == 1:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the "
                    "inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request(E.BUTTON_DATA_INVALID)
    # Telegram omits an empty keyboard from the Message (that is how edits remove one).
    return (raw if any(rows) else None), raw


def _reply_target(state: EmulatorState, chat: Chat, p: Params) -> dict[str, Any] | None:
    params = p.json("reply_parameters")
    allow = p.bool("allow_sending_without_reply")
    target = chat
    if isinstance(params, dict):
        mid = params.get("message_id")
        allow = bool(params.get("allow_sending_without_reply", allow))
        if params.get("chat_id") not in (None, chat.id, str(chat.id)):
            target = state.chat(Params({"c": params["chat_id"]}, {}).chat_id("c"))
    else:
        mid = p.int("reply_to_message_id")
    if mid is None:
        return None
    msg = target.messages.get(int(mid))
    if msg is None and not allow:
        raise bad_request(E.REPLY_NOT_FOUND)
    return msg


def _flood(state: EmulatorState, chat: Chat) -> None:
    retry = state.faults.flood_check(chat.id, chat.is_group)
    if retry is not None:
        state.stats.flood_429 += 1
        raise too_many_requests(retry)


def _common_record(p: Params, reply_to: dict[str, Any] | None, raw_markup: Any) -> dict[str, Any]:
    return {
        "parse_mode": p.str("parse_mode"),
        "reply_to_message_id": reply_to["message_id"] if reply_to else None,
        "reply_markup": raw_markup,
        "disable_notification": p.bool("disable_notification"),
    }


def _input_file(state: EmulatorState, p: Params, field: str, kind: str) -> StoredFile:
    """A file given as upload (``attach://name`` or the field itself), URL, or file_id."""
    upload = p.files.get(field)
    value = p.str(field)
    if upload is None and value is not None and value.startswith("attach://"):
        upload = p.files.get(value.removeprefix("attach://"))
        if upload is None:
            raise bad_request(E.WRONG_FILE)
    if upload is not None:
        if not upload.content:
            raise bad_request("file must be non-empty")
        return state.store_file(kind, upload.content, upload.filename, upload.content_type)
    if not value:
        raise bad_request(f"there is no {kind} in the request")
    if value.startswith(("http://", "https://")):
        name = value.rsplit("/", 1)[-1] or None
        return state.store_file(kind, value.encode(), name)
    return state.file(value, kind)


def _bot_message_in(state: EmulatorState, p: Params, missing: str) -> tuple[Chat, dict[str, Any]]:
    if p.raw("inline_message_id") is not None:
        raise bad_request("inline messages are not supported by the emulator")
    chat = state.chat(p.chat_id())
    state.check_member(chat)
    msg = state.message(chat, p.int("message_id"))
    if msg is None:
        raise bad_request(missing)
    sender = msg.get("from") or {}
    if sender.get("id") != BOT_ID and not (chat.type == "channel" and "sender_chat" in msg):
        raise bad_request(E.CANT_EDIT)
    return chat, msg


def _set_or_pop(msg: dict[str, Any], key: str, value: Any) -> None:
    if value:
        msg[key] = value
    else:
        msg.pop(key, None)


# -- getting updates -----------------------------------------------------------
@method("getMe")
def get_me(state: EmulatorState, p: Params) -> dict[str, Any]:
    return {
        **bot_user(),
        "can_join_groups": True,
        # The emulator delivers every group message, i.e. privacy mode is off.
        "can_read_all_group_messages": True,
        "supports_inline_queries": False,
    }


@method("getUpdates")
async def get_updates(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    allowed = p.json("allowed_updates")
    if allowed is not None:
        state.updates.set_allowed(list(allowed))
    limit = min(max(p.int("limit", 100) or 100, 1), 100)
    return await state.updates.poll(p.int("offset"), limit, p.float("timeout", 0.0))


@method("deleteWebhook")
def delete_webhook(state: EmulatorState, p: Params) -> bool:
    if p.bool("drop_pending_updates"):
        state.updates.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(state: EmulatorState, p: Params) -> dict[str, Any]:
    pending, unconfirmed = state.updates.counts()
    return {"url": "", "has_custom_certificate": False, "pending_update_count": pending + unconfirmed}


@method(
    "logOut",
    "close",
    "setWebhook",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
    "setMessageReaction",
)
def accept(state: EmulatorState, p: Params) -> bool:
    return True


# -- sending -------------------------------------------------------------------
@method("sendMessage")
def send_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    raw, text, entities = _text(state, p)
    markup, raw_markup = _markup(p)
    reply_to = _reply_target(state, chat, p)
    _flood(state, chat)
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    if lpo := p.json("link_preview_options"):
        content["link_preview_options"] = lpo
    msg = state.bot_message(chat, content, reply_to, markup)
    state.record(
        "sendMessage", chat.id, msg["message_id"], text=raw, **_common_record(p, reply_to, raw_markup)
    )
    return msg


def _send_media(state: EmulatorState, p: Params, method_name: str, kind: str) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    raw_caption, content = _caption(state, p)
    markup, raw_markup = _markup(p)
    reply_to = _reply_target(state, chat, p)
    stored = _input_file(state, p, kind, kind)
    _flood(state, chat)
    media = stored.sizes if kind == "photo" else stored.document_api()
    msg = state.bot_message(chat, {kind: media, **content}, reply_to, markup)
    state.record(
        method_name,
        chat.id,
        msg["message_id"],
        caption=raw_caption,
        file_id=stored.file_id,
        **_common_record(p, reply_to, raw_markup),
    )
    return msg


@method("sendPhoto")
def send_photo(state: EmulatorState, p: Params) -> dict[str, Any]:
    return _send_media(state, p, "sendPhoto", "photo")


@method("sendDocument")
def send_document(state: EmulatorState, p: Params) -> dict[str, Any]:
    return _send_media(state, p, "sendDocument", "document")


_CONTENT_KEYS = ("text", "entities", "photo", "document", "caption", "caption_entities")


def _source_message(state: EmulatorState, p: Params) -> tuple[Chat, dict[str, Any]]:
    src_chat = state.chat(p.chat_id("from_chat_id"))
    src = state.message(src_chat, p.int("message_id"))
    if src is None:
        raise bad_request(E.COPY_NOT_FOUND)
    if not any(k in src for k in ("text", "photo", "document")):
        raise bad_request("message can't be copied")
    return src_chat, src


@method("copyMessage")
def copy_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    src_chat, src = _source_message(state, p)
    content = {k: src[k] for k in _CONTENT_KEYS if k in src}
    raw_caption = None
    if "caption" in p and "text" not in content:
        raw_caption, caption = _caption(state, p)
        content.pop("caption", None)
        content.pop("caption_entities", None)
        content.update(caption)
    markup, raw_markup = _markup(p)
    reply_to = _reply_target(state, chat, p)
    _flood(state, chat)
    msg = state.bot_message(chat, content, reply_to, markup)
    state.record(
        "copyMessage",
        chat.id,
        msg["message_id"],
        text=content.get("text"),
        caption=raw_caption if raw_caption is not None else content.get("caption"),
        from_chat_id=src_chat.id,
        from_message_id=src["message_id"],
        **_common_record(p, reply_to, raw_markup),
    )
    return {"message_id": msg["message_id"]}


@method("forwardMessage")
def forward_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    src_chat, src = _source_message(state, p)
    content = {k: src[k] for k in _CONTENT_KEYS if k in src}
    if "from" in src:
        origin = {"type": "user", "sender_user": src["from"], "date": src["date"]}
    else:
        origin = {"type": "chat", "sender_chat": src.get("sender_chat"), "date": src["date"]}
    content["forward_origin"] = origin
    _flood(state, chat)
    msg = state.bot_message(chat, content)
    state.record(
        "forwardMessage",
        chat.id,
        msg["message_id"],
        text=content.get("text"),
        caption=content.get("caption"),
        from_chat_id=src_chat.id,
        from_message_id=src["message_id"],
        disable_notification=p.bool("disable_notification"),
    )
    return msg


@method("sendChatAction")
def send_chat_action(state: EmulatorState, p: Params) -> bool:
    state.writable_chat(p.chat_id())
    return True


# -- editing and deleting ------------------------------------------------------
@method("editMessageText")
def edit_message_text(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, msg = _bot_message_in(state, p, E.EDIT_NOT_FOUND)
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    raw, text, entities = _text(state, p)
    # Omitting reply_markup removes the inline keyboard, as on Telegram.
    markup, raw_markup = _markup(p)
    if (
        msg["text"] == text
        and msg.get("entities", []) == entities
        and msg.get("reply_markup") == markup
    ):
        raise bad_request(E.NOT_MODIFIED)
    msg["text"] = text
    _set_or_pop(msg, "entities", entities)
    _set_or_pop(msg, "reply_markup", markup)
    if lpo := p.json("link_preview_options"):
        msg["link_preview_options"] = lpo
    msg["edit_date"] = state.now()
    state.record(
        "editMessageText",
        chat.id,
        msg["message_id"],
        text=raw,
        parse_mode=p.str("parse_mode"),
        reply_markup=raw_markup,
    )
    return msg


@method("editMessageCaption")
def edit_message_caption(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, msg = _bot_message_in(state, p, E.EDIT_NOT_FOUND)
    if "text" in msg:
        raise bad_request("there is no caption in the message to edit")
    raw, content = _caption(state, p)
    markup, raw_markup = _markup(p)
    if (
        msg.get("caption") == content.get("caption")
        and msg.get("caption_entities") == content.get("caption_entities")
        and msg.get("reply_markup") == markup
    ):
        raise bad_request(E.NOT_MODIFIED)
    _set_or_pop(msg, "caption", content.get("caption"))
    _set_or_pop(msg, "caption_entities", content.get("caption_entities"))
    _set_or_pop(msg, "reply_markup", markup)
    msg["edit_date"] = state.now()
    state.record(
        "editMessageCaption",
        chat.id,
        msg["message_id"],
        caption=raw,
        parse_mode=p.str("parse_mode"),
        reply_markup=raw_markup,
    )
    return msg


@method("editMessageReplyMarkup")
def edit_message_reply_markup(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, msg = _bot_message_in(state, p, E.EDIT_NOT_FOUND)
    markup, raw_markup = _markup(p)
    if msg.get("reply_markup") == markup:
        raise bad_request(E.NOT_MODIFIED)
    _set_or_pop(msg, "reply_markup", markup)
    msg["edit_date"] = state.now()
    state.record("editMessageReplyMarkup", chat.id, msg["message_id"], reply_markup=raw_markup)
    return msg


def _delete(state: EmulatorState, chat: Chat, message_id: int) -> None:
    msg = chat.messages.get(message_id)
    if msg is None:
        raise bad_request(E.DELETE_NOT_FOUND)
    from_bot = (msg.get("from") or {}).get("id") == BOT_ID
    if not from_bot and chat.is_group and not state.bot_is_admin(chat):
        raise bad_request(E.CANT_DELETE)
    del chat.messages[message_id]
    state.record("deleteMessage", chat.id, message_id)


@method("deleteMessage")
def delete_message(state: EmulatorState, p: Params) -> bool:
    chat = state.chat(p.chat_id())
    state.check_member(chat)
    _delete(state, chat, p.int("message_id") or 0)
    return True


@method("deleteMessages")
def delete_messages(state: EmulatorState, p: Params) -> bool:
    chat = state.chat(p.chat_id())
    state.check_member(chat)
    for mid in p.json("message_ids") or []:
        if int(mid) in chat.messages:
            _delete(state, chat, int(mid))
    return True


# -- callbacks and commands ----------------------------------------------------
@method("answerCallbackQuery")
def answer_callback_query(state: EmulatorState, p: Params) -> bool:
    query_id = p.str("callback_query_id") or ""
    query = state.callbacks.get(query_id)
    # A second answer is rejected like an expired one.
    if query is None or query["answered"]:
        raise bad_request(E.QUERY_TOO_OLD)
    query["answered"] = True
    state.callback_answers.append(
        {
            "callback_query_id": query_id,
            "text": p.str("text"),
            "show_alert": p.bool("show_alert"),
            "url": p.str("url"),
            "cache_time": p.int("cache_time"),
            "time": state.clock(),
        }
    )
    return True


_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


def _commands_key(p: Params) -> tuple[str, str]:
    scope = p.json("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.str("language_code") or ""


@method("setMyCommands")
def set_my_commands(state: EmulatorState, p: Params) -> bool:
    commands = p.json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    for cmd in commands:
        if not _COMMAND_NAME.match(str(cmd.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(cmd.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = _commands_key(p)
    if commands:
        state.commands[key] = {
            "scope": json.loads(key[0]),
            "language_code": key[1],
            "commands": commands,
        }
    else:
        state.commands.pop(key, None)
    return True


@method("getMyCommands")
def get_my_commands(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    entry = state.commands.get(_commands_key(p))
    return entry["commands"] if entry else []


@method("deleteMyCommands")
def delete_my_commands(state: EmulatorState, p: Params) -> bool:
    state.commands.pop(_commands_key(p), None)
    return True


# -- chats ---------------------------------------------------------------------
@method("getChat")
def get_chat(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.chat(p.chat_id())
    info = {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys(
            ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription",
             "gifts_from_channels"),
            False,
        ),
    }
    pinned = state.message(chat, chat.pinned_message_id)
    if pinned is not None:
        info["pinned_message"] = pinned
    return info


@method("getChatMember")
def get_chat_member(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.chat(p.chat_id())
    user_id = p.int("user_id")
    if user_id is None:
        raise bad_request("user_id is empty")
    return member_obj(state.user_api(user_id), state.member_status(chat, user_id))


@method("getChatAdministrators")
def get_chat_administrators(state: EmulatorState, p: Params) -> list[dict[str, Any]]:
    chat = state.chat(p.chat_id())
    if chat.type == "private":
        raise bad_request("there are no administrators in the private chat")
    state.check_member(chat)
    admins = [
        member_obj(state.user_api(uid), status)
        for uid, status in chat.members.items()
        if status in ("creator", "administrator")
    ]
    if chat.bot_status == "administrator":
        admins.append(member_obj(bot_user(), "administrator"))
    return admins


@method("getChatMemberCount")
def get_chat_member_count(state: EmulatorState, p: Params) -> int:
    chat = state.chat(p.chat_id())
    if chat.type == "private":
        return 2
    present = sum(s not in ("left", "kicked") for s in chat.members.values())
    return present + (chat.bot_status not in ("left", "kicked"))


@method("leaveChat")
def leave_chat(state: EmulatorState, p: Params) -> bool:
    chat = state.chat(p.chat_id())
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    state.check_member(chat)
    chat.bot_status = "left"
    state.record("leaveChat", chat.id)
    return True


def _pin_target(state: EmulatorState, p: Params) -> Chat:
    chat = state.writable_chat(p.chat_id())
    if not state.bot_is_admin(chat):
        raise bad_request("not enough rights to manage pinned messages in the chat")
    return chat


@method("pinChatMessage")
def pin_chat_message(state: EmulatorState, p: Params) -> bool:
    chat = _pin_target(state, p)
    mid = p.int("message_id")
    if state.message(chat, mid) is None:
        raise bad_request("message to pin not found")
    chat.pinned_message_id = mid
    state.record(
        "pinChatMessage", chat.id, mid, disable_notification=p.bool("disable_notification")
    )
    return True


@method("unpinChatMessage")
def unpin_chat_message(state: EmulatorState, p: Params) -> bool:
    chat = _pin_target(state, p)
    mid = p.int("message_id") or chat.pinned_message_id
    chat.pinned_message_id = None
    state.record("unpinChatMessage", chat.id, mid)
    return True


def _moderate(state: EmulatorState, p: Params, method_name: str, status: str | None) -> bool:
    chat = state.chat(p.chat_id())
    state.check_member(chat)
    user_id = p.int("user_id")
    if user_id is None:
        raise bad_request("user_id is empty")
    if chat.type == "private" or not state.bot_is_admin(chat):
        raise bad_request("not enough rights to restrict/unrestrict chat member")
    current = chat.members.get(user_id, "left")
    if current in ("creator", "administrator"):
        raise bad_request("user is an administrator of the chat")
    if status == "left" and current != "kicked":
        status = None  # unban of a non-banned user is a no-op
    if status is not None:
        chat.members[user_id] = status
    state.record(method_name, chat.id, user_id=user_id)
    return True


@method("banChatMember")
def ban_chat_member(state: EmulatorState, p: Params) -> bool:
    return _moderate(state, p, "banChatMember", "kicked")


@method("unbanChatMember")
def unban_chat_member(state: EmulatorState, p: Params) -> bool:
    return _moderate(state, p, "unbanChatMember", "left")


@method("restrictChatMember")
def restrict_chat_member(state: EmulatorState, p: Params) -> bool:
    return _moderate(state, p, "restrictChatMember", "restricted")


# -- files ---------------------------------------------------------------------
@method("getFile")
def get_file(state: EmulatorState, p: Params) -> dict[str, Any]:
    stored = state.file(p.str("file_id") or "")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }


async def download_file(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    path = request.match_info["path"]
    stored = next((f for f in state.files.values() if f.file_path == path), None)
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.content, content_type="application/octet-stream")


# -- dispatch ------------------------------------------------------------------
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


async def _run(state: EmulatorState, spec: _Method, params: Params) -> web.Response:
    try:
        result = spec.func(state, params)
        if inspect.isawaitable(result):
            result = await result
    except ApiError as error:
        state.stats.errors[f"{spec.name}:{error.status}"] += 1
        return _answer(error)
    return web.json_response({"ok": True, "result": result}, dumps=dumps)
