"""The Open311 GeoReport v2 read API: /open311/v2/services.json, /requests.json and
/requests/{id}.json, rendered from what bot.services.open_data publishes.

Field names and shapes follow GeoReport v2; errors are its array of {code, description}.
Texts are in the bot's default language. Fields the bot has no data for (zipcode, lat,
long) are null, and media_url is always null: a resident's photo may show people.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from aiohttp import web

from bot.domain.models import PublicRequest
from bot.i18n import Markup, Translate
from bot.services import open_data
from bot.services.open_data import BadQuery, PublicQuery
from storage.database import Database

PREFIX = "/open311/v2"


def _json(body: object, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda v: json.dumps(v, ensure_ascii=False))


def _error(status: int, description: str) -> web.Response:
    return _json([{"code": status, "description": description}], status)


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse_instant(name: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadQuery(f"{name}: not a W3C date and time, e.g. 2026-12-01T00:00:00Z") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_query(params: dict[str, str]) -> PublicQuery:
    statuses: tuple[str, ...] = ("open", "closed")
    if raw := params.get("status", "").strip():
        statuses = tuple(s.strip().lower() for s in raw.split(","))
        if not statuses or any(s not in ("open", "closed") for s in statuses):
            raise BadQuery("status: open, closed, or both separated by a comma")
    services = None
    if raw := params.get("service_code", "").strip():
        services = tuple(s.strip() for s in raw.split(",") if s.strip())
    ids = None
    if raw := params.get("service_request_id", "").strip():
        parts = [s.strip() for s in raw.split(",")]
        if not all(p.isdigit() and len(p) < 12 for p in parts):
            raise BadQuery("service_request_id: numbers separated by commas")
        ids = tuple(int(p) for p in parts)
    start = _parse_instant("start_date", params["start_date"]) if "start_date" in params else None
    end = _parse_instant("end_date", params["end_date"]) if "end_date" in params else None
    return PublicQuery(statuses=statuses, start=start, end=end, services=services, ids=ids)


class Open311:
    def __init__(self, database: Database, texts: Translate, clock: Callable[[], datetime]) -> None:
        self.database = database
        self.t = texts
        self.clock = clock

    def register(self, app: web.Application) -> None:
        app.router.add_get(f"{PREFIX}/services.json", self.services)
        app.router.add_get(f"{PREFIX}/requests.json", self.requests)
        app.router.add_get(f"{PREFIX}/requests/{{id}}.json", self.request)

    def _category(self, code: str) -> str:
        return self.t(f"category-{code}")

    async def services(self, request: web.Request) -> web.Response:
        return _json([
            {
                "service_code": code,
                "service_name": self._category(code),
                "description": self.t(
                    "open311-service-description", category=Markup(self._category(code))
                ),
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": "",
            }
            for code in open_data.services()
        ])  # fmt: skip

    async def requests(self, request: web.Request) -> web.Response:
        try:
            query = read_query(dict(request.query))
            async with self.database.transaction() as repos:
                found = await open_data.find(repos, query, self.clock())
        except BadQuery as exc:
            return _error(400, str(exc))
        return _json([self.render(one) for one in found])

    async def request(self, request: web.Request) -> web.Response:
        raw = request.match_info["id"]
        if not raw.isdigit() or len(raw) > 12:
            return _error(400, "service_request_id: a number")
        async with self.database.transaction() as repos:
            found = await open_data.one(repos, int(raw))
        if found is None:
            return _error(404, f"no service request {raw}")
        return _json([self.render(found)])

    def render(self, one: PublicRequest) -> dict[str, object]:
        category = Markup(self._category(one.category))
        community = Markup(one.community)
        grid = Markup(one.grid or "")
        if one.building is not None:
            address = self.t(
                "open311-address", building=Markup(one.building), grid=grid, community=community
            )
        else:
            address = self.t("open311-address-grid", grid=grid, community=community)
        return {
            "service_request_id": str(one.id),
            "status": open_data.status_of(one.state),
            "status_notes": self.t(f"open311-note-{one.state.value}"),
            "service_name": str(category),
            "service_code": one.category,
            "description": self.t("open311-description", category=category),
            "agency_responsible": self.t("open311-agency", community=community),
            "service_notice": self.t("open311-urgent") if one.urgent else "",
            "requested_datetime": _instant(one.created_at),
            "updated_datetime": _instant(one.updated_at),
            "expected_datetime": _instant(one.due_at),
            "address": address,
            "address_id": f"building-{one.building_id}" if one.building_id is not None else None,
            "zipcode": None,
            "lat": None,
            "long": None,
            "media_url": None,
        }
