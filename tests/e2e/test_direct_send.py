"""Stored payloads leave as JSON (bot/delivery/direct.py): Telegram sees what aiogram's
multipart form carried, and every refusal lands the row where aiogram's exceptions did."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import select

from bot.delivery.lanes import Lane
from bot.delivery.writer import message_payload
from storage.repositories import Repositories
from storage.repositories.outbox import OutboxRepository, OutboxState
from storage.schema import outbox
from tests.story import GROUP3, GROUP5, STRANGER, Story
from tests.waiting import until

# Fields the emulator gives each message of its own: they differ between any two sends.
_OWN = {"message_id", "date", "seq", "id", "update_id", "time"}


def _aiogram_calls(story: Story) -> list[str]:
    """Counts the calls that took aiogram's way (its session's make_request)."""
    session = story.box.app.bot.session
    calls: list[str] = []
    original = session.make_request

    async def counted(bot: Any, method: Any, **options: Any) -> Any:
        calls.append(method.__api_method__)
        return await original(bot, method, **options)

    session.make_request = counted  # type: ignore[method-assign]
    return calls


async def _queue(
    story: Story,
    method: str,
    payload: dict[str, Any],
    priority: Lane = Lane.INTERACTIVE,
    **extra: Any,
) -> int:
    async with story.box.app.database.transaction() as repos:
        row_id = await repos.outbox.add(
            chat_id=payload["chat_id"],
            method=method,
            payload=payload,
            priority=priority,
            at=story.box.app.clock(),
            **extra,
        )
    story.box.app.sender.wake()
    return row_id


async def _row(story: Story, row_id: int) -> Any:
    async with story.box.app.database.transaction() as repos:
        return (await repos.connection.execute(select(outbox).where(outbox.c.id == row_id))).one()


async def _settled(story: Story, row_id: int, state: str = OutboxState.SENT) -> Any:
    async def check() -> Any:
        row = await _row(story, row_id)
        return row if row.state == state else None

    return await until(check, f"outbox {row_id} {state}")


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in _OWN}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


async def _send_both_ways(story: Story, method: str, payload: dict[str, Any]) -> list[Any]:
    """The same payload once through aiogram and once directly: what the emulator recorded."""
    sender = story.box.app.sender
    records = []
    for direct in (False, True):
        sender.direct.enabled = direct
        since = await story._last_seq()
        row = await _settled(story, await _queue(story, method, payload))
        [record] = await story.emu.sent(payload["chat_id"], since=since, method=method)
        assert record["message_id"] == row.message_id
        records.append(_strip(record))
    sender.direct.enabled = True
    return records


async def test_a_message_leaves_the_same_either_way(story: Story) -> None:
    calls = _aiogram_calls(story)
    from aiogram.utils.keyboard import InlineKeyboardBuilder

    keyboard = InlineKeyboardBuilder()
    keyboard.button(text="是", callback_data="r:1:yes")
    keyboard.button(text="看看", url="https://example.org/a?b=c")
    original = await _settled(
        story, await _queue(story, "sendMessage", message_payload(GROUP3, "原消息"))
    )
    payload = message_payload(
        GROUP3,
        '<b>已登记</b> #1 &amp; "引号" 😀',
        reply_to=original.message_id,
        markup=keyboard.as_markup(),
    )
    aiogram, direct = await _send_both_ways(story, "sendMessage", payload)
    assert aiogram == direct
    assert direct["text"] == payload["text"] and direct["parse_mode"] == "HTML"
    assert direct["reply_markup"] == payload["reply_markup"]
    assert direct["reply_to_message_id"] == original.message_id
    assert calls == ["sendMessage"]  # the direct one did not go through aiogram


async def test_a_poll_and_an_edit_leave_the_same_either_way(story: Story) -> None:
    calls = _aiogram_calls(story)
    poll = {
        "chat_id": GROUP5,
        "question": "周六几点开会？",
        "options": [{"text": "上午"}, {"text": "下午"}],
        "is_anonymous": False,
        "allows_multiple_answers": True,
    }
    aiogram, direct = await _send_both_ways(story, "sendPoll", poll)
    assert aiogram == direct
    row = await _settled(story, await _queue(story, "sendMessage", message_payload(GROUP5, "一")))
    edited = await _settled(
        story,
        await _queue(
            story,
            "editMessageText",
            {"chat_id": GROUP5, "message_id": row.message_id, "text": "二", "parse_mode": "HTML"},
        ),
    )
    assert edited.message_id == row.message_id  # the edit answers the message it changed
    assert (await story.emu.message(GROUP5, row.message_id))["text"] == "二"
    await story.emu.set_bot_admin(GROUP5)
    pin = await _settled(
        story,
        await _queue(
            story,
            "pinChatMessage",
            {"chat_id": GROUP5, "message_id": row.message_id, "disable_notification": True},
        ),
    )
    assert pin.message_id is None  # answered `true`
    assert calls == ["sendPoll"]


def _count(story: Story, counter: Any, *labels: str) -> float:
    return float(counter.labels(*labels)._value.get())


async def test_429_is_retried_and_counted(story: Story) -> None:
    metrics = story.box.app.metrics
    before_429 = _count(story, metrics.api_429, "sendMessage")
    before_ok = _count(story, metrics.api_calls, "sendMessage", "ok")
    await story.emu.set_faults(rate_429=1.0, retry_after=1, methods=["sendMessage"])
    row_id = await _queue(story, "sendMessage", message_payload(GROUP3, "稍后"))

    async def refused() -> Any:
        row = await _row(story, row_id)
        return row if row.error and "429" in row.error else None

    row = await until(refused, "a 429 recorded")
    assert row.state in (OutboxState.PENDING, OutboxState.SENDING)
    await story.emu.set_faults(rate_429=0.0)
    row = await _settled(story, row_id)
    assert row.attempts == 1  # a 429 costs no attempt
    assert _count(story, metrics.api_429, "sendMessage") > before_429
    assert _count(story, metrics.api_calls, "sendMessage", "retry_after") > 0
    assert _count(story, metrics.api_calls, "sendMessage", "ok") == before_ok + 1


async def test_403_falls_back_to_the_group(story: Story) -> None:
    # STRANGER never opened a private chat with the bot.
    fallback = message_payload(GROUP3, "请私聊机器人")
    row_id = await _queue(
        story, "sendMessage", message_payload(STRANGER.id, "私信"), fallback=[fallback]
    )
    row = await _settled(story, row_id, OutboxState.FAILED)
    assert row.error and "Forbidden" in row.error

    async def posted() -> Any:
        return [r for r in await story.emu.sent(GROUP3) if r["text"] == "请私聊机器人"]

    await until(posted, "the fallback in the group")


async def test_400_fails_without_retry(story: Story) -> None:
    row_id = await _queue(
        story,
        "editMessageText",
        {"chat_id": GROUP3, "message_id": 999999, "text": "无此消息"},
    )
    row = await _settled(story, row_id, OutboxState.FAILED)
    assert row.error and "Bad Request" in row.error
    assert row.attempts == 1


async def test_migrated_group_is_readdressed_and_sent(story: Story) -> None:
    await story.emu.add_group(-3009, "老群", type="group")
    await story.emu.migrate(-3009, -1009005)
    row_id = await _queue(story, "sendMessage", message_payload(-3009, "搬家了"))
    row = await _settled(story, row_id)
    assert row.chat_id == -1009005
    assert [r["text"] for r in await story.emu.sent(-1009005)][-1] == "搬家了"


async def test_no_answer_is_a_network_error(story: Story) -> None:
    """A lost answer (the emulator holds it past the timeout) counts as no answer, as
    aiogram's TelegramNetworkError did: sent once more, then marked."""
    story.box.app.bot.session.timeout = 1
    await story.emu.set_faults(timeout_next=1, timeout_seconds=1.5)
    row_id = await _queue(story, "sendMessage", message_payload(GROUP3, "也许送达了"))

    async def noted() -> Any:
        row = await _row(story, row_id)
        return row if row.error and "no answer" in row.error else None

    row = await until(noted, "no answer recorded")
    assert "Request timeout error" in row.error
    row = await _settled(story, row_id)
    assert row.attempts == 2


async def test_what_aiogram_left_out_is_left_out(story: Story) -> None:
    """A stored None or empty string never reached Telegram through aiogram's form: the
    direct way leaves them out too, rather than sending the stored text as it is."""
    direct = story.box.app.sender.direct
    bodies: list[bytes] = []
    post = direct._post

    def recorded(body: bytes, payload: dict[str, Any]) -> Any:
        bodies.append(body)
        return post(body, payload)

    direct._post = recorded  # type: ignore[method-assign]
    payload = {
        **message_payload(GROUP3, "空字段"),
        "reply_markup": None,
        "business_connection_id": "",
    }
    await _settled(story, await _queue(story, "sendMessage", payload))
    plain_payload = message_payload(GROUP3, "原样")
    await _settled(story, await _queue(story, "sendMessage", plain_payload))
    left_out, as_stored = bodies
    assert json.loads(left_out) == message_payload(GROUP3, "空字段")
    assert as_stored == json.dumps(plain_payload, ensure_ascii=False).encode()


async def test_a_lease_of_a_bulk_send_waits_for_the_disk(
    story: Story, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lease commits without waiting for the disk (lost to a power loss, its sends go
    again), except one with a BULK send: a broadcast's copy must never go twice."""
    database = story.box.app.database
    leases: list[tuple[bool, list[int]]] = []
    transaction = database.transaction
    durable_of: dict[int, bool] = {}  # by the id of the transaction's outbox repository

    @asynccontextmanager
    async def spied(urgent: bool = False, durable: bool = True) -> AsyncIterator[Repositories]:
        async with transaction(urgent=urgent, durable=durable) as repos:
            durable_of[id(repos.outbox)] = durable
            yield repos

    original = OutboxRepository.claim_many

    async def claim(self: OutboxRepository, ids: list[int], now: Any) -> Any:
        leases.append((durable_of[id(self)], list(ids)))
        return await original(self, ids, now)

    monkeypatch.setattr(database, "transaction", spied)
    monkeypatch.setattr(OutboxRepository, "claim_many", claim)
    reply = {"chat_id": GROUP3, "text": "回复"}
    first = await _queue(story, "sendMessage", reply)
    await _settled(story, first)
    bulk = await _queue(story, "sendMessage", {"chat_id": GROUP5, "text": "公告"}, Lane.BULK)
    await _settled(story, bulk)
    assert (False, [first]) in leases
    assert (True, [bulk]) in leases
