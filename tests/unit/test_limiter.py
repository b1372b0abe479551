from __future__ import annotations

from bot.delivery.limiter import SendLimiter


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
