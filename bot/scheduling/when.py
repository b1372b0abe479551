"""What people type for a meeting's time, in Chinese or English, read relative to `now`.

Pure: no I/O, no clock of its own. The result is a moment, a recurrence rule, or an
`Unclear` that names what to ask about; it never guesses an hour or silently accepts
a time that has passed.

Forms: `2026-12-05 19:30`, `12月5日 19:30`, `明天晚上7点`, `周六下午3点`, `下周六上午9点半`,
`两小时后`, `半小时后`, `tomorrow 7pm`, `tomorrow morning 9`, `Sat 15:00`, `next Friday 3pm`
(as 下周五: Friday of next week), `this Saturday 10am` (as 这周六), `next week Monday 19:00`,
`in 2 hours`, `in 30 minutes`, `Dec 5 7:30pm`; recurring: `每月15日上午9点`, `每周六下午3点`,
`每天8点`, `every month 15th 09:00`, `every Monday 19:00`, `every day 8am`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.scheduling.recurrence import Frequency, Rule, wall_clock


@dataclass(frozen=True, slots=True)
class At:
    moment: datetime  # aware, UTC


@dataclass(frozen=True, slots=True)
class Every:
    rule: Rule
    first: datetime  # the first occurrence, UTC


class Doubt(StrEnum):
    UNKNOWN = "unknown"  # no time expression at the start
    NO_TIME = "no-time"  # a day without an hour
    AMBIGUOUS_HOUR = "ambiguous-hour"  # 7点: morning or evening?
    PAST = "past"
    BAD_DATE = "bad-date"  # 2月30日


@dataclass(frozen=True, slots=True)
class Unclear:
    doubt: Doubt


When = At | Every | Unclear


@dataclass(frozen=True, slots=True)
class Parsed:
    when: When
    rest: str  # what follows the time expression: the title, perhaps "@ place"


_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_ZH_NUM = "[零〇一二两兩三四五六七八九十]{1,3}"
_NUM = rf"(\d{{1,2}}|{_ZH_NUM})"
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_EN_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_EN_WEEKDAY = r"(monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun)\b"
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_WEEK = "(?:周|週|星期|礼拜|禮拜)"


def _zh_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_ZH_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + pattern + ")")


# --- day parts -----------------------------------------------------------------------

_ISO = _re(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号號]?(?:t|\b|(?=\D))")
_ZH_MONTH_DAY = _re(rf"{_NUM}月{_NUM}[日号號]?")
_EN_MONTH_DAY = _re(rf"{_EN_MONTH}\s*(\d{{1,2}})(?:st|nd|rd|th)?\b")
_EN_DAY_MONTH = _re(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+{_EN_MONTH}")
_RELATIVE = _re(
    r"(大后天|大後天|后天|後天|今天|今日|明天|明日|今晚|明晚|明早|"
    r"day after tomorrow|tomorrow|tmrw|tmr|today|tonight)"
)
# Chinese by the first character; English by the whole word.
_RELATIVE_DAYS = {"今": 0, "明": 1, "后": 2, "後": 2, "大": 3, "today": 0, "tonight": 0,
                  "tomorrow": 1, "tmrw": 1, "tmr": 1, "day after tomorrow": 2}  # fmt: skip
_ZH_WEEKDAY = _re(rf"(下(?:个|個)?|这(?:个)?|這(?:個)?|本)?{_WEEK}([一二三四五六日天1-7])")
# "next"/"this" as 下/这: the weekday of next week, of this week.
_EN_WEEKDAY_RE = _re(rf"(?:(next|this)(?:\s+week(?:'s)?)?\s+)?{_EN_WEEKDAY}")
# 两小时后, 30分钟以后, 半小时后, in 2 hours, in an hour, in half an hour, in 30 minutes.
_ZH_IN = _re(rf"({_NUM}|半)\s*(?:个|個)?\s*(小时|小時|钟头|鐘頭|分钟|分鐘)\s*(?:以|之)?(?:后|後)")
_EN_IN = _re(r"in\s+(\d{1,3}|an?|half an?)\s+(hours?|hrs?|minutes?|mins?)\b")

# --- time parts ------------------------------------------------------------------------

_PERIOD = _re(r"(凌晨|清晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜裡|夜间|夜間|晚|早)")
_EN_PERIOD = _re(r"(?:in the\s+)?(morning|afternoon|evening|night)\b")
# Read as the Chinese words they translate: "morning 9" is 上午9点, "evening 7" 晚上7点.
_EN_PERIODS = {"morning": "上午", "afternoon": "下午", "evening": "晚上", "night": "晚上"}
_ZH_TIME = _re(rf"{_NUM}\s*(?:点|點|时|時)(?:\s*(半|一刻|三刻|{_NUM}\s*分?))?")
_EN_TIME = _re(r"(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?![a-z])")
_COLON_TIME = _re(r"(?:at\s+)?(\d{1,2}):(\d{2})")
_NOON = _re(r"(?:at\s+)?(noon|midnight)")
_BARE_HOUR = _re(r"(?:at\s+)?(\d{1,2})(?=\s|$)")

# --- recurrence heads ----------------------------------------------------------------------

_EVERY_MONTH = _re(
    rf"(?:每(?:个|個)?月|every month(?: on)?(?: the)?|monthly on the)\s*{_NUM}(?:[日号號]|st|nd|rd|th)?"
)
_EVERY_ZH_WEEK = _re(rf"每(?:个|個)?{_WEEK}([一二三四五六日天1-7])")
_EVERY_EN_WEEK = _re(rf"every\s+{_EN_WEEKDAY}")
_EVERY_DAY = _re(r"(每天|每日|every day|daily)")


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        # ASCII lower case only, so positions in `low` are positions in `text`.
        self.low = "".join(c.lower() if c.isascii() else c for c in text)
        self.pos = 0

    def take(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        match = pattern.match(self.low, self.pos)
        if match is not None:
            self.pos = match.end()
        return match

    def rest(self) -> str:
        return self.text[self.pos :].strip(" \t,，、:：;；的")


@dataclass
class _Clock:
    hour: int | None = None
    minute: int = 0
    ambiguous: bool = False


def _period_hour(period: str | None, hour: int) -> int | None:
    """24-hour clock from a Chinese period word; None when the period does not settle it."""
    if period is None:
        return None
    if period in ("凌晨", "清晨", "早上", "早晨", "上午", "早"):
        return 0 if hour == 12 else hour
    if period == "中午":
        return hour if hour >= 11 else hour + 12
    if period in ("下午", "傍晚"):
        return hour + 12 if hour < 12 else hour
    # 晚上: 7-11 are evening; 晚上12点 or 晚上2点 could mean either night, so ask.
    return hour + 12 if 6 <= hour <= 11 else None


def _read_time(reader: _Reader, period: str | None) -> _Clock | None:
    if period is None and (found := reader.take(_PERIOD)):
        period = found.group(1)
    elif period is None and (found := reader.take(_EN_PERIOD)):
        period = _EN_PERIODS[found.group(1)]
    if zh := reader.take(_ZH_TIME):
        hour = _zh_number(zh.group(1))
        extra = zh.group(2)
        minute = {"半": 30, "一刻": 15, "三刻": 45}.get(extra or "")
        if minute is None:
            minute = _zh_number(zh.group(3)) if zh.group(3) else 0
        return _clock(hour, minute, period, meridiem=None, colon=False)
    if en := reader.take(_EN_TIME):
        meridiem = "pm" if en.group(3).startswith("p") else "am"
        return _clock(int(en.group(1)), int(en.group(2) or 0), None, meridiem, colon=False)
    if colon := reader.take(_COLON_TIME):
        return _clock(int(colon.group(1)), int(colon.group(2)), period, None, colon=True)
    if noon := reader.take(_NOON):
        return _Clock(12 if noon.group(1) == "noon" else 0, 0)
    if bare := reader.take(_BARE_HOUR):
        return _clock(int(bare.group(1)), 0, period, None, colon=False)
    if period is not None:
        return _Clock(None)  # 明天下午 with no hour
    return None


def _clock(hour: int, minute: int, period: str | None, meridiem: str | None, colon: bool) -> _Clock:
    if hour > 24 or minute > 59:
        return _Clock(None, ambiguous=True)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return _Clock(None, ambiguous=True)
        return _Clock(hour % 12 + (12 if meridiem == "pm" else 0), minute)
    if period is not None:
        settled = _period_hour(period, hour)
        return _Clock(settled, minute, ambiguous=settled is None)
    if colon or hour == 0 or hour >= 13:
        return _Clock(hour % 24, minute)  # 19:30 and 09:00 are read as the 24-hour clock
    return _Clock(None, ambiguous=True)  # 7点 / "7": morning or evening?


def _weekday_date(today: date, weekday: int, week: str | None) -> date:
    if week and week[0] in "下":
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    if week and week[0] in "这這本":
        return today - timedelta(days=today.weekday()) + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _en_weekday(word: str) -> int:
    return _EN_WEEKDAYS.index(word[:3])


@dataclass
class _Day:
    day: date | None = None
    year_given: bool = True
    rolls_weekly: bool = False  # 周六 said on a Saturday evening: the next one
    period: str | None = None
    bad: bool = False


def _read_day(reader: _Reader, today: date) -> _Day | None:
    try:
        if iso := reader.take(_ISO):
            return _Day(date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
        if md := reader.take(_ZH_MONTH_DAY):
            month, day = _zh_number(md.group(1)), _zh_number(md.group(2))
            return _Day(date(today.year, month, day), year_given=False)
        if md := reader.take(_EN_MONTH_DAY):
            month = _EN_MONTHS.index(md.group(1)) + 1
            return _Day(date(today.year, month, int(md.group(2))), year_given=False)
        if dm := reader.take(_EN_DAY_MONTH):
            month = _EN_MONTHS.index(dm.group(2)) + 1
            return _Day(date(today.year, month, int(dm.group(1))), year_given=False)
    except ValueError:
        return _Day(bad=True)
    if rel := reader.take(_RELATIVE):
        word = rel.group(1)
        key = word if word.isascii() else word[0]
        offset = _RELATIVE_DAYS[key]
        period = {"今晚": "晚", "明晚": "晚", "明早": "早", "tonight": "晚"}.get(word)
        return _Day(today + timedelta(days=offset), period=period)
    if zh := reader.take(_ZH_WEEKDAY):
        weekday = _ZH_WEEKDAYS.get(zh.group(2))
        weekday = int(zh.group(2)) - 1 if weekday is None else weekday
        return _Day(_weekday_date(today, weekday, zh.group(1)), rolls_weekly=not zh.group(1))
    if en := reader.take(_EN_WEEKDAY_RE):
        week = {"next": "下", "this": "这"}.get(en.group(1) or "")
        on = _weekday_date(today, _en_weekday(en.group(2)), week)
        return _Day(on, rolls_weekly=week is None)
    return None


def _read_later(reader: _Reader) -> timedelta | None:
    """两小时后 / in 2 hours: a span from now, not a day and an hour."""
    if zh := reader.take(_ZH_IN):
        amount = 0.5 if zh.group(1) == "半" else _zh_number(zh.group(1))
        return _span(
            amount, hours=zh.group(3) in ("小时", "小時", "钟头", "鐘頭")
        )  # 2 is _NUM's own
    if en := reader.take(_EN_IN):
        word = en.group(1)
        amount = 0.5 if word.startswith("half") else 1 if word in ("a", "an") else int(word)
        return _span(amount, hours=en.group(2).startswith("h"))
    return None


def _span(amount: float, *, hours: bool) -> timedelta:
    return timedelta(hours=amount) if hours else timedelta(minutes=amount)


def _read_rule(reader: _Reader) -> tuple[Frequency, int | None] | None:
    if month := reader.take(_EVERY_MONTH):
        return Frequency.MONTHLY, _zh_number(month.group(1))
    if week := reader.take(_EVERY_ZH_WEEK):
        weekday = _ZH_WEEKDAYS.get(week.group(1))
        return Frequency.WEEKLY, int(week.group(1)) - 1 if weekday is None else weekday
    if week := reader.take(_EVERY_EN_WEEK):
        return Frequency.WEEKLY, _en_weekday(week.group(1))
    if reader.take(_EVERY_DAY):
        return Frequency.DAILY, None
    return None


def parse_when(text: str, now: datetime, zone: ZoneInfo) -> Parsed:
    # NFKC: full-width digits, colons and ＠ become their ASCII selves.
    reader = _Reader(unicodedata.normalize("NFKC", text).strip())
    rule = _read_rule(reader)
    later = _read_later(reader) if rule is None else None
    if later is not None:
        # Whole minutes: "in 30 minutes" at 10:00:41 is the 10:30 meeting.
        moment = (now + later).replace(second=0, microsecond=0)
        when: When = At(moment.astimezone(UTC)) if moment > now else Unclear(Doubt.PAST)
    elif rule is not None:
        when = _recurring(reader, rule, now, zone)
    else:
        day = _read_day(reader, now.astimezone(zone).date())
        when = _once(day, _read_time(reader, day.period if day else None), now, zone)
    return Parsed(when, reader.rest())


def _recurring(
    reader: _Reader, head: tuple[Frequency, int | None], now: datetime, zone: ZoneInfo
) -> When:
    frequency, which = head
    if frequency is Frequency.MONTHLY and (which is None or not 1 <= which <= 31):
        return Unclear(Doubt.BAD_DATE)
    clock = _read_time(reader, None)
    if clock is None or (clock.hour is None and not clock.ambiguous):
        return Unclear(Doubt.NO_TIME)
    if clock.hour is None:
        return Unclear(Doubt.AMBIGUOUS_HOUR)
    rule = Rule(
        frequency,
        time(clock.hour, clock.minute),
        weekday=which if frequency is Frequency.WEEKLY else None,
        day=which if frequency is Frequency.MONTHLY else None,
    )
    return Every(rule, rule.next_after(now, zone))


def _once(day: _Day | None, clock: _Clock | None, now: datetime, zone: ZoneInfo) -> When:
    if day is None and clock is None:
        return Unclear(Doubt.UNKNOWN)
    if day is not None and day.bad:
        return Unclear(Doubt.BAD_DATE)
    if clock is None or (clock.hour is None and not clock.ambiguous):
        return Unclear(Doubt.NO_TIME)
    if clock.hour is None:
        return Unclear(Doubt.AMBIGUOUS_HOUR)
    at = time(clock.hour, clock.minute)
    today = now.astimezone(zone).date()
    on = day.day if day is not None and day.day is not None else today
    moment = wall_clock(on, at, zone)
    if moment <= now and day is not None and day.rolls_weekly:
        moment = wall_clock(on + timedelta(days=7), at, zone)
    elif moment <= now and day is not None and not day.year_given and (on.month, on.day) != (2, 29):
        # 1月5日 typed in December is next January; 12月5日 typed on 12月6日 is a slip.
        next_year = wall_clock(on.replace(year=on.year + 1), at, zone)
        if next_year - now < timedelta(days=183):
            moment = next_year
    if moment <= now:
        return Unclear(Doubt.PAST)
    return At(moment.astimezone(UTC))
