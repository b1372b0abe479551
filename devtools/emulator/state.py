"""The emulator's in-memory world: users, chats, messages, files, and a log of
everything the bot did. Pure data and Telegram rules; no HTTP here.

Messages are kept as Bot API JSON dicts so answers need no conversion, and every
lookup is a dict access so a 6,300-group broadcast stays O(1) per call.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devtools.emulator import errors as E
from devtools.emulator.errors import ApiError, bad_request, forbidden
from devtools.emulator.faults import Faults
from devtools.emulator.updates import UpdateQueue
from devtools.emulator.webhook import WebhookPusher

BOT_ID = 7000000001
BOT_USERNAME = "weige_test_bot"
BOT_FIRST_NAME = "微格"
# Who Telegram names as "from" when a group's anonymous admin or a linked channel posts.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
TELEGRAM_SERVICE = {"id": 777000, "is_bot": False, "first_name": "Telegram"}

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
GROUP_TYPES = frozenset({"group", "supergroup"})
CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel"})
MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})


def bot_user() -> dict[str, Any]:
    return {
        "id": BOT_ID,
        "is_bot": True,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
    }


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    started: bool = False  # has sent the bot a private message
    blocked: bool = False

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None  # private chats mirror the user
    last_name: str | None = None
    bot_status: str = "member"
    migrated_to: int | None = None
    pinned_message_id: int | None = None
    members: dict[int, str] = field(default_factory=dict)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_message_id: int = 1

    @property
    def is_group(self) -> bool:
        return self.type in GROUP_TYPES

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            data["first_name"] = self.first_name or ""
            if self.last_name:
                data["last_name"] = self.last_name
        elif self.title is not None:
            data["title"] = self.title
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "photo" | "document"
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    # For photos: the whole PhotoSize array this file belongs to.
    sizes: list[dict[str, Any]] = field(default_factory=list)

    def document_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data


class Stats:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.injected_429 = 0
        self.flood_429 = 0
        self.timeouts = 0
        self.messages_sent = 0
        self.last_call: float = 0.0  # monotonic time of the last non-polling call
        self.in_flight = 0  # non-polling Bot API calls being answered right now

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": dict(self.calls),
            "errors": dict(self.errors),
            "injected_429": self.injected_429,
            "flood_429": self.flood_429,
            "timeouts": self.timeouts,
            "messages_sent": self.messages_sent,
            "total_calls": sum(self.calls.values()),
        }


def member_obj(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember of the given status with every field aiogram requires."""
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    if status == "administrator":
        rights = dict.fromkeys(
            (
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
            ),
            True,
        )
        rights.update(
            dict.fromkeys(
                (
                    "can_be_edited",
                    "is_anonymous",
                    "can_promote_members",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                    "can_send_welcome_messages",
                    "can_manage_topics",
                ),
                False,
            )
        )
        return {"status": "administrator", "user": user, **rights}
    if status == "restricted":
        flags = dict.fromkeys(
            (
                "can_send_messages",
                "can_send_audios",
                "can_send_documents",
                "can_send_photos",
                "can_send_videos",
                "can_send_video_notes",
                "can_send_voice_notes",
                "can_send_polls",
                "can_send_other_messages",
                "can_add_web_page_previews",
                "can_react_to_messages",
                "can_edit_tag",
                "can_change_info",
                "can_invite_users",
                "can_pin_messages",
                "can_manage_topics",
            ),
            False,
        )
        return {"status": "restricted", "user": user, "is_member": True, **flags, "until_date": 0}
    if status == "kicked":
        return {"status": "kicked", "user": user, "until_date": 0}
    return {"status": status, "user": user}


class EmulatorState:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.updates = UpdateQueue()
        self.webhook = WebhookPusher(self.updates)
        self._init_world()

    def _init_world(self) -> None:
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.usernames: dict[str, int] = {}  # lower-case name without "@" -> chat id
        self.sent: list[dict[str, Any]] = []
        self.sent_by_chat: dict[int, list[dict[str, Any]]] = {}
        self.callbacks: dict[str, dict[str, Any]] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.commands: dict[tuple[str, str], dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.faults = Faults(self.clock)
        self.stats = Stats()
        self._callback_seq = 0
        self._file_seq = 0

    def reset(self) -> None:
        # The update queue object survives (a long-polling bot is waiting on it)
        # and so does its update_id counter; see updates.py.
        self.updates.clear()
        self._init_world()

    def now(self) -> int:
        return int(self.clock())

    # -- users and chats -----------------------------------------------------
    def upsert_user(self, data: dict[str, Any]) -> User:
        uid = int(data["id"])
        user = self.users.get(uid)
        if user is None:
            user = self.users[uid] = User(id=uid, first_name=str(data.get("first_name") or uid))
        for key in ("first_name", "last_name", "username", "language_code"):
            if key in data:
                setattr(user, key, data[key])
        if "is_bot" in data:
            user.is_bot = bool(data["is_bot"])
        chat = self.chats.get(uid)
        if chat is not None:  # keep the private chat's name in sync
            chat.first_name, chat.last_name, chat.username = (
                user.first_name,
                user.last_name,
                user.username,
            )
        return user

    def create_chat(self, data: dict[str, Any]) -> Chat:
        cid = int(data["id"])
        ctype = data.get("type", "supergroup")
        if ctype not in CHAT_TYPES:
            raise bad_request(f"unknown chat type {ctype!r}")
        if ctype == "private":
            user = self.users.get(cid) or self.upsert_user({"id": cid, **_pick(data, "first_name")})
            return self.private_chat(user)
        chat = Chat(
            id=cid,
            type=ctype,
            title=data.get("title") or f"Chat {cid}",
            username=data.get("username"),
            bot_status=data.get("bot_status", "member"),
        )
        old = self.chats.get(cid)
        if old and old.username:
            self.usernames.pop(old.username.lower(), None)
        self.chats[cid] = chat
        if chat.username:
            self.usernames[chat.username.lower()] = cid
        return chat

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = Chat(
                id=user.id,
                type="private",
                first_name=user.first_name,
                last_name=user.last_name,
                username=user.username,
            )
        return chat

    def lookup_chat_id(self, chat_id: int | str) -> int | None:
        if isinstance(chat_id, int):
            return chat_id
        name = chat_id.lstrip("@").lower()
        if name in self.usernames:
            return self.usernames[name]
        return next((u.id for u in self.users.values() if (u.username or "").lower() == name), None)

    def chat(self, chat_id: int | str) -> Chat:
        """Any chat the bot can see (getChat, edits, control API)."""
        cid = self.lookup_chat_id(chat_id)
        chat = self.chats.get(cid) if cid is not None else None
        if chat is None:
            raise bad_request(E.CHAT_NOT_FOUND)
        return chat

    def writable_chat(self, chat_id: int | str) -> Chat:
        """A chat the bot may post into, or the exact error Telegram would give."""
        cid = self.lookup_chat_id(chat_id)
        if cid is None:
            raise bad_request(E.CHAT_NOT_FOUND)
        user = self.users.get(cid)
        chat = self.chats.get(cid)
        if user is not None and (chat is None or chat.type == "private"):
            if user.is_bot:
                raise forbidden("bot can't send messages to bots")
            if user.blocked:
                raise forbidden(E.BLOCKED)
            if not user.started or chat is None:
                raise forbidden(E.CANT_INITIATE)
            return chat
        if chat is None:
            raise bad_request(E.CHAT_NOT_FOUND)
        self.check_member(chat)
        if chat.type == "channel" and not self.bot_is_admin(chat):
            raise bad_request("need administrator rights in the channel chat")
        return chat

    def check_member(self, chat: Chat) -> None:
        if chat.migrated_to is not None:
            raise bad_request(E.UPGRADED, {"migrate_to_chat_id": chat.migrated_to})
        if chat.type == "private":
            return
        if chat.bot_status == "kicked":
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        if chat.bot_status == "left":
            raise forbidden(f"bot is not a member of the {chat.type} chat")

    def bot_is_admin(self, chat: Chat) -> bool:
        return chat.type == "private" or chat.bot_status in ("administrator", "creator")

    def member_status(self, chat: Chat, user_id: int) -> str:
        if user_id == BOT_ID:
            return chat.bot_status
        if chat.type == "private":
            return "member" if user_id == chat.id else "left"
        return chat.members.get(user_id, "left")

    def user_api(self, user_id: int) -> dict[str, Any]:
        if user_id == BOT_ID:
            return bot_user()
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return user.to_api()

    # -- messages ------------------------------------------------------------
    def new_message(
        self,
        chat: Chat,
        content: dict[str, Any],
        *,
        sender: dict[str, Any] | None,
        sender_chat: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
        reply_markup: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        mid = chat.next_message_id
        chat.next_message_id += 1
        msg: dict[str, Any] = {"message_id": mid}
        if sender is not None:
            msg["from"] = sender
        if sender_chat is not None:
            msg["sender_chat"] = sender_chat
        msg["date"] = self.now()
        msg["chat"] = chat.to_api()
        if reply_to is not None:
            # Telegram nests only one level of replies.
            msg["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        msg.update(content)
        if reply_markup is not None:
            msg["reply_markup"] = reply_markup
        chat.messages[mid] = msg
        return msg

    def bot_message(
        self,
        chat: Chat,
        content: dict[str, Any],
        reply_to: dict[str, Any] | None = None,
        reply_markup: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if chat.type == "channel":
            sender, sender_chat = None, chat.to_api()
        else:
            sender, sender_chat = bot_user(), None
        self.stats.messages_sent += 1
        return self.new_message(
            chat,
            content,
            sender=sender,
            sender_chat=sender_chat,
            reply_to=reply_to,
            reply_markup=reply_markup,
        )

    def message(self, chat: Chat, message_id: int | None) -> dict[str, Any] | None:
        if message_id is None:
            return None
        return chat.messages.get(message_id)

    # -- the record of what the bot did --------------------------------------
    def record(
        self, method: str, chat_id: int, message_id: int | None = None, **fields: Any
    ) -> dict[str, Any]:
        rec: dict[str, Any] = {
            "seq": len(self.sent) + 1,
            "method": method,
            "chat_id": chat_id,
            "message_id": message_id,
            "text": None,
            "caption": None,
            "parse_mode": None,
            "reply_to_message_id": None,
            "reply_markup": None,
            "disable_notification": False,
            "time": self.clock(),
        }
        rec.update(fields)
        self.sent.append(rec)
        self.sent_by_chat.setdefault(chat_id, []).append(rec)
        return rec

    def sent_since(
        self, chat_id: int | None = None, since: int = 0, method: str | None = None
    ) -> list[dict[str, Any]]:
        log = self.sent if chat_id is None else self.sent_by_chat.get(chat_id, [])
        start = bisect.bisect_right(log, since, key=lambda r: r["seq"])
        records = log[start:]
        if method is not None:
            records = [r for r in records if r["method"].lower() == method.lower()]
        return records

    # -- callbacks -----------------------------------------------------------
    def new_callback(
        self, chat: Chat, message: dict[str, Any], from_user: dict[str, Any], data: str | None
    ) -> dict[str, Any]:
        self._callback_seq += 1
        query_id = str(4_000_000_000_000_000_000 + self._callback_seq)
        query: dict[str, Any] = {
            "id": query_id,
            "from": from_user,
            "message": dict(message),
            "chat_instance": str(abs(chat.id) * 31 + 7),  # stable per chat, like Telegram
        }
        if data is not None:
            query["data"] = data
        self.callbacks[query_id] = {"answered": False, "chat_id": chat.id}
        return query

    # -- files ---------------------------------------------------------------
    def store_file(
        self,
        kind: str,
        content: bytes,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        self._file_seq += 1
        n = self._file_seq
        prefix = {"photo": "AgAC", "document": "BQAC"}.get(kind, "CAAC")
        ext = "jpg" if kind == "photo" else (file_name or "bin").rsplit(".", 1)[-1]
        stored = StoredFile(
            file_id=f"{prefix}emu{n:08d}",
            file_unique_id=f"AQADemu{n:08d}",
            kind=kind,
            content=content,
            file_path=f"{kind}s/file_{n}.{ext}",
            file_name=file_name if kind != "photo" else None,
            mime_type=mime_type if kind != "photo" else None,
        )
        if kind == "photo":
            # Telegram returns several sizes; the thumbnail shares the bytes here.
            self._file_seq += 1
            thumb = StoredFile(
                file_id=f"{prefix}emu{self._file_seq:08d}",
                file_unique_id=f"AQADemu{self._file_seq:08d}",
                kind=kind,
                content=content,
                file_path=f"photos/file_{self._file_seq}.jpg",
            )
            sizes = [_photo_size(thumb, 90, 67), _photo_size(stored, 1280, 960)]
            thumb.sizes = stored.sizes = sizes
            self.files[thumb.file_id] = thumb
        self.files[stored.file_id] = stored
        return stored

    def file(self, file_id: str, kind: str | None = None) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            raise bad_request(E.WRONG_FILE)
        if kind is not None and stored.kind != kind:
            raise bad_request(
                f"type of file mismatch: can't use file of type {stored.kind.title()} as "
                f"{kind.title()}"
            )
        return stored


def _photo_size(f: StoredFile, width: int, height: int) -> dict[str, Any]:
    return {
        "file_id": f.file_id,
        "file_unique_id": f.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(f.content),
    }


def _pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: data[k] for k in keys if k in data}


__all__ = [
    "BOT_ID",
    "BOT_USERNAME",
    "ApiError",
    "Chat",
    "EmulatorState",
    "StoredFile",
    "User",
    "bot_user",
    "member_obj",
]
