"""The three lists, the figures, points and the files, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import update

from bot.domain.models import Person, Role
from bot.i18n import Translator
from bot.reports.charts import weekly_chart, weekly_figure
from bot.reports.html import html_report
from bot.reports.workbook import workbook
from bot.services.lists import ListKind, ListService, Wanted
from bot.services.permissions import AdminOnly
from bot.services.points import PointsService
from bot.services.stats import StatsService, Weekly, percentile, period_for
from bot.settings import PointsSettings
from storage.database import Database
from storage.repositories import Repositories
from storage.repositories.stats import ListedRequest
from storage.schema import requests

NOW = datetime(2026, 5, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
HOUR = timedelta(hours=1)


def clock() -> datetime:
    return NOW


async def world(repos: Repositories) -> dict[str, Person]:
    """Community 和美 (grids A, B; member 李 owns A-13), community 幸福 with its own admin.

    No two numbers a column could confuse coincide: request numbers (41…) are not request
    ids (1…), building numbers (11…19) are neither, Telegram ids (7101…) are not person ids."""
    d = repos.directory
    c1 = await d.save_community("和美社区", "Asia/Shanghai")
    c2 = await d.save_community("幸福社区", "Asia/Shanghai")
    ga, gb = await d.save_grid(c1, "A", "和美小区"), await d.save_grid(c1, "B", "二期")
    gc = await d.save_grid(c2, "C", "幸福小区")
    b3, b5 = await d.save_building(ga, "13"), await d.save_building(ga, "15")
    b9 = await d.save_building(gb, "19")
    await d.save_building(gc, "11")
    people = {
        name: await repos.people.insert(name=name, telegram_id=tid, username=None)
        for name, tid in (
            ("书记", 7101),
            ("主任", 7102),
            ("网格长", 7103),
            ("李", 7104),
            ("居民", 7105),
        )
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
    for number, (building, grid, state, ago, ack, resolve, rating, category) in enumerate(rows, 41):
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
    from storage.schema import request_events

    await repos.connection.execute(
        update(request_events).values(state_from="new", state_to="acknowledged")
    )
    return people


async def as_stored(repos: Repositories, number: int) -> tuple[int, str, str, str | None]:
    """(number, grid code, building number, assignee) of request `number`, row by row."""
    community = await repos.directory.community_by_name("和美社区")
    assert community is not None
    (request,) = await repos.requests.by_number([community.id], number)
    assert request.grid_id is not None and request.building_id is not None
    grid = await repos.directory.grid(request.grid_id)
    building = await repos.directory.building(request.building_id)
    assert grid is not None and building is not None
    assignee = await repos.people.get(request.assignee_id) if request.assignee_id else None
    return request.number, grid.code, building.number, assignee.name if assignee else None


async def assert_listed_as_stored(repos: Repositories, items: list[ListedRequest]) -> None:
    assert items
    for item in items:
        shown = (item.request.number, item.grid_code, item.building_number, item.assignee_name)
        assert shown == await as_stored(repos, item.request.number)


def lists(repos: Repositories) -> ListService:
    return ListService(repos, clock, page_size=2, overdue_after=timedelta(hours=48))


async def test_lists_by_role_with_filters_and_pages(database: Database) -> None:
    async with database.transaction() as repos:
        people = await world(repos)
        service = lists(repos)
        demand = await service.requests(people["书记"], ListKind.DEMAND, Wanted(), 0)
        assert (demand.total, demand.pages) == (2, 1)  # resolved is no longer open
        # By priority: urgent, then households affected, then the longest waiting.
        assert [i.request.number for i in demand.items] == [44, 45]  # 44 waited 72 h
        await repos.connection.execute(
            update(requests).where(requests.c.number == 45).values(households=3)
        )
        demand = await service.requests(people["书记"], ListKind.DEMAND, Wanted(), 0)
        assert [i.request.number for i in demand.items] == [45, 44]  # 3 households
        await repos.connection.execute(
            update(requests).where(requests.c.number == 44).values(urgent=True)
        )
        demand = await service.requests(people["书记"], ListKind.DEMAND, Wanted(), 0)
        assert [i.request.number for i in demand.items] == [44, 45]  # urgent first
        overdue = await service.requests(people["书记"], ListKind.DEMAND, Wanted(overdue=True), 0)
        assert [i.request.number for i in overdue.items] == [44]
        await assert_listed_as_stored(repos, demand.items + overdue.items)
        progress = await service.requests(
            people["书记"], ListKind.PROGRESS, Wanted(category="other"), 0
        )
        assert progress.total == 2
        await assert_listed_as_stored(repos, progress.items)
        _, everything = await repos.stats.page(
            (await service.viewer(people["书记"])).reach(), service.filters(Wanted()),
            open_only=False, offset=0, limit=100,
        )  # fmt: skip
        assert len(everything) == 7
        await assert_listed_as_stored(repos, everything)
        assert (await service.requests(people["主任"], ListKind.PROGRESS, Wanted(), 0)).total == 0
        assert (await service.requests(people["网格长"], ListKind.PROGRESS, Wanted(), 0)).total == 5
        assert (await service.requests(people["李"], ListKind.PROGRESS, Wanted(), 0)).total == 4
        owners = await service.owners(people["书记"], 0)
        assert [(o.name, o.buildings, o.open_tasks) for o in owners.items] == [("李", ["A-13"], 1)]
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
        # Solved: closed and rated 满意 or 基本满意; the 不满意 and the unrated one are not.
        assert (total.solved, total.resolution_rate) == (2, 2 / 6)
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
        assert "Resolution rate" in page and "33.3%" in page
        # Resolved, then closed unrated when the rating window ran out: not disputed, solved.
        await repos.connection.execute(
            update(requests).where(requests.c.number == 43).values(state="closed")
        )
        total = (await stats.report(people["书记"], "month")).total
        assert (total.closed, total.solved, total.resolution_rate) == (4, 3, 3 / 6)


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
        figures = await StatsService(repos, clock, timedelta(hours=48)).report_for(who, "month")
        content = workbook(
            Translator().bind("en"), demand, owners, progress, who.zone, NOW, figures
        )
        book = load_workbook(io.BytesIO(content))
        assert book.sheetnames == ["Demand", "Responsibility", "Progress", "This month"]
        rates = list(book["This month"].iter_rows(values_only=True))
        assert rates[0][3:5] == ("Closure rate", "Resolution rate")
        assert rates[1][0] == "All" and rates[1][3:5] == (4 / 6, 2 / 6)
        sheet = book["Progress"]
        assert sheet["A1"].value == "No." and sheet["H1"].value == "Filed"
        assert isinstance(sheet["H2"].value, datetime)  # a real date, in Shanghai time
        assert sheet.max_row == 8
        for sheet in (book["Demand"], book["Progress"]):
            for row in sheet.iter_rows(min_row=2, values_only=True):
                number, grid, building, *_ = row
                assert (number, grid, building, row[6]) == await as_stored(repos, number)


def test_periods_and_percentiles() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    may = period_for("2026-04", NOW, zone)
    assert (may.start.month, may.end.month, may.label) == (4, 5, "2026-04")
    assert period_for("month", NOW, zone).start.day == 1
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3 and percentile([], 0.9) is None


def test_chart_counts_requests_in_whole_numbers() -> None:
    # Few requests: left alone, matplotlib would tick the count axis at 0.25, 0.5, …
    starts = [NOW - timedelta(weeks=w) for w in (2, 1, 0)]
    weekly = Weekly(starts, {"facilities": [1, 0, 2], "safety": [0, 1, 0]}, [1.0, None, 0.5])
    figure = weekly_figure(Translator().bind("zh-Hans"), weekly)
    counts = figure.axes[0]
    low, high = counts.get_ylim()
    shown = [tick for tick in counts.get_yticks() if low <= tick <= high]
    assert len(shown) >= 2 and all(tick == int(tick) for tick in shown), shown
