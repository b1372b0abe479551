"""The send limiter on a fake clock: no timing."""

from __future__ import annotations

import pytest

from bot.delivery.limiter import MARGIN, SendLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_message_a_second_per_chat() -> None:
    clock = Clock()
    limiter = SendLimiter(30, 1, 20, clock)
    assert limiter.wait_for(5) == 0
    limiter.record(5)
    assert limiter.wait_for(5) == 1.0
    assert limiter.wait_for(6) == 0
    clock.now += 1.0
    assert limiter.wait_for(5) == 0


def test_twenty_a_minute_per_group() -> None:
    clock = Clock()
    limiter = SendLimiter(1000, 1000, 20, clock)
    for _ in range(20):
        assert limiter.wait_for(-100) == 0
        limiter.record(-100)
        clock.now += 0.5
    assert limiter.wait_for(-100) == 50.0  # the oldest of the 20 leaves the window at +60s
    assert limiter.wait_for(100) == 0  # private chats have no per-minute cap


def test_thirty_a_second_overall() -> None:
    clock = Clock()
    limiter = SendLimiter(30, 1, 20, clock)
    for chat in range(30):
        limiter.record(chat)
    assert limiter.wait_for(999) == 1.0
    clock.now += 1.0
    assert limiter.wait_for(999) == 0


def test_retry_after_pauses_the_chat_or_everything() -> None:
    clock = Clock()
    limiter = SendLimiter(30, 1, 20, clock)
    limiter.pause(7, 5)
    assert limiter.wait_for(7) == 5 and limiter.wait_for(8) == 0
    limiter.pause(None, 3)
    assert limiter.wait_for(8) == 3


# Pacing for broadcasts: a fixed margin on each window, sends counted ahead for the
# moment they may leave, and moved only later, never earlier.


def test_the_margin_lengthens_each_window_by_a_fixed_time_not_a_share() -> None:
    clock = Clock()
    limiter = SendLimiter(30, 1, 20, clock, time_scale=2, margin=0.005)
    for chat in range(-30, 0):
        limiter.record(chat)
    assert limiter.wait_for(-99) == pytest.approx(0.505)  # half a second scaled, plus 5 ms
    assert limiter.wait_for(-1) == pytest.approx(0.505)  # one a second per chat, scaled
    assert 0 < MARGIN < 0.02  # the app's: milliseconds, not a percentage


def test_a_send_counted_ahead_holds_back_the_next_window() -> None:
    clock = Clock()
    limiter = SendLimiter(2, 100, 100, clock)
    limiter.record(-1)
    limiter.record(-2, at=clock.now + 0.25)  # leased now, leaves in 250 ms
    # The window is full until the first of the two is a second old.
    assert limiter.wait_for(-3) == pytest.approx(1.0)
    clock.now += 1.0
    assert limiter.wait_for(-3) == 0
    limiter.record(-3)
    # Then until the one that left at +0.25 is a second old.
    assert limiter.wait_for(-4) == pytest.approx(0.25)


def test_restamp_moves_a_late_send_later_and_keeps_an_early_one() -> None:
    clock = Clock()
    limiter = SendLimiter(1, 100, 100, clock)
    planned = limiter.record(-1, at=clock.now + 0.1)
    clock.now += 0.05  # the lease committed before its time: it leaves as planned
    assert limiter.restamp(-1, planned) == planned
    clock.now += 0.2  # a lease that took longer: counted from when it really leaves
    late = limiter.restamp(-1, planned)
    assert late == clock.now
    assert limiter.wait_for(-2) == pytest.approx(1.0)


def test_a_send_late_by_less_than_half_the_margin_keeps_its_stamp() -> None:
    clock = Clock()
    limiter = SendLimiter(1, 100, 100, clock, margin=0.004)
    planned = limiter.record(-1, at=clock.now + 0.1)
    clock.now += 0.1 + 0.0015  # an event loop's usual lateness: inside the margin
    assert limiter.restamp(-1, planned) == planned
    assert limiter.wait_for(-2) == pytest.approx(1.004 - 0.0015)
    clock.now += 0.001  # 2.5 ms late: outside half the margin, counted from now
    assert limiter.restamp(-1, planned) == clock.now


def test_refund_gives_a_refused_send_its_place_back() -> None:
    clock = Clock()
    limiter = SendLimiter(1, 100, 100, clock)
    stamp = limiter.record(-1)
    assert limiter.wait_for(-2) > 0
    limiter.refund(stamp)
    assert limiter.wait_for(-2) == 0


def test_sends_counted_ahead_fill_the_window_one_turn_each() -> None:
    clock = Clock()
    limiter = SendLimiter(2, 100, 100, clock)
    # Leased ahead of their turns, the window holds more than its two for a moment.
    for chat in (-1, -2):
        limiter.record(chat)
    turns = []
    for chat in (-3, -4, -5):
        wait = limiter.wait_for(chat)
        turns.append(wait)
        limiter.record(chat, at=clock.now + wait)
    # Each waits for the send two places before it to be a second old, not for the oldest.
    assert turns == [pytest.approx(1.0), pytest.approx(1.0), pytest.approx(2.0)]
