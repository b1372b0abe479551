"""Generate the labelled parser corpus from the template files in ./templates.

    .venv/bin/python data/parsing/make_corpus.py        # writes data/parsing/corpus.jsonl

Every template line carries its label; slots ([BLOC], [RLOC], ...) are filled from
the generators below, which also produce the location labels, so labels never come
from the parser under test. The split is by TEMPLATE, not by message: a quarter of
the templates of every (language, label) pair go to "test", so held-out messages are
new sentence shapes, not slot-swaps of training sentences. Deterministic (seeded).
"""

from __future__ import annotations

import json
import random
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
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


# ---------------------------------------------------------------- assembly
@dataclass(frozen=True)
class Template:
    lang: str
    label: str
    urgent: bool
    text: str
    alt: tuple[str, ...] = ()

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
    for messages that genuinely fit two categories (s11, s15, s16, s18 in the spec)."""
    main, *alt = raw.rstrip("!").split("/")
    return main, tuple(alt)


def read_templates() -> list[Template]:
    out = []
    for lang in LANGS:
        for label, text in _lines(HERE / "templates" / f"{lang}.txt"):
            main, alt = _label(label)
            out.append(Template(lang, main, label.endswith("!"), text, alt))
    return out


def read_phrases() -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Problem phrases for the "*" frames, split like templates: (lang, split) -> [(cat, text)].

    A held-out frame is only ever filled with held-out phrases, so a test message is a
    new sentence shape around a problem description training never saw.
    """
    out: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for lang in LANGS:
        groups: dict[str, list[str]] = defaultdict(list)
        for cat, text in _lines(HERE / "templates" / f"phrases-{lang}.txt"):
            groups[cat.split("/")[0]].append(f"{cat} {text}")
        for _cat, texts in sorted(groups.items()):
            texts.sort(key=lambda t: zlib.crc32(f"{SEED}:phrase:{t}".encode()))
            n_test = round(len(texts) * TEST_SHARE) if len(texts) >= 3 else 0
            for i, line in enumerate(texts):
                label, text = line.split(" ", 1)
                out[(lang, "test" if i < n_test else "train")].append((label, text))
    return out


def assign_splits(templates: list[Template]) -> dict[str, str]:
    groups: dict[tuple[str, str], list[Template]] = defaultdict(list)
    for t in templates:
        groups[(t.lang, t.label)].append(t)
    split = {}
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda t: zlib.crc32(f"{SEED}:{t.tid}".encode()))
        n_test = round(len(group) * TEST_SHARE) if len(group) >= 3 else 0
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
            if label == "*":
                raw, phrase = rng.choice(phrases[(t.lang, split[t.tid])])
                label, alt = _label(raw)
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
                    "split": split[t.tid],
                }
            )
    return rows


def main() -> None:
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
