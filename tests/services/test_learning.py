"""Corrections become labelled examples; `learn` fits each community's adjustment from them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.domain.errors import NotAllowed, NotReporter, UnknownCategory
from bot.domain.models import State
from bot.services.directory import DirectoryService, read_directory
from bot.services.learning import adjustments, export_examples, learn
from storage.database import Database
from tests.conftest import GRID
from tests.services.test_requests import FixedParser, World


@pytest.fixture
async def world(database: Database) -> AsyncIterator[World]:
    async with database.transaction() as repos:
        await DirectoryService(repos).apply(read_directory(GRID))
    yield World(database, FixedParser(), [])


async def examples(world: World) -> list[tuple[str, bool, str | None, bool, str]]:
    rows = await world.run(lambda _, repos: repos.examples.all())
    return [(e.text, e.is_request, e.category, e.urgent, e.source) for e in rows]


async def test_each_correction_records_an_example(world: World) -> None:
    wang, member = await world.person(9001, "王阿姨"), await world.person(3001)
    for message in (1, 2, 3):
        await world.file(wang, "楼道灯坏了", message=message)
    recategorised = await world.run(lambda s, _: s.recategorise(member, 1, "safety"))
    assert recategorised.category == "safety"
    assert (await world.run(lambda s, _: s.set_urgent(member, 1, True))).urgent
    assert not (await world.run(lambda s, _: s.set_urgent(member, 1, False))).urgent
    dropped = await world.run(lambda s, _: s.not_a_request(member, 2))
    assert dropped.state is State.WITHDRAWN
    withdrawn = await world.run(lambda s, _: s.withdraw(wang, 3))
    assert withdrawn.state is State.WITHDRAWN
    assert await examples(world) == [
        ("楼道灯坏了", True, "safety", False, "category"),
        ("楼道灯坏了", True, "safety", True, "urgent"),
        ("楼道灯坏了", True, "safety", False, "noturgent"),
        ("楼道灯坏了", False, None, False, "notrequest"),
        ("楼道灯坏了", False, None, False, "withdrawn"),
    ]
    events = await world.run(lambda _, repos: repos.requests.events(1))
    assert [e.action for e in events] == ["filed", "category", "urgent", "noturgent"]


async def test_a_resident_cannot_correct_a_request(world: World) -> None:
    wang, neighbour = await world.person(9001), await world.person(9002)
    await world.file(wang)
    with pytest.raises(NotAllowed):
        await world.run(lambda s, _: s.recategorise(neighbour, 1, "safety"))
    with pytest.raises(NotAllowed):
        await world.run(lambda s, _: s.not_a_request(wang, 1))  # not even their own: /withdraw
    with pytest.raises(NotAllowed):
        await world.run(lambda s, _: s.set_urgent(neighbour, 1, True))
    with pytest.raises(NotReporter):
        await world.run(lambda s, _: s.withdraw(neighbour, 1))
    assert await examples(world) == []


async def test_an_unknown_category_is_refused(world: World) -> None:
    wang, member = await world.person(9001), await world.person(3001)
    await world.file(wang)
    with pytest.raises(UnknownCategory):
        await world.run(lambda s, _: s.recategorise(member, 1, "weather"))


async def test_learn_keeps_the_latest_label_per_text_and_exports_all(world: World) -> None:
    wang, member = await world.person(9001), await world.person(3001)
    await world.file(wang, "楼道灯坏了", message=1)
    await world.file(wang, "楼道灯 坏了！", message=2)
    await world.run(lambda s, _: s.recategorise(member, 1, "safety"))
    await world.run(lambda s, _: s.not_a_request(member, 2))
    fitted = await world.run(lambda _, repos: learn(repos, world.now))
    assert [(f.community, f.examples, f.kept) for f in fitted] == [("和美社区", 2, 2)]
    loaded = await world.run(lambda _, repos: adjustments(repos))
    assert [(c.text, c.is_request) for c in loaded["和美社区"]] == [
        ("楼道灯坏了", True),
        ("楼道灯 坏了!", False),
    ]
    rows = await world.run(lambda _, repos: export_examples(repos))
    assert rows[1] == {
        "text": "楼道灯 坏了！",
        "is_request": False,
        "category": None,
        "urgent": False,
        "community": "和美社区",
        "source": "notrequest",
    }
    # Learning again replaces the adjustment, it does not add a second one.
    await world.run(lambda _, repos: learn(repos, world.now))
    assert len(await world.run(lambda _, repos: repos.examples.adjustments())) == 1
