"""Control API (``/control/...``): how tests and the demo play the residents.

Injects what users do (messages, edits, button presses, raw updates, membership
changes) and reads back what the bot did. Errors are JSON ``{"ok": false,
"error": ...}`` with 400/404, so a typo in a test fails loudly.

State-changing setup endpoints (kick_bot, migrate, bot_admin, block) do not
enqueue the service updates Telegram would send unless ``notify: true``; that
keeps test setup from leaking surprise updates into the bot.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from devtools.emulator.errors import ApiError
from devtools.emulator.htmltext import utf16_len
from devtools.emulator.registry import STATE_KEY, dumps
from devtools.emulator.state import (
    GROUP_ANONYMOUS_BOT,
    MEMBER_STATUSES,
    TELEGRAM_SERVICE,
    Chat,
    EmulatorState,
    bot_user,
    member_obj,
)


class ControlError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


ControlHandler = Callable[[EmulatorState, dict[str, Any], web.Request], Any]
routes: list[tuple[str, str, ControlHandler]] = []


def route(http_method: str, path: str) -> Callable[[ControlHandler], ControlHandler]:
    def register(func: ControlHandler) -> ControlHandler:
        routes.append((http_method, "/control" + path, func))
        return func

    return register


def wrap(func: ControlHandler) -> Callable[[web.Request], Awaitable[web.Response]]:
    async def handler(request: web.Request) -> web.Response:
        body: dict[str, Any] = {}
        if request.can_read_body:
            try:
                loaded = await request.json()
            except ValueError:
                return _error(400, "body must be JSON")
            body = loaded if isinstance(loaded, dict) else {"value": loaded}
        try:
            result = func(request.app[STATE_KEY], body, request)
        except ControlError as exc:
            return _error(exc.status, exc.message)
        except ApiError as exc:
            return _error(exc.status, exc.description)
        except (KeyError, TypeError, ValueError) as exc:
            return _error(400, f"bad control request: {type(exc).__name__}: {exc}")
        return web.json_response(result, dumps=dumps)

    return handler


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status, dumps=dumps)


def _int(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise ControlError(400, f"{name} must be an integer") from None


def _chat(state: EmulatorState, chat_id: int) -> Chat:
    chat = state.chats.get(chat_id)
    if chat is None:
        raise ControlError(404, f"chat {chat_id} is not registered; POST /control/chats first")
    return chat


def _user(state: EmulatorState, user_id: int) -> dict[str, Any]:
    user = state.users.get(user_id)
    if user is None:
        raise ControlError(404, f"user {user_id} is not registered; POST /control/users first")
    return user.to_api()


def _actor(state: EmulatorState, chat: Chat, from_id: Any) -> dict[str, Any]:
    """Who performed a membership change: given, else the chat's owner/admin."""
    if from_id is not None:
        return _user(state, int(from_id))
    if chat.type == "private":
        return _user(state, chat.id)
    for wanted in ("creator", "administrator"):
        for uid, status in chat.members.items():
            if status == wanted and uid in state.users:
                return state.users[uid].to_api()
    return dict(GROUP_ANONYMOUS_BOT)


def _bot_status_update(state: EmulatorState, chat: Chat, actor: dict[str, Any], old: str) -> int:
    return state.updates.push(
        {
            "my_chat_member": {
                "chat": chat.to_api(),
                "from": actor,
                "date": state.now(),
                "old_chat_member": member_obj(bot_user(), old),
                "new_chat_member": member_obj(bot_user(), chat.bot_status),
            }
        }
    )


def _bot_receives(chat: Chat) -> bool:
    return chat.type == "private" or chat.bot_status not in ("left", "kicked")


# Telegram marks commands and @mentions; aiogram filters read the text, but
# handlers that look at entities should see what production would send.
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}")


def auto_entities(text: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for kind, pattern in (("bot_command", _COMMAND), ("mention", _MENTION)):
        for m in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group(0)),
                }
            )
    found.sort(key=lambda e: e["offset"])
    return found


# -- world setup ---------------------------------------------------------------
@route("POST", "/reset")
def reset(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    state.reset()
    return {"ok": True}


@route("POST", "/users")
def add_user(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    if "users" in body:  # bulk form for benchmarks: {"users": [{...}, ...]}
        return [state.upsert_user(u).to_api() for u in body["users"]]
    return state.upsert_user(body).to_api()


@route("POST", "/users/{user_id}/block")
def block_user(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    uid = _int(request, "user_id")
    _user(state, uid)
    user = state.users[uid]
    blocked = bool(body.get("blocked", True))
    changed = user.blocked != blocked
    user.blocked = blocked
    update_id = None
    if changed and body.get("notify") and uid in state.chats:
        chat = state.chats[uid]
        old = "member" if blocked else "kicked"
        chat.bot_status = "kicked" if blocked else "member"
        update_id = _bot_status_update(state, chat, user.to_api(), old)
    return {"ok": True, "update_id": update_id}


@route("POST", "/chats")
def add_chat(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    if "chats" in body:  # bulk form for benchmarks: {"chats": [{...}, ...]}
        return [_add_chat(state, c) for c in body["chats"]]
    return _add_chat(state, body)


def _add_chat(state: EmulatorState, body: dict[str, Any]) -> dict[str, Any]:
    chat = state.create_chat(body)
    if body.get("bot_admin"):
        chat.bot_status = "administrator"
    for uid, status in (body.get("members") or {}).items():
        _set_member(state, chat, int(uid), status)
    return chat.to_api()


def _set_member(state: EmulatorState, chat: Chat, user_id: int, status: str) -> None:
    if status not in MEMBER_STATUSES:
        raise ControlError(400, f"status must be one of {sorted(MEMBER_STATUSES)}")
    _user(state, user_id)
    chat.members[user_id] = status


@route("POST", "/chats/{chat_id}/members")
def set_member(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    _set_member(state, chat, int(body["user_id"]), body.get("status", "member"))
    return {"ok": True}


def _change_bot_status(
    state: EmulatorState, chat: Chat, status: str, body: dict[str, Any]
) -> dict[str, Any]:
    old = chat.bot_status
    chat.bot_status = status
    update_id = None
    if body.get("notify") and old != status:
        update_id = _bot_status_update(state, chat, _actor(state, chat, body.get("from_id")), old)
    return {"ok": True, "update_id": update_id}


@route("POST", "/chats/{chat_id}/kick_bot")
def kick_bot(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    return _change_bot_status(state, chat, "kicked", body)


@route("POST", "/chats/{chat_id}/bot_admin")
def bot_admin(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    status = "administrator" if body.get("is_admin", True) else "member"
    return _change_bot_status(state, chat, status, body)


@route("POST", "/my_chat_member")
def my_chat_member(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, int(body["chat_id"]))
    status = body.get("status", "member")
    if status not in ("member", "administrator", "left", "kicked"):
        raise ControlError(400, "status must be member|administrator|left|kicked")
    old = chat.bot_status
    chat.bot_status = status
    actor = _actor(state, chat, body.get("from_id"))
    return {"update_id": _bot_status_update(state, chat, actor, old)}


@route("POST", "/chats/{chat_id}/migrate")
def migrate(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    if chat.type != "group":
        raise ControlError(400, "only basic groups can be migrated")
    new_id = int(body["new_id"])
    if new_id in state.chats:
        raise ControlError(400, f"chat {new_id} already exists")
    new = state.create_chat(
        {"id": new_id, "type": "supergroup", "title": chat.title, "bot_status": chat.bot_status}
    )
    new.members = dict(chat.members)
    chat.migrated_to = new_id
    update_ids: list[int] = []
    if body.get("notify"):
        # Telegram posts a service message into each chat.
        actor = _actor(state, chat, body.get("from_id"))
        old_msg = state.new_message(chat, {"migrate_to_chat_id": new_id}, sender=actor)
        new_msg = state.new_message(
            new,
            {"migrate_from_chat_id": chat.id},
            sender=dict(GROUP_ANONYMOUS_BOT),
            sender_chat=new.to_api(),
        )
        update_ids = [
            state.updates.push({"message": dict(old_msg)}),
            state.updates.push({"message": dict(new_msg)}),
        ]
    return {"ok": True, "chat": new.to_api(), "update_ids": update_ids}


# -- what users do -------------------------------------------------------------
def _content(state: EmulatorState, body: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    text = body.get("text")
    if text is not None:
        content["text"] = text
        entities = body.get("entities")
        entities = auto_entities(text) if entities is None else entities
        if entities:
            content["entities"] = entities
    if body.get("photo"):
        photo = body["photo"]
        stored = (
            state.file(photo, "photo")
            if isinstance(photo, str)
            else state.store_file("photo", b"\xff\xd8\xff\xe0emulated-photo")
        )
        content["photo"] = stored.sizes
    if body.get("document"):
        doc = body["document"]
        stored = (
            state.file(doc, "document")
            if isinstance(doc, str)
            else state.store_file(
                "document",
                b"%PDF-1.4 emulated",
                body.get("file_name", "document.pdf"),
                body.get("mime_type", "application/pdf"),
            )
        )
        content["document"] = stored.document_api()
    caption = body.get("caption")
    if caption is not None and "text" not in content:
        content["caption"] = caption
        entities = body.get("caption_entities")
        entities = auto_entities(caption) if entities is None else entities
        if entities:
            content["caption_entities"] = entities
    if not content:
        raise ControlError(400, "a message needs text, caption, photo or document")
    return content


@route("POST", "/messages")
def post_message(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat_id = int(body["chat_id"])
    from_id = body.get("from_id")
    sender_chat_id = body.get("sender_chat_id")
    if from_id is None and sender_chat_id is None:
        if chat_id <= 0:
            raise ControlError(400, "from_id (or sender_chat_id) is required in groups")
        from_id = chat_id
    sender: dict[str, Any]
    sender_chat: dict[str, Any] | None = None
    if from_id is not None:
        from_id = int(from_id)
        sender = _user(state, from_id)
        user = state.users[from_id]
        if chat_id == from_id:
            chat = state.private_chat(user)
            if user.blocked:
                # Writing to a bot you blocked means pressing "Restart": unblock.
                user.blocked = False
                chat.bot_status = "member"
                _bot_status_update(state, chat, sender, "kicked")
            user.started = True
        else:
            chat = _chat(state, chat_id)
            if chat.type == "private":
                raise ControlError(400, "a private chat's id is its user's id")
            status = chat.members.get(from_id, "left")
            if status == "kicked":
                raise ControlError(400, f"user {from_id} is banned from chat {chat_id}")
            if status == "left":
                chat.members[from_id] = "member"
    else:
        chat = _chat(state, chat_id)
        sender_chat_id = int(body["sender_chat_id"])
        if sender_chat_id == chat_id:  # anonymous group admin
            sender, sender_chat = dict(GROUP_ANONYMOUS_BOT), chat.to_api()
        else:  # a linked channel's post auto-forwarded into the group
            sender, sender_chat = dict(TELEGRAM_SERVICE), _chat(state, sender_chat_id).to_api()
    if chat.migrated_to is not None:
        raise ControlError(400, f"chat {chat_id} was migrated to {chat.migrated_to}; post there")
    reply_to = None
    if body.get("reply_to_message_id") is not None:
        reply_to = chat.messages.get(int(body["reply_to_message_id"]))
        if reply_to is None:
            raise ControlError(404, f"message {body['reply_to_message_id']} not found")
    content = _content(state, body)
    if sender_chat is not None and sender_chat["id"] != chat.id:
        content["is_automatic_forward"] = True
    msg = state.new_message(
        chat, content, sender=sender, sender_chat=sender_chat, reply_to=reply_to
    )
    update_id = None
    if _bot_receives(chat):
        kind = "channel_post" if chat.type == "channel" else "message"
        update_id = state.updates.push({kind: dict(msg)})
    return {"update_id": update_id, "message": msg}


@route("POST", "/edits")
def post_edit(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, int(body["chat_id"]))
    msg = chat.messages.get(int(body["message_id"]))
    if msg is None:
        raise ControlError(404, f"message {body['message_id']} not found in chat {chat.id}")
    if (msg.get("from") or {}).get("id") == bot_user()["id"]:
        raise ControlError(400, "the bot's messages are edited through the Bot API")
    key = "text" if "text" in msg else "caption"
    text = str(body.get("text", body.get("caption", "")))
    msg[key] = text
    entities = body.get("entities")
    entities = auto_entities(text) if entities is None else entities
    ekey = "entities" if key == "text" else "caption_entities"
    if entities:
        msg[ekey] = entities
    else:
        msg.pop(ekey, None)
    msg["edit_date"] = state.now()
    update_id = None
    if _bot_receives(chat):
        kind = "edited_channel_post" if chat.type == "channel" else "edited_message"
        update_id = state.updates.push({kind: dict(msg)})
    return {"update_id": update_id, "message": msg}


def _find_button(msg: dict[str, Any], text: str) -> dict[str, Any]:
    rows = (msg.get("reply_markup") or {}).get("inline_keyboard") or []
    buttons = [b for row in rows for b in row]
    for button in buttons:
        if button.get("text") == text:
            return button
    available = [b.get("text") for b in buttons]
    raise ControlError(404, f"no button {text!r} on message {msg['message_id']}; have {available}")


@route("POST", "/callbacks")
def post_callback(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, int(body["chat_id"]))
    msg = chat.messages.get(int(body["message_id"]))
    if msg is None:
        raise ControlError(404, f"message {body['message_id']} not found in chat {chat.id}")
    from_user = _user(state, int(body["from_id"]))
    if body.get("button_text") is not None:
        button = _find_button(msg, str(body["button_text"]))
        if "callback_data" not in button:
            raise ControlError(400, f"button {button['text']!r} has no callback_data")
        data = button["callback_data"]
    elif body.get("data") is not None:
        data = str(body["data"])  # deliberately unchecked: lets tests forge callback data
    else:
        raise ControlError(400, "give button_text or data")
    query = state.new_callback(chat, msg, from_user, data)
    update_id = state.updates.push({"callback_query": query})
    return {"update_id": update_id, "callback_query_id": query["id"], "callback_query": query}


@route("POST", "/updates")
def post_update(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    update = body.get("update", body)
    if not isinstance(update, dict) or not any(k != "update_id" for k in update):
        raise ControlError(400, "update must be an object with one update field")
    given = update.get("update_id")
    update_id = state.updates.push(update, int(given) if given is not None else None)
    return {"update_id": update_id}


# -- what the bot did ----------------------------------------------------------
def _query_int(request: web.Request, name: str) -> int | None:
    value = request.query.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ControlError(400, f"{name} must be an integer") from None


@route("GET", "/sent")
def get_sent(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    since = _query_int(request, "since_id") or _query_int(request, "since") or 0
    return state.sent_since(_query_int(request, "chat_id"), since, request.query.get("method"))


@route("GET", "/messages/{chat_id}/{message_id}")
def get_message(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    msg = chat.messages.get(_int(request, "message_id"))
    if msg is None:
        raise ControlError(404, "message not found (never sent, or deleted)")
    return msg


@route("GET", "/chats/{chat_id}")
def get_chat(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    chat = _chat(state, _int(request, "chat_id"))
    return {
        **chat.to_api(),
        "bot_status": chat.bot_status,
        "migrated_to": chat.migrated_to,
        "pinned_message_id": chat.pinned_message_id,
        "members": {str(k): v for k, v in chat.members.items()},
        "message_count": len(chat.messages),
    }


@route("GET", "/callback_answers")
def get_callback_answers(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    return state.callback_answers


@route("GET", "/commands")
def get_commands(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    return list(state.commands.values())


@route("GET", "/updates/pending")
def get_pending(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    pending, unconfirmed = state.updates.counts()
    last = state.stats.last_call
    return {
        "pending": pending,
        "delivered_unconfirmed": unconfirmed,
        # Seconds since the bot last called a method other than getUpdates.
        "idle_for": (time.monotonic() - last) if last else None,
        "in_flight": state.stats.in_flight,
        "next_update_id": state.updates.next_id,
        "last_seq": len(state.sent),  # seq of the newest record in /control/sent
    }


@route("POST", "/faults")
def set_faults(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    return state.faults.configure(body)


@route("GET", "/faults")
def get_faults(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    return state.faults.as_dict()


@route("GET", "/stats")
def get_stats(state: EmulatorState, body: dict[str, Any], request: web.Request) -> Any:
    pending, unconfirmed = state.updates.counts()
    return {
        **state.stats.as_dict(),
        "updates_pending": pending,
        "updates_unconfirmed": unconfirmed,
        "updates_delivered": state.updates.delivered_total,
        "updates_filtered": state.updates.filtered_total,
        "sent_records": len(state.sent),
        "callback_answers": len(state.callback_answers),
        "webhook_delivered": state.webhook.delivered,
        "webhook_failed": state.webhook.failed,
    }


def add_routes(app: web.Application) -> None:
    for http_method, path, func in routes:
        app.router.add_route(http_method, path, wrap(func))


__all__ = ["add_routes", "auto_entities"]
