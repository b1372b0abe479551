"""Request detection edges: non-requests that share words with requests, negation,
per-community vocabulary, confidence, and odd input."""

from __future__ import annotations

import pytest

from bot.parsing import Parser, parse


@pytest.mark.parametrize(
    "text",
    [
        "早上好各位邻居！",
        "收到，谢谢网格员！",
        "ok",
        "👍",
        "昨天报的路灯已经修好了，效率很高👍",
        "电梯修好了谢谢",
        "電梯已經修好了，多謝",
        "The light we reported has been fixed, thanks!",
        "明天停水通知，转发给大家",
        "卖自家种的青菜，需要的私聊😊",
        "这个机器人是干嘛的？",
        "哈哈哈笑死",
        "Good morning everyone!",
    ],
)
def test_not_requests(text: str) -> None:
    r = parse(text)
    assert not r.is_request
    assert r.category is None
    assert not r.urgent
    assert r.confidence >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "路灯修好了又坏了，麻烦再来看看",
        "说是修好了，其实还是不亮",
        "楼道灯还没修好，晚上很黑",
        "The lift was fixed but it's broken again",
    ],
)
def test_fixed_then_broken_again_is_still_a_request(text: str) -> None:
    r = parse(text)
    assert r.is_request
    assert r.category == "facilities"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("楼下垃圾桶满了两天没人收，味道很大", "sanitation"),
        ("楼上每天半夜拖椅子，吵得睡不着，麻烦协调一下", "dispute"),
        ("我的车位又被外来车占了", "parking"),
        ("物业费为什么今年涨了？也没通知", "property"),
        ("请问医保怎么办理？", "consultation"),
        ("Rubbish bins outside block 3 haven't been collected for days", "sanitation"),
        ("Someone took my parking space again", "parking"),
    ],
)
def test_categories(text: str, category: str) -> None:
    r = parse(text)
    assert r.is_request
    assert r.category == category


def test_vocabulary_word_makes_a_request_of_its_category() -> None:
    text = "今天小红房那边好热闹"
    assert not parse(text).is_request
    vocab = {"parking": ["小红房"]}
    r = Parser(vocab).parse(text)
    assert r.is_request and r.category == "parking"
    assert r.confidence >= 0.6
    # the convenience function takes the vocabulary too, and matching ignores script/width
    assert parse("今天小紅房那邊好熱鬧", vocab).category == "parking"


def test_vocabulary_raises_confidence_of_a_request() -> None:
    text = "红房子的灯坏了"
    base = parse(text)
    boosted = Parser({"parking": ["红房子"]}).parse(text)
    assert boosted.is_request
    assert boosted.confidence >= base.confidence or not base.is_request


def test_stronger_detected_category_beats_vocabulary() -> None:
    # Gas is safety by the spec; safety outranks parking in the tie-break order.
    r = Parser({"parking": ["小红房"]}).parse("小红房里好大的煤气味")
    assert r.category == "safety" and r.urgent


def test_latin_vocabulary_matches_whole_words_only() -> None:
    p = Parser({"parking": ["shed"]})
    assert p.parse("shed is full").category == "parking"
    assert not p.parse("finished, thanks all").is_request


def test_bad_vocabulary_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown category"):
        Parser({"bikes": ["x"]})
    with pytest.raises(TypeError):
        Parser({"parking": "小红房"})


def test_confidence_is_a_probability_and_tracks_clarity() -> None:
    clear = parse("6栋1单元楼道灯坏了好几天了，晚上很黑，麻烦来修一下")
    vague = parse("那个")
    for r in (clear, vague):
        assert 0.5 <= r.confidence <= 1.0
    assert clear.is_request and clear.confidence > 0.9


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "\u200b\u200b",
        "\ufeff",
        "🙂" * 50,
        "a" * 100_000,
        "煤\u200b气味好大",
        "\U0001f9ea\u0301\u0301",
        "\\n\\t",
        "RTL \u202etext\u202c",
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    r = parse(text)
    assert isinstance(r.is_request, bool)
    assert 0.0 <= r.confidence <= 1.0


def test_zero_width_space_does_not_hide_danger() -> None:
    assert parse("煤\u200b气味好大").urgent


def test_empty_text_is_not_a_request() -> None:
    r = parse("")
    assert (r.is_request, r.category, r.building, r.urgent) == (False, None, None, False)


def test_huge_text_is_bounded_but_parsed() -> None:
    r = parse("6栋楼道灯坏了。" + "哈" * 100_000)
    assert r.building == "6"
