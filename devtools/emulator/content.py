"""Parameter → message-content helpers shared by the Bot API handlers:
text/caption parsing and limits, inline keyboards, replies, files, flood gate."""

from __future__ import annotations

from typing import Any

from devtools.emulator import errors as E
from devtools.emulator.errors import bad_request, too_many_requests
from devtools.emulator.htmltext import parse_html
from devtools.emulator.params import Params
from devtools.emulator.state import (
    BOT_ID,
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_TEXT,
    Chat,
    EmulatorState,
    StoredFile,
)


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


def text_param(state: EmulatorState, p: Params) -> tuple[str, str, list[dict[str, Any]]]:
    raw = p.str("text") or ""
    text, entities = format_text(state, raw, p.str("parse_mode"), p.json("entities"))
    if not text.strip():
        raise bad_request(E.TEXT_EMPTY)
    if len(text) > MAX_TEXT:
        raise bad_request(E.TOO_LONG)
    return raw, text, entities


def caption_param(state: EmulatorState, p: Params) -> tuple[str | None, dict[str, Any]]:
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


def markup_param(p: Params) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
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
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" of '
            "the InlineKeyboardMarkup must be an Array of Arrays"
        )
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


def reply_target(state: EmulatorState, chat: Chat, p: Params) -> dict[str, Any] | None:
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


def flood_gate(state: EmulatorState, chat: Chat) -> None:
    retry = state.faults.flood_check(chat.id, chat.is_group)
    if retry is not None:
        state.stats.flood_429 += 1
        raise too_many_requests(retry)


def common_record(p: Params, reply_to: dict[str, Any] | None, raw_markup: Any) -> dict[str, Any]:
    return {
        "parse_mode": p.str("parse_mode"),
        "reply_to_message_id": reply_to["message_id"] if reply_to else None,
        "reply_markup": raw_markup,
        "disable_notification": p.bool("disable_notification"),
    }


def input_file(state: EmulatorState, p: Params, field: str, kind: str) -> StoredFile:
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


def bot_message_in(state: EmulatorState, p: Params, missing: str) -> tuple[Chat, dict[str, Any]]:
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


def set_or_pop(msg: dict[str, Any], key: str, value: Any) -> None:
    if value:
        msg[key] = value
    else:
        msg.pop(key, None)
