"""Urgent = danger now. Recall first, but not every lift or fire word is an emergency."""

from __future__ import annotations

import pytest

from bot.parsing import parse


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("3栋楼道里好大的煤气味，快来看看", "safety"),
        ("閣下注意：5座走廊好大煤氣味！！", "safety"),
        ("There's a strong smell of gas in block 4", "safety"),
        ("502着火了！！快打119", "safety"),
        ("楼道全是烟，不知道哪家", "safety"),
        ("Smoke coming out of Apt 1203!", "safety"),
        ("隔壁单元有位老人摔倒了起不来，快来人！", "care"),
        ("对门的王奶奶晕倒了", "care"),
        ("An old man fell on the stairs of Building 2 and can't get up", "care"),
        ("8栋门口电线掉下来了还在冒火花", "safety"),
        ("Exposed live wires hanging down outside block 6", "safety"),
        ("外墙的瓷砖掉下来了，差点砸到人", "safety"),
        ("The balcony wall of 3-2-501 is crumbling onto the path below", "safety"),
    ],
)
def test_danger_is_urgent_request_with_the_specs_category(text: str, category: str) -> None:
    r = parse(text)
    assert r.urgent
    assert r.is_request
    assert r.category == category
    assert r.confidence >= 0.97


@pytest.mark.parametrize(
    "text",
    [
        "电梯困人了！！4栋2单元，有老人在里面",
        "救命，升降機困人！",
        "Someone is trapped in the lift in building 3",
        "地下车库被淹了，水到膝盖了",
        "501水管爆了，水一直往外冒",
        "A pipe burst in flat 302, water everywhere",
    ],
)
def test_trapped_and_flooding_are_urgent(text: str) -> None:
    r = parse(text)
    assert r.urgent and r.is_request


@pytest.mark.parametrize(
    "text",
    [
        "电梯坏了，爬楼太累了",
        "电梯异响很大，请尽快修",
        "电梯的按钮失灵好久了",
        "The lift in Blk 21 makes a loud noise, old folks can't get upstairs",
        "消防通道又被私家车堵了",
        "the fire exit is blocked again",
        "外墙的瓷砖松动了，怕掉下来砸到人",
        "楼道堆满了杂物，着火了跑不出去",
        "电动车在楼道充电容易起火",
        "下雨天雨水倒灌，车库门口全是水",
        "卫生间漏水了",
        "the path behind block 27 is crumbling, old folks keep stumbling",
    ],
)
def test_hazards_and_faults_are_not_urgent(text: str) -> None:
    r = parse(text)
    assert r.is_request
    assert not r.urgent


@pytest.mark.parametrize(
    "text",
    [
        "下周三消防演练，请大家配合",
        "温馨提示：出门记得关煤气",
        "上个月3栋着火的事大家还记得吗，还好没人受伤",
        "昨天着火已经灭了，大家放心",
        "楼道里没有煤气味了",
        "Fire drill next week, please cooperate",
        "Last year there was a fire in Block 3, luckily nobody was hurt",
    ],
)
def test_drills_warnings_and_past_events_are_not_urgent(text: str) -> None:
    r = parse(text)
    assert not r.urgent
