"""Bot API methods about the bot itself, updates, callbacks, commands, chats
and files."""

from __future__ import annotations

import json
import re
from typing import Any

from devtools.emulator import errors as E
from devtools.emulator.errors import ApiError, bad_request
from devtools.emulator.params import Params
from devtools.emulator.registry import method
from devtools.emulator.state import Chat, EmulatorState, bot_user, member_obj


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
    if state.webhook.active:
        raise ApiError(409, WEBHOOK_ACTIVE)
    allowed = p.json("allowed_updates")
    if allowed is not None:
        state.updates.set_allowed(list(allowed))
    limit = min(max(p.int("limit", 100) or 100, 1), 100)
    return await state.updates.poll(p.int("offset"), limit, p.float("timeout", 0.0))


WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@method("setWebhook")
async def set_webhook(state: EmulatorState, p: Params) -> bool:
    url = p.str("url") or ""
    if not url:
        await state.webhook.delete()
        return True
    if not re.match(r"^https?://[^/\s]+", url):
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
    secret = p.str("secret_token")
    if secret is not None and not _SECRET.match(secret):
        raise bad_request("secret token contains unallowed characters")
    allowed = p.json("allowed_updates")
    if allowed is not None:
        state.updates.set_allowed(list(allowed))
    if p.bool("drop_pending_updates"):
        state.updates.clear()
    connections = p.int("max_connections", 40) or 40
    state.webhook.set(url, secret, min(max(connections, 1), 100))
    return True


@method("deleteWebhook")
async def delete_webhook(state: EmulatorState, p: Params) -> bool:
    await state.webhook.delete()
    if p.bool("drop_pending_updates"):
        state.updates.clear()
    return True


@method("getWebhookInfo")
def get_webhook_info(state: EmulatorState, p: Params) -> dict[str, Any]:
    pending, unconfirmed = state.updates.counts()
    return {
        **state.webhook.info(),
        "has_custom_certificate": False,
        "pending_update_count": pending + unconfirmed,
    }


@method(
    "logOut",
    "close",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
    "setMessageReaction",
)
def accept(state: EmulatorState, p: Params) -> bool:
    return True


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


@method("getChat")
def get_chat(state: EmulatorState, p: Params) -> dict[str, Any]:
    chat = state.chat(p.chat_id())
    info = {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
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


@method("getFile")
def get_file(state: EmulatorState, p: Params) -> dict[str, Any]:
    stored = state.file(p.str("file_id") or "")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }
