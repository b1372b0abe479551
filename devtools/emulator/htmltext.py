"""Telegram's HTML parse mode: markup in, plain text plus entities out.

Real Telegram answers sendMessage with the *parsed* text and entities, and it
rejects malformed markup (an unescaped ``<`` in a resident's name is the classic
bug). Emulating the parser lets tests catch that before production does.
Offsets/lengths are UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import html
import re
from typing import Any

from devtools.emulator.errors import ApiError, bad_request

_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ATTR = re.compile(r"""([a-zA-Z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_TG_USER = re.compile(r"^tg://user\?id=(\d+)$")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fail(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode())


def _open_entity(src: str, start: int, name: str, attrs: dict[str, str]) -> dict[str, Any]:
    if name in _SIMPLE:
        return {"type": _SIMPLE[name]}
    if name == "span" and attrs.get("class") == "tg-spoiler":
        return {"type": "spoiler"}
    if name == "a":
        href = attrs.get("href", "")
        if m := _TG_USER.match(href):
            # Telegram fills in the whole User; the emulator knows only the id here.
            uid = int(m.group(1))
            return {
                "type": "text_mention",
                "user": {"id": uid, "is_bot": False, "first_name": str(uid)},
            }
        return {"type": "text_link", "url": href}
    if name == "blockquote":
        return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
    if name == "tg-emoji":
        return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
    raise _fail(f'Unsupported start tag "{name}" at byte offset {_byte_offset(src, start)}')


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    pos16 = 0  # current length of the output in UTF-16 units
    stack: list[tuple[str, dict[str, Any], int, int]] = []  # tag, entity, start, open order
    closed: list[tuple[int, dict[str, Any]]] = []
    opened = 0
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch == "<":
            # Tag names end at whitespace or ">", as in TDLib's parser.
            j = i + 1
            while j < n and not src[j].isspace() and src[j] != ">":
                j += 1
            end = src.find(">", j)
            if src[i + 1 : i + 2] == "/":
                if not stack:
                    raise _fail(f"Unexpected end tag at byte offset {_byte_offset(src, i)}")
                if end < 0 or src[j:end].strip():
                    raise _fail(f"Unclosed end tag at byte offset {_byte_offset(src, i)}")
                name = src[i + 2 : j].lower()
                top, entity, start16, order = stack.pop()
                if name != top:
                    raise _fail(
                        f"Unmatched end tag at byte offset {_byte_offset(src, i)}, "
                        f'expected "</{top}>", found "</{name}>"'
                    )
                if entity and pos16 > start16:
                    entity.update(offset=start16, length=pos16 - start16)
                    closed.append((order, entity))
            else:
                if j >= n:
                    raise _fail(f"Unclosed start tag at byte offset {_byte_offset(src, i)}")
                name = src[i + 1 : j].lower()
                # TDLib names an unsupported tag before it looks for the closing ">".
                _open_entity(src, i, name, {})
                if end < 0:
                    raise _fail(f"Unclosed start tag at byte offset {_byte_offset(src, i)}")
                attrs = {
                    a.group(1).lower(): html.unescape(a.group(2) or a.group(3) or a.group(4) or "")
                    for a in _ATTR.finditer(src, j, end)
                }
                entity = _open_entity(src, i, name, attrs)
                # <pre><code class="language-x"> is one pre entity with a language.
                if name == "code" and stack and stack[-1][0] == "pre":
                    lang = attrs.get("class", "")
                    if lang.startswith("language-"):
                        stack[-1][1]["language"] = lang[len("language-") :]
                    entity = {}
                stack.append((name, entity, pos16, opened))
                opened += 1
            i = end + 1
            continue
        if ch == "&":
            m = _ENTITY.match(src, i)
            if m:
                ref = m.group(1)
                if ref.startswith("#x"):
                    chunk = chr(int(ref[2:], 16))
                elif ref.startswith("#"):
                    chunk = chr(int(ref[1:]))
                else:
                    chunk = _NAMED.get(ref.lower(), m.group(0))
                i = m.end()
            else:
                chunk = "&"
                i += 1
        else:
            stop = min((p for p in (src.find("<", i), src.find("&", i)) if p >= 0), default=n)
            chunk = src[i:stop]
            i = stop
        out.append(chunk)
        pos16 += utf16_len(chunk)
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    # Outer entities first when they cover the same span, like Telegram.
    closed.sort(key=lambda oe: (oe[1]["offset"], -oe[1]["length"], oe[0]))
    return "".join(out), [entity for _, entity in closed]
