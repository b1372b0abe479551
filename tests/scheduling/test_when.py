"""The time expressions people type, read relative to a fixed `now` in the community's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.scheduling.recurrence import Frequency
from bot.scheduling.when import At, Doubt, Every, Unclear, parse_when

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 30 November 2026, 10:00 in Shanghai.
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def local(text: str) -> tuple[str, str]:
    parsed = parse_when(text, NOW, SHANGHAI)
    assert isinstance(parsed.when, At), parsed
    return parsed.when.moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"), parsed.rest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05 19:30 坝坝会", ("2026-12-05 19:30", "坝坝会")),
        ("2026/12/05 19:30 坝坝会", ("2026-12-05 19:30", "坝坝会")),
        ("明天晚上7点 坝坝会 @ 3栋楼下", ("2026-12-01 19:00", "坝坝会 @ 3栋楼下")),
        ("明晚7点半开会", ("2026-12-01 19:30", "开会")),
        ("周六下午3点 议事会", ("2026-12-05 15:00", "议事会")),
        ("星期六 15:00 议事会", ("2026-12-05 15:00", "议事会")),
        ("下周六上午9点 义诊", ("2026-12-12 09:00", "义诊")),
        ("12月5日 19:30 居民说事", ("2026-12-05 19:30", "居民说事")),
        ("12月5号晚上七点一刻 居民说事", ("2026-12-05 19:15", "居民说事")),
        ("１２月５日 １９：３０ 全角", ("2026-12-05 19:30", "全角")),
        ("1月5日上午10点 新年茶话会", ("2027-01-05 10:00", "新年茶话会")),
        ("今天下午三点 碰头会", ("2026-11-30 15:00", "碰头会")),
        ("tomorrow 7pm courtyard meeting", ("2026-12-01 19:00", "courtyard meeting")),
        ("tomorrow at 7:30 pm courtyard meeting", ("2026-12-01 19:30", "courtyard meeting")),
        ("Sat 15:00 party group", ("2026-12-05 15:00", "party group")),
        ("Saturday 3pm party group", ("2026-12-05 15:00", "party group")),
        ("Dec 5 19:30 residents' day", ("2026-12-05 19:30", "residents' day")),
        ("5 Dec 7pm residents' day", ("2026-12-05 19:00", "residents' day")),
        ("today noon lunch", ("2026-11-30 12:00", "lunch")),
    ],
)
def test_one_off_forms(text: str, expected: tuple[str, str]) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "frequency", "weekday", "day", "at", "first"),
    [
        (
            "every month 15th 09:00 居民说事日",
            Frequency.MONTHLY,
            None,
            15,
            "09:00",
            "2026-12-15 09:00",
        ),
        ("每月15日上午9点 居民说事日", Frequency.MONTHLY, None, 15, "09:00", "2026-12-15 09:00"),
        ("每周六下午3点 读书会", Frequency.WEEKLY, 5, None, "15:00", "2026-12-05 15:00"),
        ("每个星期一晚上7点 巡逻", Frequency.WEEKLY, 0, None, "19:00", "2026-11-30 19:00"),
        ("every Monday 19:00 patrol", Frequency.WEEKLY, 0, None, "19:00", "2026-11-30 19:00"),
        ("every day 8am exercise", Frequency.DAILY, None, None, "08:00", "2026-12-01 08:00"),
    ],
)
def test_recurring_forms(
    text: str, frequency: Frequency, weekday: int | None, day: int | None, at: str, first: str
) -> None:
    when = parse_when(text, NOW, SHANGHAI).when
    assert isinstance(when, Every), when
    assert (when.rule.frequency, when.rule.weekday, when.rule.day) == (frequency, weekday, day)
    assert when.rule.at.strftime("%H:%M") == at
    assert when.first.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") == first


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("明天7点 坝坝会", Doubt.AMBIGUOUS_HOUR),  # morning or evening?
        ("tomorrow 7 courtyard", Doubt.AMBIGUOUS_HOUR),
        ("周六12点 聚餐", Doubt.AMBIGUOUS_HOUR),
        ("每周六 读书会", Doubt.NO_TIME),
        ("明天 坝坝会", Doubt.NO_TIME),
        ("明天下午 坝坝会", Doubt.NO_TIME),
        ("坝坝会", Doubt.UNKNOWN),
        ("next week sometime", Doubt.UNKNOWN),
        ("today 7am too late", Doubt.PAST),
        ("2026-11-01 10:00 gone", Doubt.PAST),
        ("11月29日 19:00 昨天", Doubt.PAST),  # yesterday is a slip, not next year
        ("2月30日 10:00 不存在", Doubt.BAD_DATE),
        ("每月32日 9:00", Doubt.BAD_DATE),
    ],
)
def test_unclear_gets_a_question_not_a_guess(text: str, doubt: Doubt) -> None:
    assert parse_when(text, NOW, SHANGHAI).when == Unclear(doubt)


def test_weekday_named_on_that_day_after_the_hour_means_next_week() -> None:
    # Monday 10:00: "周一上午9点" has passed today, so it is next Monday.
    assert local("周一上午9点 例会")[0] == "2026-12-07 09:00"


@pytest.mark.parametrize(
    ("english", "chinese", "expected"),
    [
        # "next" and "this" read as 下 and 这: Friday of next week, Saturday of this week.
        ("next Friday 3pm", "下周五下午3点", "2026-12-11 15:00"),
        ("in 2 hours", "两小时后", "2026-11-30 12:00"),
        ("tonight 8", "今晚8点", "2026-11-30 20:00"),
        ("this Saturday 10am", "这周六上午10点", "2026-12-05 10:00"),
        ("tomorrow morning 9", "明天早上9点", "2026-12-01 09:00"),
        ("in 30 minutes", "30分钟后", "2026-11-30 10:30"),
        ("next week Monday 19:00", "下周一19:00", "2026-12-07 19:00"),
        ("tomorrow evening 7", "明天晚上7点", "2026-12-01 19:00"),
        ("in half an hour", "半小时后", "2026-11-30 10:30"),
        ("in an hour", "一个小时以后", "2026-11-30 11:00"),
    ],
)
def test_relative_english_reads_as_the_chinese(english: str, chinese: str, expected: str) -> None:
    assert local(f"{english} residents' talk") == (expected, "residents' talk")
    assert local(f"{chinese} 居民说事") == (expected, "居民说事")


def test_more_spellings_of_the_same() -> None:
    assert local("next Monday at 9am 例会")[0] == "2026-12-07 09:00"
    assert local("兩個小時後 例會")[0] == "2026-11-30 12:00"
    assert local("3个钟头以后 巡逻")[0] == "2026-11-30 13:00"
    assert local("in 90 mins walk")[0] == "2026-11-30 11:30"


def test_in_minutes_counts_from_now_in_whole_minutes() -> None:
    now = NOW.replace(second=41, microsecond=5)
    when = parse_when("in 30 minutes tea", now, SHANGHAI).when
    assert isinstance(when, At) and when.moment == NOW.replace(minute=30)


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("this Monday 9am 例会", Doubt.PAST),  # Monday 10:00: this week's Monday 9:00 is gone
        ("这周一上午9点 例会", Doubt.PAST),
        ("next Friday 7 party", Doubt.AMBIGUOUS_HOUR),
        ("tomorrow morning party", Doubt.NO_TIME),
        ("in 0 minutes now", Doubt.PAST),
        ("0分钟后 现在", Doubt.PAST),
    ],
)
def test_relative_forms_still_ask_when_unclear(text: str, doubt: Doubt) -> None:
    assert parse_when(text, NOW, SHANGHAI).when == Unclear(doubt)
