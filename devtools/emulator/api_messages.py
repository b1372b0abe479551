"""Bot API methods that create, change or remove messages."""

from __future__ import annotations

from typing import Any

from devtools.emulator import errors as E
from devtools.emulator.content import (
    bot_message_in,
    caption_param,
    common_record,
    flood_gate,
    input_file,
    markup_param,
    reply_target,
    set_or_pop,
    text_param,
)
from devtools.emulator.errors import bad_request
from devtools.emulator.params import Params
from devtools.emulator.registry import method
from devtools.emulator.state import BOT_ID, Chat, EmulatorState


@method("sendMessage")
def send_message(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    raw, text, entities = text_param(state, p)
    markup, raw_markup = markup_param(p)
    reply_to = reply_target(state, chat, p)
    flood_gate(state, chat)
    content: dict[str, Any] = {"text": text}
    if entities:
        content["entities"] = entities
    if lpo := p.json("link_preview_options"):
        content["link_preview_options"] = lpo
    msg = state.bot_message(chat, content, reply_to, markup)
    state.record(
        "sendMessage",
        chat.id,
        msg["message_id"],
        text=raw,
        **common_record(p, reply_to, raw_markup),
    )
    return msg


def _send_media(state: EmulatorState, p: Params, method_name: str, kind: str) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    raw_caption, content = caption_param(state, p)
    markup, raw_markup = markup_param(p)
    reply_to = reply_target(state, chat, p)
    stored = input_file(state, p, kind, kind)
    flood_gate(state, chat)
    media = stored.sizes if kind == "photo" else stored.document_api()
    msg = state.bot_message(chat, {kind: media, **content}, reply_to, markup)
    state.record(
        method_name,
        chat.id,
        msg["message_id"],
        caption=raw_caption,
        file_id=stored.file_id,
        **common_record(p, reply_to, raw_markup),
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
        raw_caption, caption = caption_param(state, p)
        content.pop("caption", None)
        content.pop("caption_entities", None)
        content.update(caption)
    markup, raw_markup = markup_param(p)
    reply_to = reply_target(state, chat, p)
    flood_gate(state, chat)
    msg = state.bot_message(chat, content, reply_to, markup)
    state.record(
        "copyMessage",
        chat.id,
        msg["message_id"],
        text=content.get("text"),
        caption=raw_caption if raw_caption is not None else content.get("caption"),
        from_chat_id=src_chat.id,
        from_message_id=src["message_id"],
        **common_record(p, reply_to, raw_markup),
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
    flood_gate(state, chat)
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


@method("sendPoll")
def send_poll(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.writable_chat(p.chat_id())
    question = p.str("question") or ""
    if not 1 <= len(question) <= 300:
        raise bad_request("poll question length must be 1-300")
    options = [o["text"] if isinstance(o, dict) else str(o) for o in p.json("options") or []]
    if not 2 <= len(options) <= 10:
        raise bad_request("poll must have 2-10 options")
    if any(not 1 <= len(option) <= 100 for option in options):
        raise bad_request("poll options length must be 1-100")
    reply_to = reply_target(state, chat, p)
    flood_gate(state, chat)
    poll = {
        "id": str(state.now()) + str(chat.next_message_id),
        "question": question,
        "options": [
            {"persistent_id": str(i), "text": option, "voter_count": 0}
            for i, option in enumerate(options)
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": p.bool("is_anonymous", True),
        "type": "regular",
        "allows_multiple_answers": p.bool("allows_multiple_answers", False),
        "allows_revoting": True,
        "members_only": False,
    }
    msg = state.bot_message(chat, {"poll": poll}, reply_to)
    state.record(
        "sendPoll",
        chat.id,
        msg["message_id"],
        text=question,
        poll=poll,
        **common_record(p, reply_to, None),
    )
    return msg


@method("sendChatAction")
def send_chat_action(state: EmulatorState, p: Params) -> bool:
    state.writable_chat(p.chat_id())
    return True


@method("editMessageText")
def edit_message_text(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat, msg = bot_message_in(state, p, E.EDIT_NOT_FOUND)
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    raw, text, entities = text_param(state, p)
    # Omitting reply_markup removes the inline keyboard, as on Telegram.
    markup, raw_markup = markup_param(p)
    if (
        msg["text"] == text
        and msg.get("entities", []) == entities
        and msg.get("reply_markup") == markup
    ):
        raise bad_request(E.NOT_MODIFIED)
    msg["text"] = text
    set_or_pop(msg, "entities", entities)
    set_or_pop(msg, "reply_markup", markup)
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
    chat, msg = bot_message_in(state, p, E.EDIT_NOT_FOUND)
    if "text" in msg:
        raise bad_request("there is no caption in the message to edit")
    raw, content = caption_param(state, p)
    markup, raw_markup = markup_param(p)
    if (
        msg.get("caption") == content.get("caption")
        and msg.get("caption_entities") == content.get("caption_entities")
        and msg.get("reply_markup") == markup
    ):
        raise bad_request(E.NOT_MODIFIED)
    set_or_pop(msg, "caption", content.get("caption"))
    set_or_pop(msg, "caption_entities", content.get("caption_entities"))
    set_or_pop(msg, "reply_markup", markup)
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
    chat, msg = bot_message_in(state, p, E.EDIT_NOT_FOUND)
    markup, raw_markup = markup_param(p)
    if msg.get("reply_markup") == markup:
        raise bad_request(E.NOT_MODIFIED)
    set_or_pop(msg, "reply_markup", markup)
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
