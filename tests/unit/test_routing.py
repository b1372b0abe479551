from __future__ import annotations

from bot.domain.models import Level, Person
from bot.domain.routing import Posts, is_legal, owner_at, route


def person(pid: int, name: str) -> Person:
    return Person(id=pid, name=name, telegram_id=pid, username=None)


MEMBER, LEADER, ADMIN = person(1, "member"), person(2, "leader"), person(3, "admin")
HEALTH, LEGAL = person(4, "health"), person(5, "legal")
FULL = Posts(
    members=[MEMBER],
    leaders=[LEADER],
    admins=[ADMIN],
    health_workers=[HEALTH],
    legal_advisers=[LEGAL],
)


def test_building_request_goes_to_the_member() -> None:
    routing = route("facilities", False, "灯坏了", FULL)
    assert (routing.assignee, routing.level, routing.also) == (MEMBER, Level.MEMBER, [])


def test_care_also_tells_the_health_worker() -> None:
    assert route("care", False, "王奶奶需要送餐", FULL).also == [(HEALTH, "health")]


def test_legal_consultation_tells_the_legal_adviser_but_other_consultations_do_not() -> None:
    assert route("consultation", False, "房东不退押金怎么办", FULL).also == [(LEGAL, "legal")]
    assert route("consultation", False, "低保怎么申请", FULL).also == []


def test_safety_and_urgent_tell_the_leader_at_once() -> None:
    assert route("safety", False, "消防通道堵了", FULL).also == [(LEADER, "safety")]
    assert route("facilities", True, "电梯困人", FULL).also == [(LEADER, "urgent")]


def test_without_member_the_leader_owns_it_and_is_not_also_copied() -> None:
    routing = route("safety", True, "燃气味", Posts(leaders=[LEADER], admins=[ADMIN]))
    assert (routing.assignee, routing.level, routing.also) == (LEADER, Level.LEADER, [])


def test_without_member_or_leader_the_admins_own_it() -> None:
    routing = route("other", False, "x", Posts(admins=[ADMIN]))
    assert (routing.assignee, routing.level) == (ADMIN, Level.ADMIN)


def test_nobody_configured_leaves_it_unassigned_at_admin_level() -> None:
    routing = route("other", False, "x", Posts())
    assert (routing.assignee, routing.level) == (None, Level.ADMIN)


def test_owner_at_skips_empty_levels_upwards_only() -> None:
    posts = Posts(members=[MEMBER], admins=[ADMIN])
    assert owner_at(Level.LEADER, posts) == (ADMIN, Level.ADMIN)
    assert owner_at(Level.MEMBER, posts) == (MEMBER, Level.MEMBER)


def test_legal_words_in_three_scripts() -> None:
    assert (
        is_legal("想咨询一下律师")
        and is_legal("想諮詢一下律師")
        and is_legal("my landlord kept the deposit")
    )
    assert not is_legal("What time is the meeting") and not is_legal("垃圾没人收")
