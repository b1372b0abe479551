"""Whether a reply to a request says "me too" (us as well, the same here), not something new.

A small rule set, not the model: the reply is short, says the writer is affected too, and
neither gives an opinion ("我家也是这样想的") nor says things are fine again ("我家也好了").
A phone number that starts with +1 is not a "+1". Text is normalised first, so Traditional
Chinese and full-width forms read the same.
"""

from __future__ import annotations

import re

from bot.parsing.normalize import normalize

# Beyond this a reply says more than "me too" and goes through the parser like any message.
MAX_CHINESE = 16
MAX_WORDS = 10

_WE = (
    r"(?:我们家|我家|我们这边|我们这里|我们这|我这边|我这里|我这|我们|我|俺家|俺|咱家|咱们"
    r"|这边|楼上|楼下|隔壁|我们楼|我们单元|我们层|\d{1,4}(?:室|号|楼|层)?)"
)
_SAME = r"(?:也是|也一样|也这样|同样|一样|同上|同问|同求|附议|加一|\+1|也)"
_TAIL = r"(?:的|啊|呀|哦|呢|了|哈|啦|!|\+1)*"
_CHINESE = [
    re.compile(rf"^(?:{_WE})?{_SAME}{_TAIL}(?:{_WE}{_SAME}?{_TAIL})?$"),
    re.compile(rf"^(?:{_WE})?(?:也是)?(?:同样|一样|同|相同)的?(?:问题|情况){_TAIL}$"),
    re.compile(
        rf"^(?:{_WE})?也(?:是|有|遇到|碰到)(?:这样|这个问题|这种情况|同样的问题|了)?{_TAIL}$"
    ),
    # "我们也停水了": the writer, 也, then a few words of the same trouble.
    re.compile(rf"^{_WE}(?:也|同样|一样)(?:是)?(?P<trouble>.{{1,10}})$"),
]
# Words that make a short "我也…" something other than being affected too.
_NOT_AFFECTED = re.compile(
    r"想|觉得|认为|同意|支持|赞成|反对|喜欢|希望|要|去|参加|来了|报名|知道|收到|谢|好了|修好|恢复|正常"
    r"|有水了|有电了|来水|来电|没事|没问题|可以|行"
)
_PLUS_ONE = re.compile(r"^(?:\+1|1\+)+$")

_ENGLISH_SAME = re.compile(
    r"^(?:\+1 )*(?:me too|me as well|same here|same|same problem|same issue|same thing"
    r"|same for us|same for me|same with us|same with me|same at ours|same in ours"
    r"|us too|us as well|ours too|ours as well|mine too|mine as well|here too|we too"
    r"|ditto|\+1)(?: too| here| again)?(?: \+1)*$"
)
_ENGLISH_WE = re.compile(r"^(?:we|us|ours|our|mine|my|here|same)\b")
_ENGLISH_TOO = re.compile(r"\b(?:too|also|as well|same)\b")
_ENGLISH_NOT = re.compile(
    r"\b(?:think|thought|agree|like|love|hope|believe|want|will|going|come|coming|join|fixed"
    r"|back|fine|ok|okay|working|works|time|day|tomorrow|thanks|thank|see|meeting)\b"
)


def _core(text: str) -> str:
    """Letters, digits and plus signs; no spaces, punctuation or emoji."""
    return re.sub(r"[^\w+]", "", text).replace("_", "")


def is_me_too(text: str) -> bool:
    normal = normalize(text)
    core = _core(normal)
    if not core:
        return False
    if _PLUS_ONE.match(core):
        return True
    if core.isascii():
        words = " ".join(re.sub(r"[^a-z0-9+' ]", " ", normal).split())
        if not words or len(words.split()) > MAX_WORDS:
            return False
        if _ENGLISH_SAME.match(words):
            return True
        return bool(
            _ENGLISH_WE.match(words)
            and _ENGLISH_TOO.search(words)
            and not _ENGLISH_NOT.search(words)
        )
    if len(core) > MAX_CHINESE or _NOT_AFFECTED.search(core):
        return False
    return any(pattern.match(core) for pattern in _CHINESE)
