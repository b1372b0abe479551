"""Danger-now detection: the one decision the parser must not get wrong by omission.

Rules, not the model: the spec's definition is a short closed list (gas, fire or
smoke, trapped in a lift, flooding, a person down, live wires, falling structure), a
missed one is the worst error, and a rule can be audited by anyone. The patterns lean
towards recall; the guards below remove the common false alarms (drills, warnings,
"fire exit", things that are already over, "怕掉下来" worries).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.parsing._regex import guarded


class Danger(NamedTuple):
    kind: str
    category: str | None  # category the spec assigns, None to let the model decide


# kind, category, Chinese pattern, English pattern; all for normalised text.
# Chinese patterns avoid starting on very common characters (有, 大, 人, 水): a
# lookbehind moves the start to the rare one, which keeps the scan fast.
_PATTERNS: list[tuple[str, str | None, str, str]] = [
    (
        "gas",
        "safety",
        r"(?:煤气|燃气|天然气|液化气|石油气|瓦斯)(?:的)?(?:味|泄漏|泄露|漏了|漏气|在漏|好臭|很臭)|漏气"
        r"|闻到.{0,6}(?:煤气|燃气|天然气|瓦斯)|(?:煤气|燃气|瓦斯)罐.{0,4}(?:漏|嘶嘶)",
        r"\bgas\s*(?:smell|leak|leaking)|smells?\s*(?:of|like)\s*gas|\bleaking\s*gas"
        r"|smell(?:ing)?\s*gas|\bgas\b.{0,20}\bsmell",
    ),
    (
        "fire",
        "safety",
        r"着火|起火|失火|火灾了|冒烟|浓烟|黑烟|烧起来|烧着了|火苗|明火|火警(?!时)|火光|烧焦味|焦糊味|糊味"
        r"|(?:(?<=有)(?<!真有)|(?<=好多)|(?<=全是))(?:烟(?![头蒂味盒酒花草瘾])|火(?![车锅柴腿龙机候气]))"
        r"|烟雾(?!感应|报警|探测)|冒火|着了火|火烧",
        r"on fire|caught fire|catching fire|\bfire\b(?!\s*(?:exit|door|escape|exting\w*|inspection"
        r"|hydrant|drill|safety|lane|equipment|hose|alarms?(?! (?:is |are )?(?:going off|ringing))|route"
        r"|hazard|risk|prevention|check))"
        r"|\bflames?\b|(?<!cigarette )(?<!incense )\bsmoke\b(?!\s*(?:detectors?|alarms?|from (?:the |a )?"
        r"(?:neighbou?r'?s? )?(?:cigarettes?|cooking|incense|bbq)))|\bburning\b|smells? burnt",
    ),
    (
        "trapped",
        None,
        r"困人|被困|困在|关在电梯|卡在电梯|电梯里.{0,6}出不来|(?<=人)出不来|电梯.{0,4}(?:下坠|坠落|掉下去)"
        r"|(?:升降机|电梯).{0,8}(?:里面|里)(?:有|还有)人|关在里面|关里面|困在里面|卡在里面",
        r"\btrapped\b|stuck in (?:the |a )?(?:lift|elevator)|(?:lift|elevator).{0,20}\bstuck\b"
        r"|(?:lift|elevator).{0,12}(?:dropped|fell|plunged)|(?:lift|elevator).{0,20}between floors",
    ),
    (
        "flood",
        None,
        r"淹了|被淹|水淹|淹到|水漫|漫出来|漫进|进水了|灌进(?:家|屋|房)|积水.{0,4}(?:没过|齐|膝|腰|很深)"
        r"|爆管|爆水管|管子?爆|水管.{0,2}(?:爆|炸|裂开)|(?<=[地路上里面])全是水|喷水(?!池)|喷出来|哗哗.{0,4}(?:流|冒|喷)|止不住"
        r"|(?<=水)一直(?:冒|喷|流)",
        r"\bflood(?:ed|ing|s)?\b|burst (?:pipe|main)|pipe (?:has )?burst|(?:water|sewage) (?:is )?(?:pouring"
        r"|gushing|everywhere|spraying)",
    ),
    (
        "person",
        "care",
        r"摔倒|摔了一跤|跌倒|晕倒|昏倒|昏迷|昏过去|晕过去|倒在地|倒地|不省人事|叫不醒|叫了?没反应"
        r"|(?<=人)没反应|没有意识|起不来|喘不上气|呼吸不到|呼吸困难|心脏病(?!史)|中风(?![后过])|抽搐|休克|流了好多血"
        r"|出血|吐血|快不行了|急救|[打叫拨]了?120|救护车|嘴歪|口眼歪斜|说不出话",
        r"\bfell\b(?! asleep| off| from| down)|\bfallen\b|has fallen|unconscious|not breathing"
        r"|can'?t breathe|can'?t get up\b(?!stairs)|cannot get up\b(?!stairs)|heart attack|\bstroke\b|fainted|passed out"
        r"|seizure|bleeding|\bambulance\b|unresponsive|not responding|call 120|trouble breathing"
        r"|(?:can'?t|cannot) breathe"
        r"|(?:man|woman|lady|grandpa|grandma|granny|neighbou?r|he|she|someone|somebody|person|guy"
        r"|kid|child|elderly|resident|mum|mom|dad).{0,20}collapsed",
    ),
    (
        "wire",
        "safety",
        r"(?:电线|电缆).{0,4}(?:裸露|露在外|露出来|掉下来|掉在|跌落|断了|垂下来|垂到|冒火花|打火)|裸露.{0,4}电线"
        r"|漏电|触电|电到人|打火花|冒火花|火花|电箱.{0,4}(?:冒|炸|响)",
        r"exposed (?:live )?wires?|live wires?|bare wires?|spark(?:s|ing)|electric shock"
        r"|(?:wire|cable)s?.{0,12}(?:hanging down|on the ground|dangling|down on|lying on)|electrocut",
    ),
    (
        "collapse",
        "safety",
        r"塌了|倒塌|坍塌|塌下来|塌陷|要塌|掉下来了|跌下来|砸下来|砸到人|砸伤|砸到车|往下掉|摇摇欲坠|快掉了"
        r"|要掉下来|(?:瓷砖|外墙|墙皮|墙砖|广告牌|招牌|空调外机|冷气机|窗户|玻璃|阳台).{0,6}"
        r"(?:掉下来|掉了下来|砸|脱落了|坠落)",
        r"collaps(?:e|ed|ing)|about to fall|(?:fell|falling) (?:off|from|down)|caved in"
        # A crumbling wall falls on someone; a crumbling path trips them (facilities).
        r"|(?:wall|ceiling|balcony|facade|roof|render|plaster|parapet)s?\b.{0,20}\bcrumbling"
        r"|crumbling (?:wall|ceiling|balcony|facade|roof|parapet)"
        r"|came down",
    ),
]

_DANGER_ZH = guarded("|".join(f"(?P<{kind}>{zh})" for kind, _, zh, _ in _PATTERNS))
_DANGER_EN = guarded("|".join(f"(?P<{kind}>{en})" for kind, _, _, en in _PATTERNS))
_CATEGORY = {kind: cat for kind, cat, _, _ in _PATTERNS}
_LATIN = re.compile(r"[a-z]{2}")

# A negation right before the danger word: "没有煤气味", "no smoke".
_NEGATED = re.compile(
    r"(?:没有|没|不是|并没|无|未|不再|别|防止|预防|以防|小心|谨防|避免|防|容易|会|怕|担心|no|not|never|without|isn't"
    r"|wasn't|prevent|avoid|in case of|差点|差一点|险些|nearly|almost)\s*(?:闻到|看到|发现|有)?\s*(?:任何)?\s*$"
)

# Clause-level signs that the danger is not happening now: it is over, it was a drill,
# it is advice, or it happened long ago.
_NOT_NOW = guarded(
    r"已经?(?:修好|处理好|解决|恢复|灭了|扑灭|救出|送医|没事|排除|好了)|修好了|灭了|扑灭了|救出来了|没事了"
    r"|虚惊|演练|演习|培训|讲座|宣传|知识|安全课|提醒大家|提醒一下|温馨提示|请大家注意|大家注意|注意安全"
    r"|通知|通告|防范|预防|隐患排查|安全检查|检查燃气|去年|上个月|上周|以前|小时候|新闻|电视|电影|视频里"
    r"|记得吗|\bdrill\b|training|reminder|\btips?\b|last (?:year|month|week)|\bnews\b|movie|remember\?"
    r"|was fixed|been fixed|all (?:ok|fine|good) now|put out|false alarm|resolved|no longer|safety check"
    r"|调解|协调|协商|赔偿|mediat|compensat"
)
# Worry about what could happen ("怕掉下来砸到人", "容易起火") is a hazard report,
# not an emergency. Not applied to gas or a person down: there the worry is the alarm.
_HYPOTHETICAL = guarded(
    r"怕|担心|万一|迟早|容易|会不会|可能会|以免|免得|隐患|如果|要是|假如|一旦|跑不出去|逃不出去|出不去|走不了"
    r"|\bcould\b|\bmight\b|\bmay\b|risk|what if|\bif\b|in case|waiting to happen|hazard"
)
_HYPOTHETICAL_KINDS = frozenset({"fire", "collapse", "wire", "flood"})

# Smoke that is someone smoking, burning incense or cooking. Only overrides smoke-ish
# hits (冒烟, smoke), never 着火 / on fire.
_SMOKING = guarded(
    r"抽烟|吸烟|烟头|香烟|烧香|二手烟|油烟|做饭|炒菜|烧烤|cigarette|incense|cooking|\bbbq\b|barbecue"
    r"|\bsmok(?:e|es|ing) (?:all|every|indoors|inside|in the|on the)|\bsmokers?\b"
)
_REAL_FIRE = re.compile(r"火|fire|flame|burn")

_CLAUSE_END = re.compile(r"[。！!？?；;\n]|\.(?:\s|$)")


# Each English pattern of a kind contains one of these substrings, so a message holding
# only one kind's substrings can only match that kind: it is scanned with that kind's
# patterns alone (a fraction of the big alternation), else with all of them as before.
# Substrings, not words, so glued typos ("gasleak") still count.
_EN_TRIGGERS: dict[str, tuple[str, ...]] = {
    "gas": ("gas",),
    "fire": ("fire", "flame", "smoke", "burn"),
    "trapped": ("trapped", "lift", "elevator"),
    "flood": ("flood", "burst", "water", "sewage"),
    "person": (
        "fell",
        "fallen",
        "unconscious",
        "breath",
        "get up",
        "heart attack",
        "stroke",
        "faint",
        "passed out",
        "seizure",
        "bleeding",
        "ambulance",
        "unresponsive",
        "not responding",
        "call 120",
        "collapsed",
    ),
    "wire": ("wire", "spark", "electric shock", "cable", "electrocut"),
    "collapse": (
        "collaps",
        "about to fall",
        "fell",
        "falling",
        "crumbling",
        "caved in",
        "came down",
    ),
}
# First gate, cheaper still: every English pattern needs one of these WORDS; most
# English messages have none (one set look-up per word, no substring scans).
_EN_WORDS = frozenset(
    [
        "gas",
        "smell",
        "smells",
        "smelling",
        "leaking",
        "leak",
        "fire",
        "flame",
        "flames",
        "smoke",
        "smoking",
        "burning",
        "burnt",
        "trapped",
        "stuck",
        "lift",
        "elevator",
        "flood",
        "floods",
        "flooded",
        "flooding",
        "burst",
        "pipe",
        "main",
        "sewage",
        "water",
        "fell",
        "fallen",
        "falling",
        "fall",
        "unconscious",
        "breathing",
        "breathe",
        "heart",
        "stroke",
        "fainted",
        "passed",
        "seizure",
        "bleeding",
        "ambulance",
        "unresponsive",
        "responding",
        "call",
        "collapse",
        "collapsed",
        "collapses",
        "collapsing",
        "wire",
        "wires",
        "cable",
        "cables",
        "spark",
        "sparks",
        "sparking",
        "shock",
        "electrocuted",
        "electrocution",
        "electrocute",
        "crumbling",
        "caved",
        "came",
        "about",
        "get",
        "cannot",
    ]
)
_WORD = re.compile(r"[a-z][a-z']+")
# One kind's patterns alone (the common case: one kind's words present), else all of
# them. Compiled up front, so streaming never compiles (memory stays flat).
_EN_SINGLE: dict[str, re.Pattern[str]] = {
    kind: guarded(f"(?P<{kind}>{en})") for kind, _, _, en in _PATTERNS
}


def detect_danger(norm: str, words: list[str] | None = None) -> Danger | None:
    """The first current danger in normalised text, or None.

    ``words`` is ``[a-z][a-z']+`` tokens of ``norm`` when the caller has them already.
    """
    # Every Chinese pattern needs a Chinese character: skip the scan on all-ASCII text.
    found = None if norm.isascii() else _scan(_DANGER_ZH, norm)
    if found is None and _LATIN.search(norm):
        if words is None:
            words = _WORD.findall(norm)
        if _EN_WORDS.isdisjoint(words):
            return None
        contains = norm.__contains__
        kinds = tuple(kind for kind, subs in _EN_TRIGGERS.items() if any(map(contains, subs)))
        if kinds:
            found = _scan(_EN_SINGLE[kinds[0]] if len(kinds) == 1 else _DANGER_EN, norm)
    return found


def _scan(pattern: re.Pattern[str], text: str) -> Danger | None:
    for m in pattern.finditer(text):
        if _NEGATED.search(text, max(0, m.start() - 8), m.start()):
            continue
        start = _clause_start(text, m.start())
        end_match = _CLAUSE_END.search(text, m.end())
        end = end_match.start() if end_match else len(text)
        if _NOT_NOW.search(text, start, end):
            continue
        kind = m.lastgroup or "fire"
        if (
            kind == "fire"
            and _SMOKING.search(text, start, end)
            and not _REAL_FIRE.search(m.group())
        ):
            continue  # smoke from cigarettes / incense / cooking: a neighbour issue, not a fire
        if kind in _HYPOTHETICAL_KINDS and _HYPOTHETICAL.search(text, start, end):
            continue
        return Danger(kind, _CATEGORY[kind])
    return None


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    return start
