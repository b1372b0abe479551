"""Webhook mode: Telegram pushes updates with the secret; nobody else gets anything filed."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import aiohttp
import pytest
from aiogram import F, Router
from aiogram.types import Message
from sqlalchemy import func, select

from devtools.emulator.webhook import SECRET_HEADER
from devtools.sandbox import Sandbox
from storage.schema import failed_updates, requests
from tests.process import bot_environment
from tests.story import GROUP3, MEMBER3, WANG, Story, plain
from tests.unit.test_cli_errors import cli
from tests.waiting import until
from tests.web.conftest import SECRET, base_url

LAMP = "3栋2单元楼道灯坏了好几天了，晚上上楼黑漆漆的"


def update(update_id: int, message_id: int, text: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": message_id,
            "date": 1_765_000_000,
            "chat": {"id": GROUP3, "type": "supergroup", "title": "3栋邻里群"},
            "from": {"id": WANG.id, "is_bot": False, "first_name": WANG.name},
            "text": text,
        },
    }


async def filed(story: Story) -> int:
    async with story.box.app.database.transaction() as repos:
        return int(
            (
                await repos.connection.execute(select(func.count()).select_from(requests))
            ).scalar_one()
        )


async def test_a_residents_message_pushed_with_the_secret_becomes_a_request(
    webhook_story: Story,
) -> None:
    message = await webhook_story.say(WANG, GROUP3, LAMP)

    (reply,) = await webhook_story.new(GROUP3)
    assert reply["reply_to_message_id"] == message["message_id"]
    assert "#1" in plain(reply["text"])
    assert "楼道灯" in plain((await webhook_story.emu.sent(MEMBER3.id))[-1]["text"])
    stats = await webhook_story.emu.stats()
    # Pushed, never polled: the webhook is the only way in.
    assert stats["webhook_delivered"] > 0
    assert stats["calls"].get("getUpdates", 0) == 0
    assert stats["webhook_failed"] == 0


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "not-the-secret"}, {SECRET_HEADER: ""}])
async def test_a_request_without_the_right_secret_is_refused_and_nothing_is_filed(
    webhook_story: Story, http: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    url = base_url(webhook_story.box) + "/tg/hook"
    async with http.post(url, json=update(900_001, 77, LAMP), headers=headers) as response:
        assert response.status == 401
    await webhook_story.box.settle()
    assert await filed(webhook_story) == 0
    assert await webhook_story.new() == []


async def test_the_same_update_delivered_twice_files_one_request(
    webhook_story: Story, http: aiohttp.ClientSession
) -> None:
    url = base_url(webhook_story.box) + "/tg/hook"
    for _ in range(2):
        async with http.post(
            url, json=update(900_002, 78, LAMP), headers={SECRET_HEADER: SECRET}
        ) as response:
            assert response.status == 200
    await webhook_story.box.settle()
    assert await filed(webhook_story) == 1
    assert len(await webhook_story.new(GROUP3)) == 1
    # The same server answers the operators' checks; the second delivery shows as a duplicate.
    async with http.get(base_url(webhook_story.box) + "/metrics") as response:
        text = await response.text()
    assert 'weige_updates_total{outcome="duplicate",type="message"} 1.0' in text
    async with http.get(base_url(webhook_story.box) + "/healthz") as response:
        assert response.status == 200


@pytest.mark.parametrize(
    "body", [b"{not json", b"", b"[1, 2]", json.dumps({"update_id": "x"}).encode()]
)
async def test_a_body_that_is_no_update_gets_400_and_its_text_stays_out_of_the_log(
    webhook_story: Story,
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    url = base_url(webhook_story.box) + "/tg/hook"
    secret_words = "王阿姨家3栋2单元 13800001111"
    with caplog.at_level(logging.INFO):
        async with http.post(
            url, data=body + secret_words.encode(), headers={SECRET_HEADER: SECRET}
        ) as response:
            assert response.status == 400
    assert "not a Telegram update" in caplog.text
    assert "13800001111" not in caplog.text and "王阿姨" not in caplog.text
    assert await filed(webhook_story) == 0


async def test_pushes_refused_by_the_bot_are_retried_until_answered(
    webhook_story: Story,
) -> None:
    """Telegram's side of the bargain, as the emulator plays it: a failed answer is retried."""
    box = webhook_story.box
    assert box.app.web is not None
    await box.app.web.stop()  # the bot's server is down for a moment
    await webhook_story.emu.say(GROUP3, WANG.id, LAMP)

    async def refused() -> bool:
        return bool((await webhook_story.emu.stats())["webhook_failed"])

    await until(refused, "the push refused while the server is down")
    await box.app.web.start()
    await box.settle(timeout=15)
    assert await filed(webhook_story) == 1


def test_webhook_mode_without_its_address_or_secret_is_one_config_line(tmp_path: Path) -> None:
    env = bot_environment("http://127.0.0.1:9", f"sqlite+aiosqlite:///{tmp_path}/w.db")
    result = cli(env, "run", "--webhook")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("config error: webhook.public_url: missing")
    )
    env["WEIGE_WEBHOOK__PUBLIC_URL"] = "https://bot.example.org"
    result = cli(env, "run", "--webhook")
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("config error: webhook.secret_token: missing")
    )
    env["WEIGE_WEBHOOK__SECRET_TOKEN"] = "has spaces and ü"
    result = cli(env, "run", "--webhook")
    assert result.returncode == 2
    assert "webhook.secret_token: 1-256 characters" in result.stderr


async def test_a_failing_handler_keeps_the_update_answers_200_and_counts_it(
    webhook_box: Sandbox, http: aiohttp.ClientSession
) -> None:
    attempts: list[int] = []

    async def fragile(message: Message) -> None:
        attempts.append(message.message_id)
        if len(attempts) == 1:
            raise RuntimeError("database went away")

    router = Router(name="fragile")
    router.message.register(fragile, F.text == "boom")
    webhook_box.app.dispatcher.include_router(router)
    story = Story(webhook_box)
    await story.populate()
    await story.say(WANG, WANG.id, "boom")

    async with webhook_box.app.database.transaction() as repos:
        kept = (await repos.connection.execute(select(failed_updates))).one()
    assert kept.state == "pending" and "database went away" in kept.error
    # Kept, so answered: Telegram is not made to send it again and again.
    assert (await story.emu.stats())["webhook_failed"] == 0
    assert await webhook_box.app.poller.retry_failed() == 1
    assert len(attempts) == 2
    async with http.get(base_url(webhook_box) + "/metrics") as response:
        text = await response.text()
    assert 'weige_updates_total{outcome="failed",type="message"} 1.0' in text
