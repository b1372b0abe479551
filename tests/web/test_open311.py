"""The Open311 GeoReport v2 read API over real HTTP against a running bot."""

from __future__ import annotations

import json
from typing import Any

import aiohttp

from tests.story import GROUP3, GROUP5, MEMBER3, WANG, Story
from tests.web.conftest import base_url

# GeoReport v2's service request fields, all of them, nothing else.
FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
}  # fmt: skip
LAMP = "3栋2单元501室楼道灯坏了好几天了，晚上上楼黑漆漆的，电话13800001111"
PERSONAL = ("王阿姨", "李长明", "陈阿姨", "501", "13800001111", "楼道灯", "黑漆漆", "9001")


async def get(http: aiohttp.ClientSession, story: Story, path: str) -> tuple[int, Any]:
    async with http.get(base_url(story.box) + "/open311/v2" + path) as response:
        assert response.headers["Content-Type"].startswith("application/json")
        return response.status, await response.json()


async def two_requests(story: Story) -> None:
    await story.say(WANG, GROUP3, LAMP)
    await story.say(WANG, GROUP5, "/report 5栋门口垃圾堆了一个星期没人清理")
    await story.say(MEMBER3, MEMBER3.id, "/ack 1")
    await story.say(MEMBER3, MEMBER3.id, "/done 1 已更换灯泡")


async def test_services_are_the_categories(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    status, services = await get(http, polling_story, "/services.json")
    assert status == 200
    codes = {s["service_code"]: s for s in services}
    assert {"facilities", "sanitation", "safety", "care", "other"} <= set(codes)
    assert codes["facilities"]["service_name"] == "设施维修"
    assert codes["facilities"]["metadata"] is False and codes["facilities"]["type"] == "realtime"


async def test_requests_carry_the_georeport_fields_and_nothing_personal(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    await two_requests(polling_story)
    status, found = await get(http, polling_story, "/requests.json")
    assert status == 200
    assert len(found) == 2
    for one in found:
        assert set(one) == FIELDS
    by_place = {one["address"]: one for one in found}
    lamp, rubbish = by_place["和美社区和美小区3栋"], by_place["和美社区和美小区5栋"]
    assert lamp["status"] == "closed" and "办结" in lamp["status_notes"]
    assert rubbish["status"] == "open" and "等待网格员受理" in rubbish["status_notes"]
    assert rubbish["service_code"] == "sanitation" and rubbish["service_name"] == "环境卫生"
    assert lamp["requested_datetime"].endswith("Z") and lamp["media_url"] is None
    assert lamp["updated_datetime"] >= lamp["requested_datetime"]
    text = json.dumps(found, ensure_ascii=False)
    for word in PERSONAL:
        assert word not in text, word

    status, (single,) = await get(
        http, polling_story, f"/requests/{lamp['service_request_id']}.json"
    )
    assert status == 200 and single == lamp


async def test_requests_filter_by_status_service_and_dates(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    await two_requests(polling_story)
    _, closed = await get(http, polling_story, "/requests.json?status=closed")
    assert [one["address"] for one in closed] == ["和美社区和美小区3栋"]
    _, both = await get(http, polling_story, "/requests.json?status=open,closed")
    assert len(both) == 2
    _, rubbish = await get(http, polling_story, "/requests.json?service_code=sanitation")
    assert [one["address"] for one in rubbish] == ["和美社区和美小区5栋"]
    _, old = await get(
        http,
        polling_story,
        "/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z",
    )
    assert old == []
    _, recent = await get(http, polling_story, "/requests.json?start_date=2020-01-01T00:00:00Z")
    assert recent == []  # 90 days from the start date
    _, recent = await get(http, polling_story, "/requests.json?end_date=2099-01-01T00:00:00Z")
    assert recent == []  # the 90 days before the end date


async def test_bad_parameters_get_400_with_an_open311_error(
    polling_story: Story, http: aiohttp.ClientSession
) -> None:
    for query, words in (
        ("status=pending", "status"),
        ("service_code=nothing", "service_code"),
        ("start_date=yesterday", "start_date"),
        ("end_date=2026-13-45", "end_date"),
        ("start_date=2026-12-01T00:00:00Z&end_date=2026-11-01T00:00:00Z", "before"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z", "90 days"),
        ("service_request_id=1;drop", "service_request_id"),
    ):
        status, body = await get(http, polling_story, f"/requests.json?{query}")
        assert status == 400, query
        (error,) = body
        assert error["code"] == 400 and words in error["description"], (query, error)
    status, body = await get(http, polling_story, "/requests/999.json")
    assert status == 404 and body[0]["code"] == 404
    status, body = await get(http, polling_story, "/requests/abc.json")
    assert status == 400 and body[0]["code"] == 400
