"""What counts as "me too" in a reply to a request, and the near misses that do not."""

from __future__ import annotations

import pytest

from bot.parsing.metoo import is_me_too


@pytest.mark.parametrize(
    "text",
    [
        "+1",
        "＋1",
        "+1+1!!",
        "我家也是",
        "我們家也是",  # Traditional
        "同样",
        "同上",
        "同样的问题",
        "我们也停水了",
        "我們也停水了",
        "楼上也漏水了",
        "802也是",
        "+1 我家也是",
        "me too",
        "Me too 😩",
        "Same here!",
        "same",
        "we also have no water",
        "ours is out too",
    ],
)
def test_me_too(text: str) -> None:
    assert is_me_too(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "👍",
        "1",
        "+1 415 555 0100",  # a phone number, not a "+1"
        "+14155550100",
        "我家也是这样想的",  # an opinion
        "我也觉得应该修",
        "我也要去",
        "我家也好了",  # the opposite: fixed for them
        "我家也恢复了",
        "我也收到了",
        "谢谢",
        "3栋2单元楼道灯坏了",
        "我们也停水了，另外电梯也坏了三天了没人管真是太过分了",  # more than "me too"
        "same time tomorrow?",
        "I think so too",
        "we will come too",
        "thanks, same to you",
        "ok",
    ],
)
def test_not_me_too(text: str) -> None:
    assert not is_me_too(text)
