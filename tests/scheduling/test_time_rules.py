"""Recurrence across DST, quiet hours, and the duration settings."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.scheduling.quiet import QuietHours, release
from bot.scheduling.recurrence import Frequency, Rule
from bot.settings import ConfigError, Settings, load_settings, parse_duration

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_weekly_meeting_keeps_its_wall_clock_time_across_spring_forward() -> None:
    rule = Rule(Frequency.WEEKLY, time(19, 0), weekday=5)
    before = rule.next_after(datetime(2026, 3, 20, tzinfo=UTC), BERLIN)  # Sat 21 March, CET
    after = rule.next_after(before, BERLIN)  # Sat 28 March, still CET; DST starts Sun 29th
    later = rule.next_after(after, BERLIN)  # Sat 4 April, CEST
    assert [m.astimezone(BERLIN).strftime("%d %H:%M") for m in (before, after, later)] == [
        "21 19:00", "28 19:00", "04 19:00",
    ]  # fmt: skip
    assert (before.hour, later.hour) == (18, 17)  # the UTC hour moved, the local one did not


def test_monthly_meeting_across_fall_back_and_short_months() -> None:
    rule = Rule(Frequency.MONTHLY, time(9, 0), day=31)
    first = rule.next_after(datetime(2026, 10, 1, tzinfo=UTC), NEW_YORK)
    second = rule.next_after(first, NEW_YORK)
    assert first.astimezone(NEW_YORK).strftime("%m-%d %H:%M") == "10-31 09:00"
    assert second.astimezone(NEW_YORK).strftime("%m-%d %H:%M") == "11-30 09:00"  # last day
    assert (first.hour, second.hour) == (13, 14)  # EDT, then EST


def test_a_time_in_the_spring_gap_still_happens_once() -> None:
    rule = Rule(Frequency.DAILY, time(2, 30))
    moment = rule.next_after(datetime(2026, 3, 29, 0, 0, tzinfo=UTC), BERLIN)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST: just after the gap


def test_rule_round_trips() -> None:
    for rule in (
        Rule(Frequency.MONTHLY, time(9, 0), day=15),
        Rule(Frequency.WEEKLY, time(15, 0), weekday=5),
        Rule(Frequency.DAILY, time(8, 0)),
    ):
        assert Rule.load(rule.dump()) == rule


def test_quiet_hours_defer_to_morning_in_the_community_zone() -> None:
    quiet = QuietHours.parse("22:00-07:00")
    assert quiet is not None
    late = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    assert release(quiet, late, SHANGHAI, urgent=False) == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    early = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # 04:00 in Shanghai
    assert release(quiet, early, SHANGHAI, urgent=False) == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    noon = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)
    assert release(quiet, noon, SHANGHAI, urgent=False) == noon
    assert release(quiet, late, SHANGHAI, urgent=True) == late  # urgent never waits


def test_quiet_hours_end_at_local_seven_across_dst() -> None:
    quiet = QuietHours.parse("22:00-07:00")
    assert quiet is not None
    night = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # 23:30 CET, DST begins overnight
    assert (
        release(quiet, night, BERLIN, urgent=False).astimezone(BERLIN).strftime("%H:%M") == "07:00"
    )


def test_quiet_hours_off_and_same_day_window() -> None:
    assert QuietHours.parse("") is None
    siesta = QuietHours.parse("12:00-14:00")
    assert siesta is not None and siesta.contains(time(13)) and not siesta.contains(time(15))


@pytest.mark.parametrize(
    ("text", "span"),
    [("90s", timedelta(seconds=90)), ("15m", timedelta(minutes=15)), ("2h", timedelta(hours=2)),
     ("7d", timedelta(days=7))],
)  # fmt: skip
def test_durations(text: str, span: timedelta) -> None:
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["2 hours", "1.5h", "15", "0m", "1w", ""])
def test_anything_else_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_the_config_contract(tmp_path: object) -> None:
    settings = Settings()
    assert settings.sla.acknowledge_within == timedelta(hours=2)
    assert settings.sla.urgent_acknowledge_within == timedelta(minutes=15)
    assert settings.sla.resolve_within == timedelta(days=7)
    assert settings.reminders.meeting_offsets == [timedelta(days=1), timedelta(hours=1)]
    assert settings.reminders.quiet_hours == "22:00-07:00"


def test_a_bad_duration_in_the_config_file_is_one_clear_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text('[sla]\nresolve_within = "a week"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sla.resolve_within: .*not a duration"):
        load_settings(path)
