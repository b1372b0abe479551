"""A small client so end-to-end tests read like the story they check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Re-exported: tests read what the bot sent through the story.
from devtools.emulator.client import buttons as buttons
from devtools.emulator.client import plain as plain
from devtools.sandbox import Sandbox


@dataclass(frozen=True)
class User:
    id: int
    name: str
    language_code: str = "zh-hans"
    username: str | None = None


# Residents
WANG = User(9001, "王阿姨")
TOM = User(9002, "Tom", "en")
LIU = User(9003, "刘大爷")
STRANGER = User(9009, "路人甲")
# The directory's people (tests/grid.toml)
SECRETARY = User(1001, "王书记")
LEADER = User(2001, "张网格长")
HEALTH = User(2002, "刘医生")
LEGAL = User(2003, "陈律师")
MEMBER3 = User(3001, "李长明")
MEMBER5 = User(3005, "陈阿姨")
B3_MEMBER = User(3100, "吴师傅", username="b3_member")

GROUP3, GROUP5, GROUP7 = -1003, -1005, -1007
EVERYONE = (WANG, TOM, LIU, STRANGER, SECRETARY, LEADER, HEALTH, LEGAL, MEMBER3, MEMBER5, B3_MEMBER)


class Story:
    def __init__(self, box: Sandbox) -> None:
        self.box = box
        self.emu = box.client
        self._seen = 0

    async def populate(self, started: tuple[User, ...] = (MEMBER3, LEADER, SECRETARY)) -> None:
        """Everyone exists; members in `started` have opened a private chat with the bot."""
        for user in EVERYONE:
            await self.emu.add_user(
                user.id, user.name, username=user.username, language_code=user.language_code
            )
        for chat_id, title in ((GROUP3, "3栋邻里群"), (GROUP5, "5栋邻里群"), (GROUP7, "7栋邻里群")):
            await self.emu.add_group(chat_id, title)
        for user in started:
            await self.emu.start_private(user.id)
        await self.box.settle()
        self._seen = await self._last_seq()

    @classmethod
    async def from_now(cls, box: Sandbox) -> Story:
        """A story joining a world already under way: `new()` starts from here."""
        story = cls(box)
        story._seen = await story._last_seq()
        return story

    async def _last_seq(self) -> int:
        records = await self.emu.sent()
        return records[-1]["seq"] if records else 0

    async def say(
        self,
        user: User | None,
        chat_id: int,
        text: str | None,
        *,
        settle: bool = True,
        **fields: Any,
    ) -> dict[str, Any]:
        """`user` None: posted as a channel or anonymous admin (give `sender_chat_id`).
        `settle=False` while long work (a broadcast) keeps the bot busy."""
        message = await self.emu.say(chat_id, user.id if user else None, text, **fields)
        if settle:
            await self.box.settle()
        return message

    async def press(
        self, user: User, record: dict[str, Any], button: str, *, settle: bool = True
    ) -> dict[str, Any]:
        """Press a button on a message the bot sent (a sent record, or the message as it is
        now); returns the callback answer the user saw. `settle=False` for a press that starts
        long work (a broadcast): the answer is then not waited for."""
        chat_id = record["chat_id"] if "chat_id" in record else record["chat"]["id"]
        pressed = await self.emu.press(chat_id, record["message_id"], user.id, button_text=button)
        if not settle:
            return pressed
        await self.box.settle()
        answers = await self.emu.callback_answers()
        return next(a for a in answers if a["callback_query_id"] == pressed["callback_query_id"])

    async def react(
        self, user: User, record: dict[str, Any], *emoji: str, settle: bool = True
    ) -> int | None:
        """The user's reactions on a message (a sent record or a message) become `emoji`."""
        chat_id = record["chat_id"] if "chat_id" in record else record["chat"]["id"]
        update_id = await self.emu.react(chat_id, record["message_id"], user.id, list(emoji))
        if settle:
            await self.box.settle()
        return update_id

    async def last_to(self, chat_id: int) -> dict[str, Any]:
        """The bot's newest message in the chat."""
        return (await self.emu.sent(chat_id))[-1]

    async def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as the chat shows it now (after the bot's edits)."""
        return await self.emu.message(chat_id, message_id)

    async def new(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent since the last call (all chats, or one)."""
        records = await self.emu.sent(since=self._seen)
        if records:
            self._seen = records[-1]["seq"]
        sends = [r for r in records if r["method"].startswith("send")]
        return [r for r in sends if chat_id is None or r["chat_id"] == chat_id]

    async def all_sent(self, chat_id: int) -> list[dict[str, Any]]:
        return [r for r in await self.emu.sent(chat_id) if r["method"].startswith("send")]
