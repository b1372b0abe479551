"""Silence where silence is right: the non-request classes of docs/parsing.md.

Each class is named in the parser (bot/parsing/nonrequest.py) because its messages
share the words of real requests; what sets them apart is their form. Every message
here must be left alone by the bot: not a request, no category, never urgent. The
last tests keep the other side honest: a request that merely looks like one of these
classes is still filed.
"""

from __future__ import annotations

import pytest

from bot.parsing import parse
from bot.parsing.nonrequest import classify
from bot.parsing.normalize import normalize

SILENT: dict[str, list[str]] = {
    "notice": [
        "【停电通知】因线路检修，12月3日8:00-12:00 4-9栋停电，请提前做好准备。——物业服务中心",
        "转发：自来水公司管网维修，明天全天1-3号楼停水，请住户提前储水",
        "【温馨提示】楼道严禁堆放杂物、严禁电动车入户充电，发现请及时劝阻。——锦苑社区居委会",
        "各位业主：3号楼两部电梯周四上午年检，期间暂停使用，不便之处敬请谅解",
        "【通知】本週三上午10點至12點2棟停水，請各位住戶提前儲水。——管理處",
        "轉發：燃氣公司下週入戶安檢，請家中留人。",
        "Forwarded: water will be cut off from 9am to 5pm tomorrow in buildings 1-4, please store water",
        "NOTICE: the lifts in block 3 will be closed for inspection on Thursday morning. Sorry for the inconvenience.",
    ],
    "advertisement": [
        "专业开锁换锁芯，24小时上门，电话13912345678",
        "家政保洁 擦玻璃 油烟机清洗 价格实惠 微信同号 15011112222",
        "【团购】新鲜橙子10斤装45元，明天到货，要的邻居群里接龙",
        "自家做的腊肠，需要的私聊我😊",
        "專業通渠 上門快 價格公道 電話 13800001111",
        "閒置嬰兒床免費送，要的私訊我",
        "Giving away a sofa and a bookshelf, free pick up from block 5",
        "Math tutoring for primary kids, 100 per hour, DM me",
    ],
    "lost_found": [
        "在小区花园捡到一串钥匙，放在门卫室了，失主去拿一下",
        "我家的橘猫昨晚跑丢了，脖子上有个铃铛，看到的麻烦说一声",
        "寻狗启事：白色泰迪走丢了，必有重谢",
        "撿到一個銀包，已經交咗去管理處",
        "我屋企隻貓唔見咗，灰色嘅，見到請通知我",
        "Found a set of car keys near the bike shed, left them with the guard",
        "Lost cat! Ginger tabby, answers to Mango, last seen near block 7",
    ],
    "to_neighbours": [
        "有没有邻居知道附近哪家修电脑靠谱？",
        "谁家有电钻借我用一下，挂个画，马上还",
        "问下群里的家长，附近有没有好的游泳班推荐",
        "有人晓得菜市场几点关门不",
        "有冇街坊識得邊度整單車？",
        "有沒有鄰居推薦一個靠譜的搬家公司？",
        "Does anyone know a good dentist around here?",
        "anyone have a ladder I could borrow this weekend?",
    ],
    "me_too": [
        "+1",
        "我们家也是",
        "同上，我们这边也没水",
        "我們家也是",
        "same here",
        "me too, no water since noon",
    ],
    "over": [
        "虚惊一场，是楼上在烧香，不是着火",
        "楼道灯已经换了，大家放心",
        "不用担心了，水管已经修好了",
        "虛驚一場，係隔籬煮糊咗嘢",
        "no worries, the lift is working again",
        "False alarm, the smell was someone's durian 😂",
    ],
    "meeting": [
        "今晚7点在3栋楼下开会，说一下加装电梯的事，每家来一个人",
        "本周六上午9点社区活动室有义诊活动，老年人可以来参加",
        "週六下午兩點喺會所開業主大會，請大家出席",
        "Residents meeting tomorrow at 7pm in the community hall, please come",
    ],
    "warning": [
        "大家注意，最近有骗子冒充物业打电话收费，千万别转账",
        "有人冒充燃气公司上门推销报警器，大家莫上当",
        "小心電話詐騙，冒充社區人員要求轉賬",
        "Heads up: scammers pretending to be from the power company are calling residents",
    ],
}

CASES = [
    pytest.param(kind, text, id=f"{kind}-{i}")
    for kind, texts in SILENT.items()
    for i, text in enumerate(texts)
]


@pytest.mark.parametrize(("kind", "text"), CASES)
def test_silent_classes_are_not_filed(kind: str, text: str) -> None:
    r = parse(text)
    assert not r.is_request
    assert r.category is None
    assert not r.urgent


@pytest.mark.parametrize(
    ("kind", "text"),
    [c for c in CASES if c.values[0] in {"notice", "advertisement", "lost_found", "meeting"}],
)
def test_the_form_is_named_for_what_it_is(kind: str, text: str) -> None:
    form = classify(normalize(text))
    assert form is not None and form.kind == kind


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a specific incident phrased as a warning is a request
        ("提醒大家一下，5栋2单元楼道里又有人在给电动车充电，拉的线好长", "safety"),
        # thanks followed by a new problem
        ("谢谢师傅把灯修好了，不过3单元的门禁又刷不开了", "facilities"),
        # a question to the grid, not to the neighbours; aid asked for someone is care
        ("网格员你好，我爸今年八十五了，他的高龄津贴要去哪里办？", "care"),
        ("请问网格员，办居住证要带哪些材料？", "consultation"),
        # still broken after the "fixed" report
        ("说是水管已经修好了，结果今天又在漏，4栋1单元", "facilities"),
        ("My neighbour says the lift was fixed but it's broken again in block 2", "facilities"),
    ],
)
def test_requests_that_look_like_silent_classes_are_still_filed(text: str, category: str) -> None:
    r = parse(text)
    assert r.is_request
    assert r.category == category


@pytest.mark.parametrize(
    "text",
    [
        "这个机器人是干嘛的？在这里说一声就算报修了吗",
        "小助手你是真人还是自动回复的哦",
        "how does this bot work, does it forward to property?",
        "要我说这些老楼的水管早就该全部换了",
        "说实话物业费涨这么多，一般人都不会愿意",
        "honestly this compound has the best neighbours 🙂",
        "水来了水来了，可以洗衣服了",
    ],
)
def test_questions_about_the_bot_opinions_and_relief_are_silent(text: str) -> None:
    assert not parse(text).is_request
