"""The grid directory: read a TOML file into a checked plan, then apply it in one transaction."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.models import DEFAULT_TIMEZONE, LOCALES, Community, Person, Reach, Role
from bot.services.audit import Auditor
from storage.repositories import Repositories

_GRID_POSTS = {
    "leader": Role.LEADER,
    "grid_worker": Role.GRID_WORKER,
    "health_worker": Role.HEALTH_WORKER,
    "legal_adviser": Role.LEGAL_ADVISER,
    "police": Role.POLICE,
}
_BUILDING_POSTS = {"member": Role.MEMBER, "head": Role.HEAD}
_BUILDING_LISTS = {"floor_heads": Role.FLOOR_HEAD}
_USERNAME = re.compile(r"^@?[A-Za-z][A-Za-z0-9_]{3,31}$")


class DirectoryError(Exception):
    """Every problem found in the file, each as `path: message (line N)`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class PersonRef:
    name: str
    telegram_id: int | None
    username: str | None


@dataclass(slots=True)
class BuildingPlan:
    number: str
    chat: int | None
    posts: list[tuple[Role, PersonRef]] = field(default_factory=list)


@dataclass(slots=True)
class GridPlan:
    code: str
    name: str
    posts: list[tuple[Role, PersonRef]] = field(default_factory=list)
    buildings: list[BuildingPlan] = field(default_factory=list)


@dataclass(slots=True)
class CommunityPlan:
    name: str
    timezone: str
    locale: str | None = None
    admins: list[PersonRef] = field(default_factory=list)
    grids: list[GridPlan] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportSummary:
    communities: int
    grids: int
    buildings: int
    people: int


class _Lines:
    """Finds the line a TOML path starts on; tomllib itself keeps no positions."""

    _HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.]+)\s*\]\]")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        # (table name, line number) of every [[array of tables]] header, in order
        self.headers = [
            (m.group(1), number)
            for number, line in enumerate(self.lines, start=1)
            if (m := self._HEADER.match(line))
        ]

    def of_table(self, path: list[tuple[str, int]]) -> int | None:
        """Line of e.g. [("community", 0), ("grid", 1)]: the 2nd grid header in the 1st community."""
        start, end = 0, len(self.lines) + 1
        name = ""
        found: int | None = None
        for key, index in path:
            name = f"{name}.{key}" if name else key
            within = [n for h, n in self.headers if h == name and start < n < end]
            if index >= len(within):
                return found
            found = within[index]
            parent = name.rsplit(".", 1)[0] if "." in name else None
            following = [
                n for h, n in self.headers if n > found and (h in (name, parent)) and n < end
            ]
            start, end = found, (following[0] if following else end)
        return found

    def of_key(self, path: list[tuple[str, int]], key: str) -> int | None:
        table = self.of_table(path)
        if table is None:
            return None
        for number in range(table + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if self._HEADER.match(line) or line.lstrip().startswith("["):
                break
            if (m := self._KEY.match(line)) and m.group(1) == key:
                return number
        return table


class _Checker:
    def __init__(self, text: str) -> None:
        self.lines = _Lines(text)
        self.problems: list[str] = []

    def problem(self, path: list[tuple[str, int]], key: str | None, message: str) -> None:
        where = ".".join([f"{k}[{i}]" for k, i in path] + ([key] if key else []))
        line = self.lines.of_key(path, key) if key else self.lines.of_table(path)
        self.problems.append(f"{where}: {message}" + (f" (line {line})" if line else ""))

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], path: list[Any]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(path, key, "unknown key")

    def text(self, table: dict[str, Any], key: str, path: list[Any]) -> str | None:
        value = table.get(key)
        if value is None:
            self.problem(path, key, "missing")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(path, key, "must be non-empty text")
            return None
        return value.strip()

    def person(self, value: Any, path: list[Any], key: str) -> PersonRef | None:
        if not isinstance(value, dict):
            self.problem(path, key, 'must be a table like { id = 123, name = "…" }')
            return None
        extra = set(value) - {"id", "username", "name"}
        if extra:
            self.problem(path, key, f"unknown key {sorted(extra)[0]}")
        name = value.get("name")
        telegram_id = value.get("id")
        username = value.get("username")
        ok = True
        if not isinstance(name, str) or not name.strip():
            self.problem(path, key, "name: missing")
            ok = False
        if telegram_id is None and username is None:
            self.problem(path, key, "needs id or username")
            ok = False
        if telegram_id is not None and (
            not isinstance(telegram_id, int) or isinstance(telegram_id, bool) or telegram_id <= 0
        ):
            self.problem(path, key, "id: must be a positive Telegram user id")
            ok = False
        if username is not None and (
            not isinstance(username, str) or not _USERNAME.match(username)
        ):
            self.problem(path, key, "username: must be a Telegram username")
            ok = False
        if not ok:
            return None
        return PersonRef(
            name=str(name).strip(),
            telegram_id=telegram_id,
            username=username.lstrip("@").lower() if username else None,
        )


def read_directory(text: str) -> list[CommunityPlan]:
    """Check the whole file before anything is written; raise with every problem at once."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DirectoryError([f"not valid TOML: {exc}"]) from None
    check = _Checker(text)
    check.unknown_keys(data, {"community"}, [])
    raw_communities = data.get("community")
    if not isinstance(raw_communities, list) or not raw_communities:
        check.problems.append("community: missing (the file needs at least one [[community]])")
        raise DirectoryError(check.problems)
    plans = [_community(check, raw, i) for i, raw in enumerate(raw_communities)]
    _check_unique(check, plans)
    if check.problems:
        raise DirectoryError(check.problems)
    return plans


def _community(check: _Checker, raw: dict[str, Any], i: int) -> CommunityPlan:
    path = [("community", i)]
    check.unknown_keys(raw, {"name", "timezone", "locale", "admins", "grid"}, path)
    name = check.text(raw, "name", path) or ""
    timezone = raw.get("timezone", DEFAULT_TIMEZONE)
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        check.problem(path, "timezone", f"unknown time zone {timezone!r}")
    locale = raw.get("locale")
    if locale is not None and locale not in LOCALES:
        check.problem(path, "locale", f"must be one of {', '.join(LOCALES)}")
        locale = None
    admins = raw.get("admins", [])
    if not isinstance(admins, list):
        check.problem(path, "admins", "must be a list of people")
        admins = []
    plan = CommunityPlan(name=name, timezone=str(timezone), locale=locale)
    for j, admin in enumerate(admins):
        if ref := check.person(admin, path, f"admins[{j}]"):
            plan.admins.append(ref)
    grids = raw.get("grid", [])
    if not isinstance(grids, list):
        check.problem(path, "grid", "must be [[community.grid]] tables")
        grids = []
    plan.grids = [_grid(check, grid, [*path, ("grid", j)]) for j, grid in enumerate(grids)]
    return plan


def _grid(check: _Checker, raw: dict[str, Any], path: list[Any]) -> GridPlan:
    check.unknown_keys(raw, {"code", "name", "building", *_GRID_POSTS}, path)
    plan = GridPlan(
        code=check.text(raw, "code", path) or "", name=check.text(raw, "name", path) or ""
    )
    for key, role in _GRID_POSTS.items():
        if key in raw and (ref := check.person(raw[key], path, key)):
            plan.posts.append((role, ref))
    buildings = raw.get("building", [])
    if not isinstance(buildings, list):
        check.problem(path, "building", "must be [[community.grid.building]] tables")
        buildings = []
    plan.buildings = [
        _building(check, building, [*path, ("building", k)]) for k, building in enumerate(buildings)
    ]
    return plan


def _building(check: _Checker, raw: dict[str, Any], path: list[Any]) -> BuildingPlan:
    check.unknown_keys(raw, {"number", "chat", *_BUILDING_POSTS, *_BUILDING_LISTS}, path)
    chat = raw.get("chat")
    if chat is not None and (not isinstance(chat, int) or isinstance(chat, bool) or chat == 0):
        check.problem(path, "chat", "must be a Telegram chat id (a negative number for groups)")
        chat = None
    plan = BuildingPlan(number=(check.text(raw, "number", path) or "").upper(), chat=chat)
    for key, role in _BUILDING_POSTS.items():
        if key in raw and (ref := check.person(raw[key], path, key)):
            plan.posts.append((role, ref))
    for key, role in _BUILDING_LISTS.items():
        values = raw.get(key, [])
        if not isinstance(values, list):
            check.problem(path, key, "must be a list of people")
            continue
        for n, value in enumerate(values):
            if ref := check.person(value, path, f"{key}[{n}]"):
                plan.posts.append((role, ref))
    return plan


def _check_unique(check: _Checker, plans: list[CommunityPlan]) -> None:
    names: set[str] = set()
    chats: set[int] = set()
    for i, community in enumerate(plans):
        if community.name in names:
            check.problem([("community", i)], "name", f"duplicate community {community.name!r}")
        names.add(community.name)
        codes: set[str] = set()
        for j, grid in enumerate(community.grids):
            grid_path = [("community", i), ("grid", j)]
            if grid.code in codes:
                check.problem(grid_path, "code", f"duplicate grid code {grid.code!r}")
            codes.add(grid.code)
            numbers: set[str] = set()
            for k, building in enumerate(grid.buildings):
                building_path = [*grid_path, ("building", k)]
                if building.number in numbers:
                    check.problem(
                        building_path, "number", f"duplicate building {building.number!r}"
                    )
                numbers.add(building.number)
                if building.chat is not None:
                    if building.chat in chats:
                        check.problem(building_path, "chat", f"chat {building.chat} bound twice")
                    chats.add(building.chat)


class DirectoryService:
    def __init__(self, repos: Repositories, audit: Auditor | None = None) -> None:
        self.repos = repos
        # The CLI import and the sandbox build this alone; their changes are the bot's own.
        self.audit = audit or Auditor(repos, lambda: datetime.now(UTC))

    async def apply(self, plans: list[CommunityPlan]) -> ImportSummary:
        """Make the database say what the file says; a second run with the same file changes nothing."""
        people: dict[PersonRef, int] = {}
        grids = buildings = 0
        for community in plans:
            community_id = await self.repos.directory.save_community(
                community.name, community.timezone, community.locale
            )
            admin_ids = [await self._person(ref, people) for ref in community.admins]
            added, removed = await self.repos.directory.set_admins(community_id, admin_ids)
            for person_id in added:
                await self._role_audit("role.assigned", person_id, "admin", community_id, None)
            for person_id in removed:
                await self._role_audit("role.removed", person_id, "admin", community_id, None)
            for grid in community.grids:
                grids += 1
                grid_id = await self.repos.directory.save_grid(community_id, grid.code, grid.name)
                grid_posts = [(role, await self._person(ref, people)) for role, ref in grid.posts]
                changed = await self.repos.directory.set_posts(grid_id, None, grid_posts)
                await self._posts_audit(changed, grid_id, None)
                for building in grid.buildings:
                    buildings += 1
                    building_id = await self.repos.directory.save_building(grid_id, building.number)
                    posts = [
                        (role, await self._person(ref, people)) for role, ref in building.posts
                    ]
                    changed = await self.repos.directory.set_posts(grid_id, building_id, posts)
                    await self._posts_audit(changed, grid_id, building_id)
                    if building.chat is not None:
                        await self.repos.directory.bind_chat(building_id, building.chat)
        return ImportSummary(len(plans), grids, buildings, len(set(people.values())))

    async def _posts_audit(
        self,
        changed: tuple[list[tuple[Role, int]], list[tuple[Role, int]]],
        grid_id: int,
        building_id: int | None,
    ) -> None:
        added, removed = changed
        for role, person_id in added:
            await self._role_audit("role.assigned", person_id, role.value, grid_id, building_id)
        for role, person_id in removed:
            await self._role_audit("role.removed", person_id, role.value, grid_id, building_id)

    async def _role_audit(
        self, action: str, person_id: int, role: str, place_id: int, building_id: int | None
    ) -> None:
        # community_id for admins, grid_id for posts: the place the role is held in.
        key = "community_id" if role == "admin" else "grid_id"
        post = {"role": role, key: place_id, "building_id": building_id}
        before, after = (None, post) if action == "role.assigned" else (post, None)
        await self.audit(None, action, "person", person_id, before, after)

    async def _person(self, ref: PersonRef, seen: dict[PersonRef, int]) -> int:
        if ref in seen:
            return seen[ref]
        found: Person | None = None
        if ref.telegram_id is not None:
            found = await self.repos.people.by_telegram_id(ref.telegram_id)
        if found is None and ref.username is not None:
            found = await self.repos.people.by_username(ref.username)
        if found is None:
            person = await self.repos.people.insert(
                name=ref.name, telegram_id=ref.telegram_id, username=ref.username
            )
        else:
            changes: dict[str, Any] = {}
            if found.name != ref.name:
                changes["name"] = ref.name
            if ref.username and found.username != ref.username:
                changes["username"] = ref.username
            if ref.telegram_id and found.telegram_id != ref.telegram_id:
                changes["telegram_id"] = ref.telegram_id
            person = await self.repos.people.update(found.id, **changes) if changes else found
        seen[ref] = person.id
        return person.id

    async def out_of_reach(self) -> list[tuple[str, Role | str, Person]]:
        """Every post whose holder tasks cannot reach in private: (where, post, person)."""
        found: list[tuple[str, Role | str, Person]] = []
        for community in await self.tree():
            name = community.community.name
            found += [(name, "admin", p) for p in community.admins if p.reach != Reach.STARTED]
            for grid in community.grids:
                where = f"{name} {grid.grid.code}"
                found += [(where, r, p) for r, p in grid.posts if p.reach != Reach.STARTED]
                for building in grid.buildings:
                    here = f"{where} {building.building.number}"
                    found += [(here, r, p) for r, p in building.posts if p.reach != Reach.STARTED]
        return found

    async def tree(self) -> list[CommunityView]:
        """Communities with their admins, grids and buildings and who holds each post,
        for `grid show`: the responsibility list (责任单) at the terminal."""
        directory = self.repos.directory
        result = []
        for community in await directory.all_communities():
            grids = []
            for grid in await directory.grids_of(community.id):
                posts = await directory.posts_in_grid(grid.id)
                buildings = [
                    BuildingView(b, [(r, p) for r, at, p in posts if at == b.id])
                    for b in await directory.buildings_of_grid(grid.id)
                ]
                own = [(role, person) for role, at, person in posts if at is None]
                grids.append(GridView(grid, own, buildings))
            result.append(CommunityView(community, await directory.admins(community.id), grids))
        return result


@dataclass(frozen=True, slots=True)
class BuildingView:
    building: Any
    posts: list[tuple[Role, Person]]


@dataclass(frozen=True, slots=True)
class GridView:
    grid: Any
    posts: list[tuple[Role, Person]]
    buildings: list[BuildingView]


@dataclass(frozen=True, slots=True)
class CommunityView:
    community: Community
    admins: list[Person]
    grids: list[GridView]
