"""Telegram HTML parse mode → text + entities (pure unit tests)."""

from __future__ import annotations

import pytest

from devtools.emulator.errors import ApiError
from devtools.emulator.htmltext import parse_html


def test_utf16_offsets_with_emoji_and_chinese() -> None:
    text, entities = parse_html("👍<b>好</b> <i>ok</i>")
    assert text == "👍好 ok"
    assert entities == [
        {"type": "bold", "offset": 2, "length": 1},
        {"type": "italic", "offset": 4, "length": 2},
    ]


def test_nested_links_pre_and_mentions() -> None:
    text, entities = parse_html(
        '<b><a href="https://x.org/?a=1&amp;b=2">链接</a></b>'
        '<pre><code class="language-python">x = 1</code></pre>'
        '<a href="tg://user?id=42">王</a><tg-spoiler>秘</tg-spoiler>'
    )
    assert text == "链接x = 1王秘"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "url": "https://x.org/?a=1&b=2", "offset": 0, "length": 2},
        {"type": "pre", "language": "python", "offset": 2, "length": 5},
        {
            "type": "text_mention",
            "user": {"id": 42, "is_bot": False, "first_name": "42"},
            "offset": 7,
            "length": 1,
        },
        {"type": "spoiler", "offset": 8, "length": 1},
    ]


def test_entities_and_plain_ampersand() -> None:
    assert parse_html("a &lt; b &amp;&amp; c &#20013; & d")[0] == "a < b && c 中 & d"


@pytest.mark.parametrize(
    ("src", "detail"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
    ],
)
def test_errors_match_telegram(src: str, detail: str) -> None:
    with pytest.raises(ApiError) as exc:
        parse_html(src)
    assert exc.value.description == f"Bad Request: can't parse entities: {detail}"
