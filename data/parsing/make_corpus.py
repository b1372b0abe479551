"""Generate the labelled parser corpus from the template files in ./templates.

    .venv/bin/python data/parsing/make_corpus.py        # writes data/parsing/corpus.jsonl

Every template line carries its label; slots ([BLOC], [RLOC], ...) are filled from
the generators below, which also produce the location labels, so labels never come
from the parser under test. The split is by TEMPLATE, not by message, stratified by
concept: a quarter of the templates of every (language, label, concept) go to "test"
when the concept has at least MIN_PER_CONCEPT of them, so held-out messages are new
sentence shapes, not slot-swaps of training sentences, and the idea they express is
still taught by other shapes. CONCEPTS lists the concepts (the spec's category table
item by item, and the kinds of non-request); ``main`` reports any that are thin.
Deterministic (seeded).
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bot.parsing.normalize import normalize  # noqa: E402  (tagging only: T->S, case)

SEED = 20240611
TEST_SHARE = 0.25
PER_TEMPLATE = 14  # messages drawn per template (fewer when it has few variants)
# Real group chat is mostly NOT requests; draw more from each non-request template so
# the corpus is not ~70% requests (it is still request-heavy: requests are the point).
NONE_PER_TEMPLATE = 24
FRAME_MESSAGES = 45  # "*" frames take their category from a problem phrase, so draw more
LANGS = ("zh-Hans", "zh-Hant", "en")

Loc = tuple[str | None, str | None, str | None]
Filled = tuple[str, Loc]  # surface text, the location it denotes

CN = "〇一二三四五六七八九"


def cn_number(n: int, rng: random.Random) -> str:
    """12 -> 十二; 2 -> 二 or 两."""
    if n == 2 and rng.random() < 0.4:
        return "两"
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN[tens]
    return head + "十" + (CN[ones] if ones else "")


def cn_digits(s: str, rng: random.Random) -> str:
    zero = "零" if rng.random() < 0.5 else "〇"
    return "".join(zero if ch == "0" else CN[int(ch)] for ch in s)


def rand_room(rng: random.Random) -> str:
    floor = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 18, 21])
    return f"{floor}{rng.randint(1, 4):02d}"


# ---------------------------------------------------------------- locations per language
@dataclass
class ZhStyle:
    traditional: bool

    def w(self, simp: str, trad: str) -> str:
        return trad if self.traditional else simp

    def building(self, rng: random.Random, b: int) -> str:
        w = self.w
        if rng.random() < 0.15:
            return cn_number(b, rng) + rng.choice([w("栋", "棟"), w("号楼", "號樓")])
        return str(b) + rng.choice(
            [w("栋", "棟"), w("栋", "棟"), w("号楼", "號樓"), "幢", w("号楼", "號樓"), "座"]
            if self.traditional
            else ["栋", "栋", "号楼", "幢", "号楼", "#楼"]
        )

    def zone_building(self, rng: random.Random) -> tuple[str, str]:
        z = rng.choice("ABCDE")
        b = rng.randint(1, 12)
        form = rng.choice(
            [
                f"{z}{self.w('区', '區')}{b}{self.w('栋', '棟')}",
                f"{z}座{b}{self.w('号楼', '號樓')}",
                f"{z}{b}{self.w('栋', '棟')}",
                f"{z.lower()}{self.w('区', '區')}{b}{self.w('栋', '棟')}",
            ]
        )
        return form, f"{z}{b}"

    def unit(self, rng: random.Random, u: int) -> str:
        num = cn_number(u, rng) if rng.random() < 0.25 else str(u)
        return num + self.w("单元", "單元")

    def bloc(self, rng: random.Random) -> Filled:
        r = rng.random()
        b = rng.randint(1, 30)
        u = rng.randint(1, 6)
        if r < 0.45:
            return self.building(rng, b), (str(b), None, None)
        if r < 0.75:
            sep = rng.choice(["", "", " "])
            return self.building(rng, b) + sep + self.unit(rng, u), (str(b), str(u), None)
        if r < 0.87:
            return self.unit(rng, u), (None, str(u), None)
        surface, bb = self.zone_building(rng)
        return surface, (bb, None, None)

    def rloc(self, rng: random.Random) -> Filled:
        b = rng.randint(1, 30)
        u = rng.randint(1, 6)
        room = rand_room(rng)
        r = rng.random()
        if r < 0.45:
            if rng.random() < 0.12:
                text = (
                    cn_number(b, rng)
                    + self.w("栋", "棟")
                    + cn_number(u, rng)
                    + self.w("单元", "單元")
                    + cn_digits(room, rng)
                )
            else:
                text = self.building(rng, b) + self.unit(rng, u) + room + rng.choice(["", "室", ""])
            return text, (str(b), str(u), room)
        if r < 0.65:
            return self.building(rng, b) + room + rng.choice(["", "室"]), (str(b), None, room)
        if r < 0.82:
            return f"{b}-{u}-{room}", (str(b), str(u), room)
        if r < 0.94:
            return f"{self.building(rng, b)}{u}-{room}", (str(b), str(u), room)
        return room + "室", (None, None, room)

    def floor(self, rng: random.Random) -> str:
        n = rng.randint(2, 18)
        num = cn_number(n, rng) if rng.random() < 0.3 else str(n)
        return num + rng.choice(
            [self.w("楼", "樓"), "层" if not self.traditional else "層", self.w("楼", "樓")]
        )

    def selfloc(self, rng: random.Random) -> tuple[str, Loc]:
        surface, loc = self.bloc(rng)
        w = self.w
        lead = rng.choice(
            [w("我住", "我住"), w("我是", "我是"), w("我家住", "我家住"), w("我家在", "我家在")]
        )
        tail = w("的，", "的，") if lead == "我是" else "，"
        return lead + surface + tail, loc


class EnStyle:
    B = ("Building", "building", "Bldg", "bldg", "Block", "block", "Blk")
    U = ("Unit", "unit", "Entrance", "entrance")
    R = ("Apt", "apt", "Room", "room", "Flat", "flat", "#")
    WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

    def building(self, rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.12:
            z = rng.choice("ABCD")
            b = rng.randint(1, 9)
            return f"{rng.choice(['Block', 'block', 'Building'])} {z}{b}", f"{z}{b}"
        b = rng.randint(1, 30)
        if r < 0.2 and b <= 10:
            return f"{rng.choice(['building', 'Building', 'block'])} {self.WORDS[b - 1]}", str(b)
        return f"{rng.choice(self.B)} {b}", str(b)

    def bloc(self, rng: random.Random) -> Filled:
        surface, b = self.building(rng)
        if rng.random() < 0.35:
            u = rng.randint(1, 6)
            return f"{surface}{rng.choice([', ', ' '])}{rng.choice(self.U)} {u}", (b, str(u), None)
        return surface, (b, None, None)

    def rloc(self, rng: random.Random) -> Filled:
        surface, b = self.building(rng)
        room = rand_room(rng)
        rw = rng.choice(self.R)
        rsurf = f"#{room}" if rw == "#" else f"{rw} {room}"
        r = rng.random()
        if r < 0.5:
            u = rng.randint(1, 6)
            sep = rng.choice([", ", " "])
            return f"{surface}{sep}{rng.choice(self.U)} {u}{sep}{rsurf}", (b, str(u), room)
        if r < 0.7:
            return f"{rsurf}, {surface}" if rng.random() < 0.5 else f"{surface} {rsurf}", (
                b,
                None,
                room,
            )
        if r < 0.85:
            u = rng.randint(1, 6)
            bn = str(rng.randint(1, 30))
            return f"{bn}-{u}-{room}", (bn, str(u), room)
        return rsurf, (None, None, room)

    def floor(self, rng: random.Random) -> str:
        n = rng.randint(2, 18)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            n if n < 20 and n not in (11, 12, 13) else n % 10, "th"
        )
        return rng.choice([f"{n}{suffix} floor", "top floor", f"floor {n}"])

    def selfloc(self, rng: random.Random) -> tuple[str, Loc]:
        surface, loc = self.bloc(rng)
        lead = rng.choice(["I live in", "I am in", "I'm in"])
        return f"{lead} {surface}, ", loc


# ---------------------------------------------------------------- other slot fillers
WHO = {
    "zh-Hans": ["王奶奶", "李大爷", "张阿姨", "刘爷爷", "赵婆婆", "陈伯伯", "一位老人", "孙大妈"],
    "zh-Hant": ["陳伯伯", "李婆婆", "王奶奶", "黃伯", "張太", "一位長者", "劉婆婆"],
    "en": ["Mrs Wang", "old Mr Li", "Granny Zhao", "the old lady upstairs", "Mr Chen"],
}
NUM = {
    "zh-Hans": ["9点到17点", "下午3点", "200元", "电话13812345678", "3月5号", "早上8点", "1580元"],
    "zh-Hant": ["9點到17點", "下午3點", "200元", "電話91234567", "3月5號"],
    "en": ["9am", "from 9 to 5", "$20", "tel 13812345678", "March 5"],
}
EMO = ["😊", "👍", "☀️", "🙏", "😭", "！！", "~", "😂", "[玫瑰]", "[抱拳]", "🌹", "💪", "…"]
EMO_EN = ["😊", "👍", "🙏", "!!", "😂", "...", ":)", "🙂"]


def expand_alternatives(tpl: str, rng: random.Random) -> str:
    return re.sub(r"\{([^{}]*)\}", lambda m: rng.choice(m.group(1).split("|")), tpl)


def variant_count(tpl: str) -> int:
    n = 1
    for m in re.finditer(r"\{([^{}]*)\}", tpl):
        n *= len(m.group(1).split("|"))
    if "[P]" in tpl:
        n *= 50
    return n * (30 if re.search(r"\[(?:BLOC|RLOC|LOC\?|ZLOC)\]", tpl) else 1)


def fill(tpl: str, lang: str, rng: random.Random) -> tuple[str, Loc]:
    style: ZhStyle | EnStyle = EnStyle() if lang == "en" else ZhStyle(lang == "zh-Hant")
    # Nested alternatives such as {下周{二|三}} expand inside-out.
    while "{" in tpl:
        tpl = expand_alternatives(tpl, rng)
    problem: Loc | None = None
    self_loc: Loc | None = None
    out = []
    for part in re.split(r"(\[[A-Z?]+\])", tpl):
        if part == "[BLOC]" or part == "[ZLOC]":
            surface, loc = (ZhStyle(False) if part == "[ZLOC]" else style).bloc(rng)
        elif part == "[RLOC]":
            surface, loc = style.rloc(rng)
        elif part == "[LOC?]":
            if rng.random() < 0.5:
                surface, loc = style.bloc(rng)
                surface += "" if lang == "en" else rng.choice(["", "的", " "])
            else:
                surface, loc = "", None
        elif part == "[SELF]":
            surface, self_loc = style.selfloc(rng)
            loc = None
        elif part == "[FLOOR]":
            surface, loc = style.floor(rng), None
        elif part == "[WHO]":
            surface, loc = rng.choice(WHO[lang]), None
        elif part == "[NUM]":
            surface, loc = rng.choice(NUM[lang]), None
        elif part == "[EMO]":
            surface, loc = rng.choice(EMO_EN if lang == "en" else EMO), None
        else:
            surface, loc = part, None
        if loc is not None and problem is None:
            problem = loc
        out.append(surface)
    text = "".join(out)
    return text, problem or self_loc or (None, None, None)


# ---------------------------------------------------------------- realistic noise
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZH_PREFIX = ["@网格员 ", "网格员，", "物业，", "请问", "各位，", "【求助】", "急急急 "]
HANT_PREFIX = ["@管理處 ", "管理處，", "請問", "各位，"]
EN_PREFIX = ["@grid ", "Hi, ", "Hello, ", "Excuse me, ", "Sorry to bother, "]
FILLERS = ["那个", "就是", "然后", "嗯"]


def noisy(text: str, lang: str, is_request: bool, rng: random.Random) -> str:
    if lang != "en":
        if rng.random() < 0.15:
            text = text.translate(FULLWIDTH)
        if rng.random() < 0.12:
            # Voice-to-text: punctuation gone, fillers in.
            text = re.sub(
                r"[，。！？、,!?]+",
                lambda _m: rng.choice([" ", "", " " + rng.choice(FILLERS)]),
                text,
            )
        if is_request and rng.random() < 0.15:
            text = rng.choice(ZH_PREFIX if lang == "zh-Hans" else HANT_PREFIX) + text
        if rng.random() < 0.08:
            text = text.replace("，", ",").replace("！", "!")
    else:
        if rng.random() < 0.2:
            text = text.lower()
        if rng.random() < 0.12:
            words = text.split(" ")
            i = rng.randrange(len(words))
            if len(words[i]) > 4 and words[i].isalpha():
                j = rng.randrange(1, len(words[i]) - 1)
                words[i] = words[i][:j] + words[i][j + 1 :]
            text = " ".join(words)
        if rng.random() < 0.1:
            text = re.sub(r"[,.!?]", "", text)
        if is_request and rng.random() < 0.12:
            text = rng.choice(EN_PREFIX) + text[:1].lower() + text[1:]
    return text.strip()


# ---------------------------------------------------------------- concept inventory
# The spec's category table, item by item, plus the kinds of non-request. Every concept
# needs >= MIN_PER_CONCEPT independent sentence shapes (templates or problem phrases)
# per language, and the test split holds out only a share of each concept's shapes, so
# a held-out message is a new way of saying something training has seen said.
# A line is tagged explicitly ("label@concept text") or by the first matching keyword
# pattern below (run on the normalised, i.e. Simplified and lower-cased, line).
MIN_PER_CONCEPT = 3
CONCEPTS: dict[str, list[tuple[str, str]]] = {
    "facilities": [
        ("lift", r"电梯|升降机|\blifts?\b|elevator"),
        ("light", r"灯|照明|\blights?\b|lamp"),
        ("manhole", r"井盖|窨井|manhole|drain cover"),
        ("rainwater", r"雨水|积水|倒灌|被淹|淹了|进水了|水淹|排水|flood|rain ?water|puddle"),
        ("roof", r"楼顶|顶楼|漏雨|天花板|墙角|屋顶|\broof|ceiling"),
        (
            "pipe",
            r"水管|下水|地漏|管道|暖气|排水管|污水管|马桶|\bpipes?\b|drain|sink|toilet|radiator|heating|plumb",
        ),
        ("water", r"停水|没水|水压|自来水|热水|水龙头|水表|\bwater\b|\btap\b"),
        ("power", r"停电|跳闸|没电|电表|电闸|\bpower\b|electric|breaker|fuse"),
        ("lock", r"锁|把手|闭门器|\blocks?\b|latch|handle"),
        ("door", r"门禁|单元门|防盗门|对讲|门铃|大门|\bdoors?\b|\bgates?\b|intercom|buzzer"),
        (
            "road",
            r"路面|台阶|坑|扶手|地砖|楼梯|路|pavement|pothole|\broad|\bpath|handrail|steps|railing|banister",
        ),
    ],
    "sanitation": [
        ("dogmess", r"狗屎|狗粪|便便|狗尿|dog (?:poo|mess|poop|shit)|\bpoop"),
        (
            "pests",
            r"老鼠|蟑螂|蚊子|苍蝇|消杀|虫|\brats?\b|mice|cockroach|mosquito|\bflies\b|pest|roach|bugs",
        ),
        ("weeds", r"杂草|草坪|绿化|花坛|草|weed|grass|lawn|hedge"),
        ("clutter", r"杂物|纸箱|旧家具|堆|破烂|旧沙发|junk|boxes|clutter|furniture|stuff|dumped"),
        ("rubbish", r"垃圾|废品|\bbins?\b|rubbish|trash|garbage|litter"),
        ("smell", r"臭|味|stink|stench|smell|odou?r"),
        (
            "dirty",
            r"脏|打扫|保洁|灰|小广告|牛皮癣|吐痰|dirty|filthy|clean|flyers|graffiti|posters|sticker",
        ),
    ],
    "safety": [
        ("gas", r"煤气|燃气|天然气|液化气|\bgas\b"),
        (
            "fire",
            r"着火|起火|冒烟|火光|黑烟|烟雾|\bfire\b(?! exit| escape| door| extinguisher| hose| equipment)|smoke|flames",
        ),
        ("wires", r"电线|漏电|触电|电箱|火花|wires?\b|cables?\b|spark|electric shock"),
        (
            "flyingwire",
            r"飞线|拉线|拉电线|私拉|cable from|lead from|extension (?:cord|lead)|hanging from a window",
        ),
        ("ebike", r"电动车|电瓶|e-?bikes?|scooter|batter"),
        (
            "fireexit",
            r"消防通道|安全出口|楼梯口|消防车道|走火通道|逃生|fire exit|fire escape|emergency exit|escape route|stairwell door",
        ),
        (
            "fireequip",
            r"灭火器|消防栓|消防箱|烟感|extinguisher|hydrant|fire hose|smoke alarm|fire equipment|fire door",
        ),
        ("tiles", r"瓷砖|墙皮|外墙|墙砖|广告牌|空调外机|雨棚|tiles?|facade|render|plaster|sign\b"),
        ("thrown", r"高空|扔|抛|往下|throw|thrown|from (?:upstairs|the windows?|a window)|dropped"),
        ("strangers", r"陌生人|不认识的人|小偷|翻墙|撬门|strangers?|strange man|burglar|thie"),
        ("dogbite", r"狗|咬人|\bdogs?\b|\bbit\b|bite"),
        ("tree", r"树|tree|branch"),
        ("structure", r"坑|围墙|栏杆|扶手|塌|hole|fence|railing|wall"),
    ],
    "parking": [
        ("shed", r"车棚|充电桩|充电口|充电|shed|charging|charger"),
        (
            "abandoned",
            r"僵尸车|破车|没牌|很久没动|废弃|abandon|zombie|no plates|hasn't moved|not moved",
        ),
        ("blocked", r"堵|挡|出口|消防车道|路口|乱停|block|exit|in the way|driveway"),
        ("space", r"车位|停车|地锁|parking|space|spot|bay"),
    ],
    "dispute": [
        ("leak", r"漏水|渗水|滴水|水管漏|\bleak|dripping|drip"),
        ("pets", r"狗|猫|鸽子|鸡|宠物|\bdogs?\b|\bcats?\b|pets?\b|pigeon|parrot"),
        ("quarrel", r"吵架|吵起来|矛盾|调解|闹|骂|argu|quarrel|row\b|fight|shout"),
        (
            "shared",
            r"公共|占|鞋柜|门口|走廊|摄像头|监控|shared|hallway|landing|common|camera|corridor",
        ),
        ("smoke", r"抽烟|烟味|烧香|烧纸|smok|incense"),
        ("noise", r"吵|噪音|声音|音响|装修|跺脚|拖椅子|noise|noisy|loud|music|stomp|drill"),
    ],
    "care": [
        # Tagged explicitly only ("care@unseen"): the patterns never match on their own.
        ("unseen", r"(?!x)x"),
        ("missing", r"(?!x)x"),
        (
            "persondown",
            r"摔|晕|昏|倒|中风|抽搐|喘不上气|心脏病|fell|fallen|faint|collaps|unconscious|stroke",
        ),
        ("lowincome", r"低保|最低生活|low-income|low income|minimum living|dibao"),
        ("meals", r"送餐|助餐|饭|meal|food|lunch|dinner"),
        ("disabled", r"残疾|轮椅|瘫痪|自闭症|看不见|disab|wheelchair|blind|deaf"),
        (
            "hardship",
            r"困难|救助|补助|失业|收入|房租|没钱|hardship|relief|struggl|income|job|rent|money|afford",
        ),
        (
            "elderly",
            r"老人|独居|空巢|孤寡|奶奶|大爷|爷爷|婆婆|阿姨|伯伯|[who]|elderly|old|alone|granny|grandma|grandpa|aged",
        ),
    ],
    "property": [
        ("gatecard", r"门禁卡|出入卡|刷脸|人脸|门卡|钥匙扣|card|fob|face recognition"),
        ("guards", r"保安|门卫|门岗|guard|security|doorman|gatekeeper"),
        ("cleaning", r"保洁|绿化|外包|合同|清洁|cleaning|cleaner|contract|gardening"),
        (
            "fees",
            r"费|收据|发票|收了|收钱|多收|公摊|维修基金|fee|charge|bill|receipt|invoice|paid|pay",
        ),
        ("service", r"物业|管理处|服务|态度|电话|报修|management|property|service|office"),
    ],
    "consultation": [
        ("legal", r"法律|律师|合同|纠纷|押金|工资|legal|lawyer|contract|deposit|wage|landlord"),
        (
            "health",
            r"疫苗|体检|医保|医院|心理|看病|health|vaccin|check-?up|clinic|doctor|medical|insurance",
        ),
        (
            "residence",
            r"户口|居住证|身份证|证明|迁移|上学|入学|residence|hukou|permit|registration|id card|certificate|school",
        ),
        (
            "policy",
            r"政策|补贴|津贴|改造|新规|社保|养老金|公租房|廉租房|policy|subsid|allowance|pension|rules|scheme|housing",
        ),
        ("apply", r"申请|办理|怎么办|在哪里办|apply|application|how do i|how to"),
    ],
    "other": [
        ("suggestion", r"建议|希望|能不能|可以|suggest|could|would|wish|propose"),
    ],
    "none": [
        ("question", r"(?!x)x"),
        ("metoo", r"(?!x)x"),
        ("warning", r"(?!x)x"),
        ("meeting", r"(?!x)x"),
        (
            "fixed",
            r"修好|好了|恢复|解决|处理好|正常了|没事了|fixed|sorted|works again|working again|back on|resolved|moved it",
        ),
        ("bot", r"机器人|小助手|小程序|\bbot\b"),
        (
            "forwarded",
            r"转发|通知|公告|温馨提示|提醒|宣传|知识|小贴士|坝坝会|forward|notice|announcement|reminder|fyi|tips?:",
        ),
        (
            "ad",
            r"卖|开锁|打折|团购|拼团|广告|出售|价格|selling|for sale|lessons|cheap|discount|tutoring|\bdm\b",
        ),
        ("lostfound", r"捡到|丢了|掉了|找到了|lost|found|missing"),
        ("ack", r"收到|好的|^ok|明白|知道了|嗯嗯|noted|got it|received|^ok|sure|alright"),
        ("thanks", r"谢谢|感谢|辛苦|点赞|thank|thx|\bty\b|cheers|great job"),
        (
            "greeting",
            r"早上好|晚上好|中午好|你好|大家好|快乐|新年|good (?:morning|night|evening)|happy|merry|hello|\bhi\b|morning|welcome|new here|moved in",
        ),
        ("joke", r"哈哈|笑死|太逗|好笑|lol|haha|funny|lmao|😂"),
        ("opinion", r"觉得|同意|支持|赞|有道理|think|agree|guess|honestly|\+1|good idea"),
        ("chitchat", r"."),
    ],
}

_CONCEPT_RX = {
    cat: [(name, re.compile(rx)) for name, rx in items] for cat, items in CONCEPTS.items()
}


def concept_of(category: str, text: str, explicit: str | None = None) -> str:
    """The concept a template or phrase expresses (see CONCEPTS)."""
    if category == "*":
        return "frame"
    if explicit:
        if explicit not in {name for name, _ in _CONCEPT_RX.get(category, [])}:
            raise ValueError(f"unknown concept {explicit!r} for {category!r}: {text}")
        return explicit
    norm = normalize(text)
    for name, rx in _CONCEPT_RX.get(category, []):
        if rx.search(norm):
            return name
    return "misc"


# ---------------------------------------------------------------- assembly
@dataclass(frozen=True)
class Template:
    lang: str
    label: str
    urgent: bool
    text: str
    alt: tuple[str, ...] = ()
    concept: str = "misc"

    @property
    def tid(self) -> str:
        return f"{self.lang}:{zlib.crc32(self.text.encode()):08x}"


def _lines(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split(" ", 1)
            out.append((label, text.strip()))
    return out


def _label(raw: str) -> tuple[str, tuple[str, ...]]:
    """ "safety/facilities" -> ("safety", ("facilities",)): the spec's alt_categories,
    for messages that genuinely fit two categories (s11, s15, s16, s18 in the spec).
    A trailing "@concept" tag is dropped here (see ``_tag``)."""
    main, *alt = raw.split("@")[0].rstrip("!").split("/")
    return main, tuple(alt)


def _tag(raw: str) -> str | None:
    """ "safety!@gas" -> "gas"; None when the line carries no explicit concept."""
    return raw.split("@", 1)[1] if "@" in raw else None


def _urgent(raw: str) -> bool:
    return raw.split("@")[0].endswith("!")


def read_templates() -> list[Template]:
    out = []
    for lang in LANGS:
        for label, text in _lines(HERE / "templates" / f"{lang}.txt"):
            main, alt = _label(label)
            concept = concept_of(main, text, _tag(label))
            out.append(Template(lang, main, _urgent(label), text, alt, concept))
    return out


def read_phrases() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Problem phrases for the "*" frames, split like templates: (lang, split) -> [(cat, text)].

    A held-out frame is only ever filled with held-out phrases, so a test message is a
    new sentence shape around a problem description training never saw.
    """
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for lang in LANGS:
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for cat, text in _lines(HERE / "templates" / f"phrases-{lang}.txt"):
            main, _alt = _label(cat)
            groups[(main, concept_of(main, text, _tag(cat)))].append(f"{cat} {text}")
        for _key, texts in sorted(groups.items()):
            texts.sort(key=lambda t: zlib.crc32(f"{SEED}:phrase:{t}".encode()))
            for i, line in enumerate(texts):
                label, text = line.split(" ", 1)
                out[(lang, "test" if i < _n_test(len(texts)) else "train")].append((label, text))
    return out


def _n_test(n: int) -> int:
    """Held-out share of one concept's shapes: none below MIN_PER_CONCEPT, so whatever is
    held out always leaves at least two shapes of the same concept in training."""
    return round(n * TEST_SHARE) if n >= MIN_PER_CONCEPT else 0


def assign_splits(templates: list[Template]) -> dict[str, str]:
    """Stratified by (language, label, concept): a quarter of each concept's templates."""
    groups: dict[tuple[str, str, str], list[Template]] = defaultdict(list)
    for t in templates:
        groups[(t.lang, t.label, t.concept)].append(t)
    split = {}
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda t: zlib.crc32(f"{SEED}:{t.tid}".encode()))
        n_test = _n_test(len(group))
        for i, t in enumerate(group):
            split[t.tid] = "test" if i < n_test else "train"
    return split


def generate() -> list[dict[str, object]]:
    templates = read_templates()
    split = assign_splits(templates)
    phrases = read_phrases()
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for t in templates:
        rng = random.Random(f"{SEED}:{t.tid}")
        per = NONE_PER_TEMPLATE if t.label == "none" else PER_TEMPLATE
        want = FRAME_MESSAGES if t.label == "*" else min(per, max(2, variant_count(t.text)))
        made = 0
        for _ in range(want * 6):
            if made >= want:
                break
            label, tpl, alt = t.label, t.text, t.alt
            concept = t.concept
            if label == "*":
                raw, phrase = rng.choice(phrases[(t.lang, split[t.tid])])
                label, alt = _label(raw)
                concept = concept_of(label, phrase, _tag(raw))
                tpl = tpl.replace("[P]", phrase)
            text, (b, u, r) = fill(tpl, t.lang, rng)
            is_request = label != "none"
            text = noisy(text, t.lang, is_request, rng)
            if not text or text in seen:
                continue
            seen.add(text)
            made += 1
            rows.append(
                {
                    "id": f"{t.tid}:{made}",
                    "lang": t.lang,
                    "text": text,
                    "is_request": is_request,
                    "category": label if is_request else None,
                    **({"alt_categories": list(alt)} if alt and is_request else {}),
                    "building": b,
                    "unit": u,
                    "room": r,
                    "urgent": t.urgent,
                    "template": t.tid,
                    "concept": f"{label}/{concept}",
                    **({"frame": True} if t.label == "*" else {}),
                    "split": split[t.tid],
                }
            )
    return rows


def inventory() -> dict[tuple[str, str], dict[str, int]]:
    """(category, concept) -> {language: independent shapes (templates + problem phrases)}."""
    counts: dict[tuple[str, str], dict[str, int]] = {
        (cat, name): dict.fromkeys(LANGS, 0) for cat, items in CONCEPTS.items() for name, _ in items
    }
    for t in read_templates():
        if t.label != "*":
            counts.setdefault((t.label, t.concept), dict.fromkeys(LANGS, 0))[t.lang] += 1
    for lang in LANGS:
        for cat, text in _lines(HERE / "templates" / f"phrases-{lang}.txt"):
            main, _alt = _label(cat)
            key = (main, concept_of(main, text, _tag(cat)))
            counts.setdefault(key, dict.fromkeys(LANGS, 0))[lang] += 1
    return counts


def main() -> None:
    thin = [
        f"{cat}/{name} {lang}={n}"
        for (cat, name), by_lang in sorted(inventory().items())
        for lang, n in by_lang.items()
        if n < MIN_PER_CONCEPT and name != "misc"
    ]
    if thin:
        print(f"concepts with fewer than {MIN_PER_CONCEPT} shapes: " + ", ".join(thin))
    rows = generate()
    path = HERE / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    by: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        by[(str(row["lang"]), str(row["split"]))] += 1
    print(f"wrote {len(rows)} messages to {path.relative_to(HERE.parent.parent)}")
    for key in sorted(by):
        print(f"  {key[0]:8} {key[1]:5} {by[key]}")


if __name__ == "__main__":
    main()
