"""The three lists, the figures, points and the files, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook

from bot.domain.models import Person, Role
from bot.i18n import Translator
from bot.reports.charts import weekly_chart
from bot.reports.html import html_report
from bot.reports.workbook import workbook
from bot.services.lists import ListKind, ListService, Wanted
from bot.services.permissions import AdminOnly
from bot.services.points import PointsService
from bot.services.stats import StatsService, percentile, period_for
from bot.settings import PointsSettings
from storage.database import Database
from storage.repositories import Repositories

NOW = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
HOUR = timedelta(hours=1)


def clock() -> datetime:
    return NOW


async def world(repos: Repositories) -> dict[str, Person]:
    """Community 和美 (grids A, B; member 李 owns A-3), community 幸福 with its own admin."""
    d = repos.directory
    c1 = await d.save_community("和美社区", "Asia/Shanghai")
    c2 = await d.save_community("幸福社区", "Asia/Shanghai")
    ga, gb = await d.save_grid(c1, "A", "和美小区"), await d.save_grid(c1, "B", "二期")
    gc = await d.save_grid(c2, "C", "幸福小区")
    b3, b5 = await d.save_building(ga, "3"), await d.save_building(ga, "5")
    b9 = await d.save_building(gb, "9")
    await d.save_building(gc, "1")
    people = {
        name: await repos.people.insert(name=name, telegram_id=tid, username=None)
        for name, tid in (("书记", 1), ("主任", 2), ("网格长", 3), ("李", 4), ("居民", 5))
    }
    await d.set_admins(c1, [people["书记"].id])
    await d.set_admins(c2, [people["主任"].id])
    await d.set_posts(ga, None, [(Role.LEADER, people["网格长"].id)])
    await d.set_posts(ga, b3, [(Role.MEMBER, people["李"].id)])
    # (building, grid, state, filed hours ago, ack after h, resolve after h, rating, category)
    rows = [
        (b3, ga, "closed", 30, 1, 5, 3, "facilities"),
        (b3, ga, "closed", 28, 2, 10, 2, "facilities"),
        (b3, ga, "resolved", 20, 3, 6, None, "sanitation"),
        (b3, ga, "new", 72, None, None, None, "safety"),  # overdue
        (b5, ga, "acknowledged", 3, 1, None, None, "parking"),
        (b9, gb, "closed", 10, 4, 8, 1, "other"),
        (b9, gb, "withdrawn", 5, None, None, None, "other"),
    ]
    for number, (building, grid, state, ago, ack, resolve, rating, category) in enumerate(rows, 1):
        created = NOW - ago * HOUR
        request = await repos.requests.insert(
            community_id=c1, number=number, grid_id=grid, building_id=building,
            reporter_id=people["居民"].id, text=f"诉求{number}", category=category, urgent=False,
            state=state, level="member", assignee_id=people["李"].id if building == b3 else None,
            created_at=created,
            acknowledged_at=created + ack * HOUR if ack else None,
            resolved_at=created + resolve * HOUR if resolve else None,
            closed_at=created + (resolve + 1) * HOUR if state == "closed" and resolve else None,
            rating=rating,
        )  # fmt: skip
        if ack:
            await repos.requests.add_event(
                request.id, at=created + ack * HOUR, actor_id=people["李"].id,
                action="acknowledge", state_from=None, state_to=None,
            )  # fmt: skip
    # Points read transitions: mark them as such.
    from sqlalchemy import update

    from storage.schema import request_events

    await repos.connection.execute(
        update(request_events).values(state_from="new", state_to="acknowledged")
    )
    return people


def lists(repos: Repositories) -> ListService:
    return ListService(repos, clock, page_size=2, overdue_after=timedelta(hours=48))


async def test_lists_by_role_with_filters_and_pages(database: Database) -> None:
    async with database.transaction() as repos:
        people = await world(repos)
        service = lists(repos)
        demand = await service.requests(people["书记"], ListKind.DEMAND, Wanted(), 0)
        assert (demand.total, demand.pages) == (2, 1)  # resolved is no longer open
        assert [i.request.number for i in demand.items] == [5, 4]  # newest first
        overdue = await service.requests(people["书记"], ListKind.DEMAND, Wanted(overdue=True), 0)
        assert [i.request.number for i in overdue.items] == [4]
        progress = await service.requests(
            people["书记"], ListKind.PROGRESS, Wanted(category="other"), 0
        )
        assert progress.total == 2
        assert (await service.requests(people["主任"], ListKind.PROGRESS, Wanted(), 0)).total == 0
        assert (await service.requests(people["网格长"], ListKind.PROGRESS, Wanted(), 0)).total == 5
        assert (await service.requests(people["李"], ListKind.PROGRESS, Wanted(), 0)).total == 4
        owners = await service.owners(people["书记"], 0)
        assert [(o.name, o.buildings, o.open_tasks) for o in owners.items] == [("李", ["A-3"], 1)]
        for refused in (people["居民"], None):
            try:
                await service.requests(refused, ListKind.DEMAND, Wanted(), 0)
            except AdminOnly:
                continue
            raise AssertionError("a resident saw the lists")


async def test_figures_rates_and_times(database: Database) -> None:
    async with database.transaction() as repos:
        people = await world(repos)
        stats = StatsService(repos, clock, timedelta(hours=48))
        report = await stats.report(people["书记"], "month")
        total = report.total
        assert (total.received, total.closed, total.overdue) == (7, 4, 1)
        assert total.closure_rate == 4 / 6  # the withdrawn one does not count
        assert total.satisfaction_rate == 2 / 3
        assert total.ack_median == 2 * 3600 and total.ack_p90 == 4 * 3600
        assert total.resolve_median == 6 * 3600
        assert [name for name, _ in report.by_grid] == ["A 和美小区", "B 二期"]
        mine = await stats.report(people["李"], "month")
        assert mine.total.received == 4 and mine.by_grid == []  # one grid: the total says it
        weekly = await stats.weekly(report.viewer)
        assert sum(sum(v) for v in weekly.by_category.values()) == 7
        png = weekly_chart(Translator().bind("en"), weekly)
        assert png.startswith(b"\x89PNG")
        page = html_report(Translator().bind("en"), report, png)
        assert "Closure rate" in page and "66.7%" in page and "data:image/png" in page


async def test_points_and_workbook(database: Database) -> None:
    async with database.transaction() as repos:
        people = await world(repos)
        points = PointsService(
            repos, clock, PointsSettings(acknowledged=1, resolved=3, well_rated=2)
        )
        boards = await points.leaderboards(people["书记"])
        assert boards[0].title == "和美社区"
        top = boards[0].rows[0]
        # 李 acknowledged all 5 (in the fixture), 1 well rated (满意) closed request.
        assert (top.name, top.acknowledged, top.well_rated) == ("李", 5, 1)
        assert top.points == 5 * 1 + 1 * 2
        who, demand, owners, progress = await lists(repos).everything(people["书记"])
        content = workbook(Translator().bind("en"), demand, owners, progress, who.zone, NOW)
        book = load_workbook(io.BytesIO(content))
        assert book.sheetnames == ["Demand", "Responsibility", "Progress"]
        sheet = book["Progress"]
        assert sheet["A1"].value == "No." and sheet["H1"].value == "Filed"
        assert isinstance(sheet["H2"].value, datetime)  # a real date, in Shanghai time
        assert sheet.max_row == 8


def test_periods_and_percentiles() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    may = period_for("2026-04", NOW, zone)
    assert (may.start.month, may.end.month, may.label) == (4, 5, "2026-04")
    assert period_for("month", NOW, zone).start.day == 1
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3 and percentile([], 0.9) is None
