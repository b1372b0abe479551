"""The grid teaches the parser: after a few corrections and a `learn`, a phrasing that was
misfiled is handled right, in that community only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import create_app
from bot.services.learning import learn
from devtools.sandbox import sandbox
from storage.schema import communities, requests
from tests.conftest import GRID
from tests.story import GROUP3, MEMBER3, WANG, Story, User, buttons, plain

# A second community whose groups are spoken to in English.
SUNNY_GROUP = -2001
ALICE = User(4001, "Alice", "en")
SUNNY = """
[[community]]
name = "Sunny Court"
timezone = "Asia/Shanghai"
locale = "en"

[[community.grid]]
code = "S"
name = "Sunny"

[[community.grid.building]]
number = "1"
member = { id = 4001, name = "Alice" }
chat = -2001
"""


@pytest.fixture
async def story(sqlite_url: str) -> AsyncIterator[Story]:
    async with sandbox(sqlite_url, GRID + SUNNY) as box:
        story = Story(box)
        await box.client.add_user(ALICE.id, ALICE.name, language_code="en")
        await box.client.add_group(SUNNY_GROUP, "Sunny Court block 1")
        await story.populate()
        await box.client.start_private(ALICE.id)
        await box.settle()
        await story.new()
        yield story


async def _filed(story: Story) -> list[tuple[str, str, str]]:
    async with story.box.app.database.transaction() as repos:
        query = select(communities.c.name, requests.c.text, requests.c.category).join(
            communities, communities.c.id == requests.c.community_id
        )
        rows = await repos.connection.execute(query.order_by(requests.c.id))
    return [(row.name, row.text, row.category) for row in rows]


async def test_a_residents_not_a_request_teaches_the_parser_of_that_community_only(
    story: Story,
) -> None:
    # A private repair, asking the neighbours for a tradesman: the shipped model files it.
    for text in ("家里空调坏了，推荐个师傅", "家里空调坏了，求推荐个师傅"):
        await story.say(WANG, GROUP3, text)
        (reply,) = await story.new(GROUP3)
        assert buttons(reply) == ["不是诉求，撤回"]
        await story.press(WANG, reply, "不是诉求，撤回")
        await story.new()
    await story.box.app.learn_parser()  # what the nightly job does

    await story.say(WANG, GROUP3, "家里空调坏了，谁推荐个师傅")
    assert await story.new(GROUP3) == []  # ignored now
    await story.say(WANG, GROUP3, "3栋楼道灯坏了好几天了")
    assert "#3" in plain((await story.new(GROUP3))[0]["text"])  # the rest as before

    # The other community never corrected it: still filed there.
    await story.say(WANG, SUNNY_GROUP, "家里空调坏了，谁推荐个师傅")
    assert "#1" in plain((await story.new(SUNNY_GROUP))[0]["text"])


async def test_a_members_category_correction_teaches_the_parser(story: Story) -> None:
    text = "The kids in the courtyard are loud every evening"
    await story.say(ALICE, SUNNY_GROUP, text)
    await story.say(ALICE, SUNNY_GROUP, "/category 1 dispute")
    confirmation = (await story.new(SUNNY_GROUP))[-1]
    assert "#1 is now Neighbour dispute" in plain(confirmation["text"])
    await story.say(ALICE, SUNNY_GROUP, "/category 1")  # no category: the usage
    assert "Usage: /category" in plain((await story.new(SUNNY_GROUP))[-1]["text"])
    await story.say(WANG, SUNNY_GROUP, "/category 1 safety")  # a resident may not
    refusal = plain((await story.new(SUNNY_GROUP))[-1]["text"])
    assert "Only the member in charge" in refusal
    assert await _filed(story) == [("Sunny Court", text, "dispute")]
    await story.box.app.learn_parser()

    again = "The kids in the courtyard are so loud every evening"
    await story.say(ALICE, SUNNY_GROUP, again)
    await story.say(WANG, GROUP3, again)  # 和美社区 learned nothing: the shipped category
    filed = await _filed(story)
    assert filed[1] == ("Sunny Court", again, "dispute")
    assert filed[2][0] == "和美社区" and filed[2][2] != "dispute"


async def test_learned_at_night_and_loaded_at_the_next_start(story: Story) -> None:
    app = story.box.app
    job = app.scheduler().get_job("parser_learn")
    assert job is not None and job.func == app.learn_parser
    noon = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    assert job.trigger.get_next_fire_time(None, noon) == datetime(2026, 12, 7, 19, 0, tzinfo=UTC)

    text = "家里空调坏了，推荐个师傅"
    await story.say(WANG, GROUP3, text)
    await story.press(WANG, (await story.new(GROUP3))[0], "不是诉求，撤回")
    async with app.database.transaction() as repos:
        await learn(repos, noon)  # `python -m bot parser learn`, beside the running bot
    restarted = create_app(app.settings)
    try:
        assert restarted.parsers.for_community("和美社区").parse(text).is_request
        await restarted.load_parser_adjustments()  # the first thing `run` does
        assert not restarted.parsers.for_community("和美社区").parse(text).is_request
    finally:
        await restarted.close()


async def test_the_members_correction_commands_confirm_in_the_groups_language(
    story: Story,
) -> None:
    await story.say(WANG, GROUP3, "3栋楼道灯坏了好几天了")
    for command, expected in (
        ("/urgent 1", "#1 已标为紧急"),
        ("/noturgent 1", "#1 已取消紧急"),
        ("/category 1 safety", "#1 已改为“安全隐患”"),
        ("/notrequest 1", "#1 不是诉求，已撤回"),
        ("/notrequest", "用法：/notrequest 编号"),
    ):
        await story.new()
        await story.say(MEMBER3, GROUP3, command)
        texts = [plain(m["text"]) for m in await story.new(GROUP3)]
        assert any(expected in text for text in texts), (command, texts)
    async with story.box.app.database.transaction() as repos:
        sources = [e.source for e in await repos.examples.all()]
    assert sources == ["urgent", "noturgent", "category", "notrequest"]
