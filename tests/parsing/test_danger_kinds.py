"""Danger now, kind by kind, in each language: what a grid worker must hear at once.

Each kind has five differently worded reports per language (indirect descriptions,
dialect and typos included) that must come out as urgent requests with the category
docs/parsing.md assigns, and near misses of the same kind that must not raise an
alarm: the danger is over, explained, only a risk, or sits in a notice.
"""

from __future__ import annotations

import pytest

from bot.parsing import parse

# kind -> (category, {language: five urgent reports})
URGENT: dict[str, tuple[str, dict[str, list[str]]]] = {
    "lift_trapped": (
        "facilities",
        {
            "zh-Hans": [
                "快来人！14栋的电梯卡在九楼和十楼中间了，里面有个送外卖的在拍门",
                "电梯停在两层中间一直不动，我老公在里头，打物业电话没人接",
                "我女儿刚发语音说她关在电梯里了，2单元那部，灯也黑了",
                "听到电梯井里头有人在喊救命，应该是6号楼西边那部",
                "电梯又卡住了，我爸在里面出不来，按警铃没反应",
            ],
            "zh-Hant": [
                "救命！3棟部𨋢卡咗喺兩層中間，我阿媽喺入面",
                "升降機停咗唔郁，入面有個小朋友喊緊，快啲嚟",
                "電梯困人！8號樓A座，裡面有兩個老人家",
                "我個仔困咗喺𨋢入面成十分鐘，管理處冇人接電話",
                "電梯卡在五樓同六樓之間，有人在裡面拍門",
            ],
            "en": [
                "Lift in block 5 stopped between floors 7 and 8 and there's a delivery guy inside banging on the door",
                "my son is stuck in the elevator in building 2, the alarm button does nothing",
                "HELP someone is shouting from inside the lift in Tower C",
                "the elevator just died with my grandma inside, she's claustrophobic, please hurry",
                "I can hear people knocking inside the elevator at building 11, it's not moving",
            ],
        },
    ),
    "elderly_unseen": (
        "care",
        {
            "zh-Hans": [
                "隔壁独居的刘婆婆三四天没看到人了，敲了好久的门也没人答应，电话关机",
                "对门老张一个星期没出过门，门口的外卖袋子都堆起了，有点不对劲",
                "5栋那个一个人住的老爷子好几天没下楼，门缝里有股怪味道，麻烦来看下",
                "楼下杨爷爷好几天没见了，喊他也没反应，报纸插在门上好多天了",
                "王阿姨两天没开门了，平时天天出来买菜，打电话打不通，我有点怕",
            ],
            "zh-Hant": [
                "隔籬獨居嘅陳伯好幾日冇見過，拍門都冇人應",
                "對面的李婆婆三天沒出門，門口的報紙一直沒收，電話也不接",
                "樓上的張公公一個星期沒見到，門口有股怪味，請社工上去看看",
                "7棟302的長者幾天沒下樓了，敲門沒反應，家人聯絡不上",
                "黃伯兩日冇出過門，門口嘅牛奶都冇拎入屋，打佢電話冇人接",
            ],
            "en": [
                "Nobody has seen the old lady in 402 for four days and she doesn't answer the door",
                "haven't seen Mr Zhou from building 3 since last week, his milk is piling up outside",
                "The elderly man next door lives alone and we have not seen him for days. No answer when we knock.",
                "worried about granny Wu, not seen her in 5 days, phone goes straight to voicemail, no answer at her door",
                "There's a weird smell from the old gentleman's flat and no one has seen him for a week",
            ],
        },
    ),
    "relayed_unwell": (
        "care",
        {
            "zh-Hans": [
                "我在北京出差，我爸刚打电话说胸口闷得慌、喘不过气，他一个人在家12栋3单元，哪位邻居能先去看看",
                "各位帮帮忙，我妈说她在卫生间摔了站不起来，我人在外地，她住4栋501",
                "我婆婆电话里说话都说不清楚了，嘴也歪了，在3号楼，120已经叫了，求邻居先去开个门",
                "我外婆刚才说心口痛得厉害，透不过气，我在上海赶不回来，7栋2单元",
                "我老汉儿说他头晕得站不起来，一个人在屋头，求求哪个去看一眼，8栋一单元",
            ],
            "zh-Hant": [
                "我喺深圳返唔到嚟，阿媽話胸口好痛透唔到氣，佢住5棟，麻煩鄰居過去睇睇",
                "我爸剛剛打電話說他跌倒了起不來，家裡只有他一個，地址是9棟2單元",
                "我在外地，外婆說喘不過氣，已經叫了救護車，請鄰居先去幫忙開門",
                "阿爺喺廁所跌親起唔到身，我喺外國，求下邊位街坊去睇下",
                "我媽說呼吸困難，我人在台北，她住在3號樓，拜託誰先上去",
            ],
            "en": [
                "I'm abroad and my mum just called saying she has chest pain and can't catch her breath, she's in building 6 flat 702",
                "Can a neighbour please check on my dad in 3-1-402, he fell in the kitchen and can't get up, I'm in another city",
                "my grandmother says she's short of breath and dizzy, I'm 1000km away, ambulance on the way, someone please open her door",
                "Dad called, he collapsed in the bathroom and is too weak to stand up, he lives alone in block 8",
                "mum is struggling to breathe, she is alone at home in Bldg 4, I'm stuck at work in Shanghai",
            ],
        },
    ),
    "dementia_missing": (
        "care",
        {
            "zh-Hans": [
                "我爷爷有老年痴呆，早上出门遛弯到现在都没回来，穿蓝色外套",
                "家里老人有阿尔茨海默病，中午从小区南门走丢了，大家帮忙留意一下",
                "我奶奶记性不好认不到路，下午两点出去的现在还没回家，手机没带",
                "我们家老爷子失智，今天一早就不见了，派出所报了，请社区帮忙查监控",
                "3栋的李大爷有点糊涂，出去买菜到现在都没回，家里人到处找",
            ],
            "zh-Hant": [
                "我阿爺有認知障礙，今朝出咗門到而家都未返",
                "家中長者有老人癡呆，下午在公園走失了，穿灰色外套",
                "我嫲嫲記性唔好，出去買餸搵唔到返屋企，已經報咗警",
                "我爸有阿茲海默症，早上出門到現在還沒回來，請大家幫忙留意",
                "5棟嘅陳伯有啲糊塗，今朝開始唔見咗人，家人好擔心",
            ],
            "en": [
                "My grandfather has dementia and has been missing since this morning, last seen near the north gate",
                "an old lady with Alzheimer's from block 2 wandered off around noon and hasn't come back",
                "Dad has memory problems and went out for a walk at 7am, he has not come home yet and has no phone",
                "URGENT: our neighbour's mother has dementia and she's missing, grey coat and a walking stick",
                "grandma is confused and disappeared from the flat this afternoon, can the grid help check the cameras",
            ],
        },
    ),
    "gas_smell": (
        "safety",
        {
            "zh-Hans": [
                "楼道里一股臭鸡蛋的味道，越来越浓，2单元的快出来看看",
                "厨房好大的然气味，阀门我已经关了，窗户也开了，5栋801",
                "我家门口闻到煤汽味，不知道是哪家漏的，9号楼3单元",
                "燃气表那里一直嘶嘶响，闻着有味儿，不敢开灯",
                "一进单元门就是一股坏鸡蛋味，好冲鼻子",
            ],
            "zh-Hant": [
                "樓梯間有好濃嘅煤氣味，唔知邊家漏",
                "廚房有臭雞蛋的味道，燃氣閥已經關了，3棟402",
                "成條走廊都係石油氣味，好驚",
                "我家煤氣管嘶嘶聲，仲有陣味，點算",
                "一出電梯就聞到燃气味，6號樓12樓",
            ],
            "en": [
                "there is a rotten egg smell all over the 3rd floor landing in building 9",
                "I smell gass in the stairwell of block 4, really strong",
                "Strong smell of gas coming from flat 1102, nobody answers",
                "the gas meter outside 503 is hissing and it smells awful",
                "wo jia men kou you mei qi wei, hen nong, 7 dong",
            ],
        },
    ),
    "smoke_burning": (
        "safety",
        {
            "zh-Hans": [
                "3单元的电表箱刚刚冒了一点烟，还有股烧焦的味道",
                "楼道里有股烧塑料的味道，好像是从配电箱那边来的",
                "我家插座冒烟了，闸已经拉了，还是有焦味",
                "车棚里一辆电瓶车的电池在冒烟，滋滋响",
                "垃圾房那边烟子好大，呛得睁不开眼睛",
            ],
            "zh-Hant": [
                "電錶箱冒咗啲煙出嚟，仲有燒焦味",
                "走廊有一陣燒膠嘅味道，好似係電箱",
                "樓下單車棚有架電動車嘅電池冒煙",
                "我聞到好重嘅燒焦味，好似係隔籬屋",
                "後樓梯有濃煙，唔知邊度起火",
            ],
            "en": [
                "the meter box on floor 6 is smoking and smells like burnt plastic",
                "there's a burning smell in the corridor of building 2, can't find where it's from",
                "an e-bike battery in the bike shed is smouldering",
                "smoke coming out of the bin room behind block 7",
                "my neighbour's charger is sparking and there's a smell of burning",
            ],
        },
    ),
    "exposed_wires": (
        "safety",
        {
            "zh-Hans": [
                "滑梯旁边的路灯杆下面电线露出来了，小孩随手就摸得到",
                "楼梯口那个插座面板掉了，铜丝都露在外面，娃娃到处跑",
                "2栋门口的电线皮破了，里面的线芯都看得到，就在齐腰的高度",
                "单元门口的飞线一直在打火，啪啪响",
                "电箱门关不上，里面的电线裸露，旁边就是小孩玩的沙坑",
            ],
            "zh-Hant": [
                "遊樂場旁邊有條電線露出嚟，細路一伸手就摸到",
                "樓梯口個插座爛咗，銅線露晒出嚟",
                "大堂有電線裸露，仲喺度冒火花",
                "單車棚條電線皮破咗，就喺小朋友高度",
                "花園路燈下面嘅電線露出來，好危險",
            ],
            "en": [
                "bare copper wires sticking out of the lamp post by the playground, kids can touch them",
                "the cover of the socket in the lobby fell off and the wiring is exposed at toddler height",
                "a cable near the sandpit has its insulation stripped and the wires are showing",
                "live wires hanging down next to the bike shed in block 3",
                "the junction box by the slide is open and there are exposed wires",
            ],
        },
    ),
    "hanging_structure": (
        "safety",
        {
            "zh-Hans": [
                "4栋门口上面有块窗户玻璃挂在窗框上晃来晃去，下面全是过路的人",
                "单元门头顶上那扇铝合金窗子脱出来一半了，吊起在那里",
                "楼上空调外机的架子断了，外机悬在半空，底下就是人行道",
                "7栋外墙的瓷砖正在往下掉，刚又掉了一块在门口",
                "阳台的防盗网吊在外面晃，下面是小区主路",
            ],
            "zh-Hant": [
                "大門上面有塊玻璃吊住喺窗框度，隨時跌落嚟",
                "5棟外牆啲紙皮石一直掉落嚟，下面有人行",
                "樓上冷氣機個架斷咗，部機吊喺半空",
                "入口上面個招牌懸在半空搖搖欲墜",
                "走廊窗框脫出來一半，風一吹就晃",
            ],
            "en": [
                "a window pane is hanging off the frame above the entrance to block 6, people walk under it",
                "the shop sign over the main gate is dangling by one bolt",
                "an air con unit is hanging from its bracket over the footpath in building 2",
                "bits of concrete are falling off the balcony onto the path right now",
                "the glass panel above the lobby door is swinging in the wind, half out of its frame",
            ],
        },
    ),
    "open_manhole": (
        "facilities",
        {
            "zh-Hans": [
                "学校门口的井盖被人掀开了，黑洞洞的，一个骑车的差点栽进去",
                "小区北门那个下水井没有井盖了，晚上根本看不到",
                "3栋后面的井盖被偷了，只剩一个大洞",
                "花园小路上的窨井敞着口，娃娃放学都走这里",
                "路口的雨水井盖子掉下去了，我先拿了把椅子挡着",
            ],
            "zh-Hant": [
                "學校門口嘅沙井蓋唔見咗，得返個窿",
                "停車場入口的井蓋被偷了，晚上看不到會跌落去",
                "小路上個渠蓋冇咗，有個大洞",
                "樓下嘅井蓋掀開咗冇人理",
                "後門嘅井蓋掉下去了，有人差點踩空",
            ],
            "en": [
                "the manhole cover by the kindergarten is gone, just an open hole",
                "a cyclist nearly fell into the open manhole near the north gate",
                "someone stole the drain cover outside block 3, there's a deep hole",
                "manhole on the footpath near building 8 is uncovered",
                "the cover of the sewer near the playground has been removed and nobody put up a sign",
            ],
        },
    ),
    "alarm_no_answer": (
        "safety",
        {
            "zh-Hans": [
                "隔壁的烟感器一直在叫，敲门也没人开，有点糊的气味",
                "902家的报警器响了二十分钟了，屋里好像没人",
                "对门的烟雾报警器响个不停，喊了几声没反应",
                "楼上烟感滴滴滴一直响，打电话也不接",
                "3单元有一户的火警铃在响，门关着没人应",
            ],
            "zh-Hant": [
                "隔籬嘅煙霧報警器響咗好耐，拍門冇人應",
                "對面屋嘅火警鐘一直響，好似冇人喺屋企",
                "樓上煙感一直響，打電話都冇人接",
                "902的警報器響個不停，按門鈴沒反應",
                "走廊有一戶的報警器在叫，裡面好像沒人",
            ],
            "en": [
                "The smoke alarm in 1204 has been beeping for 15 minutes and nobody answers the door",
                "fire alarm going off in my neighbour's flat, I knocked, no answer",
                "smoke detector screaming next door and they seem to be away",
                "a smoke alarm is ringing in flat 3-2-601, no one is home",
                "the smoke alarm upstairs keeps sounding and no one answers when we knock",
            ],
        },
    ),
    "device_outage": (
        "care",
        {
            "zh-Hans": [
                "又停电了，我妈一直用制氧机，现在机器停了，什么时候来电",
                "跳闸了，我爸离不开呼吸机，备用电池只能撑一个小时",
                "整栋楼断电了，屋头老人要吸氧，机器没电了咋办",
                "我们这边停电，外公的制氧机用不了，能不能先帮忙找个发电机",
                "家里突然没电了，我老伴靠呼吸机睡觉，快帮忙看一下",
            ],
            "zh-Hant": [
                "停電了，我阿媽用緊製氧機，部機停咗",
                "跳掣之後冇電，阿爺要用呼吸機，後備電池就快冇",
                "成棟樓停電，屋企有長者要吸氧",
                "突然斷電，我爸的呼吸機停了，請幫忙",
                "停咗電，外婆部氧氣機用唔到",
            ],
            "en": [
                "power cut in block 6 and my mother is on an oxygen concentrator",
                "our power is out and dad's ventilator is running on battery, maybe an hour left",
                "blackout in building 2, my grandfather needs his oxygen machine",
                "no electricity since 8pm and my husband uses a CPAP, what can we do",
                "the breaker tripped and my mum's oxygen concentrator stopped",
            ],
        },
    ),
}

CASES = [
    pytest.param(text, category, id=f"{kind}-{lang}-{i}")
    for kind, (category, by_lang) in URGENT.items()
    for lang, texts in by_lang.items()
    for i, text in enumerate(texts)
]


def test_every_kind_has_five_reports_per_language() -> None:
    for kind, (_, by_lang) in URGENT.items():
        assert set(by_lang) == {"zh-Hans", "zh-Hant", "en"}, kind
        for texts in by_lang.values():
            assert len(set(texts)) >= 5, kind


@pytest.mark.parametrize(("text", "category"), CASES)
def test_danger_now_is_an_urgent_request_with_the_contract_category(
    text: str, category: str
) -> None:
    r = parse(text)
    assert r.is_request, "an urgent message is never left silent"
    assert r.urgent
    assert r.category == category


# Near misses: the same kinds, with no danger now. Each is still what docs/parsing.md says.
NOT_URGENT_REQUESTS = [
    # a risk with no danger yet
    "电梯老是停，怕哪天把人关在里面，能不能好好检修一下",
    "楼道里的井盖松了，一踩就晃，还没掉",
    "外墙的瓷砖有点松，怕以后会掉，请安排检查",
    "我奶奶有点老年痴呆，想问问社区有没有日间照料",
    "烟感器一直滴滴响，是不是没电了，怎么换电池",
    "家里老人用制氧机，想问问停电之前能不能提前通知",
    "The manhole cover near block 2 rattles when cars drive over it",
    "the lift keeps stopping for a second between floors, please get it checked",
    "my neighbour charges his e-bike in the hallway, if it caught fire we'd all be trapped",
    "電梯成日停，驚有日會困人，請檢查",
    "沙井蓋鬆咗，車一過就響",
    "我阿爺有啲認知障礙，想申請上門探訪",
    # an event that is over
    "昨晚电表箱有股焦味，今天早上再闻已经没有了，还是想请电工来查一下",
    "last night there was a burning smell near the meter box but it's gone now, can someone still check",
]


@pytest.mark.parametrize("text", NOT_URGENT_REQUESTS)
def test_risks_and_past_events_are_requests_but_not_urgent(text: str) -> None:
    r = parse(text)
    assert r.is_request
    assert not r.urgent


NOT_URGENT_AT_ALL = [
    # alarms explained away
    "虚惊一场，刚才的烟是楼下在熏腊肉，不是着火",
    "刚才电梯里的人已经出来了，大家放心",
    "找到了找到了，外公在菜市场，谢谢大家帮忙找",
    "False alarm everyone, the smoke alarm was just burnt toast",
    "never mind, my grandma came home, she was at the neighbour's",
    "虛驚一場，啲煙係隔籬燒嘢食，唔係火燭",
    # a past fire discussed, news from elsewhere
    "说起去年5栋那次着火，现在想起来都后怕",
    "看到新闻没有，别的小区有人被困在电梯里两个小时",
    "Remember when the lift trapped those kids back in 2019? Crazy times",
    # notices full of danger words
    "【温馨提示】闻到燃气味请立即开窗，不要开关电器，到室外拨打燃气公司电话",
    "【通知】本周五上午对3号楼烟感系统进行测试，期间警铃会响，请勿惊慌。——物业服务中心",
    "转发：电梯年检，6号楼电梯周三停运一天，请大家合理安排",
    "【溫馨提示】電動車請勿在樓道充電，以免發生火災。——管理處",
    "NOTICE: fire alarm testing in all blocks on Friday 10am-12pm, please do not call 119",
]


@pytest.mark.parametrize("text", NOT_URGENT_AT_ALL)
def test_explained_alarms_past_events_and_notices_are_silent(text: str) -> None:
    r = parse(text)
    assert not r.urgent
    assert not r.is_request


@pytest.mark.parametrize(
    "text",
    [
        # a full address between the thing and the danger word
        "the smoke alarm in Block 3 Unit 2 Flat 1101 has been going off for half an hour and nobody answers",
        "the gas pipe in Building 9, Entrance 1, Apt 702 is leaking, we opened the windows",
        "the lift at Tower C entrance 2 stopped between the 14th and 15th floor and my wife is inside",
        # Cantonese forms
        "對面嘅伯伯幾日冇落樓，電話都冇人接",
        "5座大門頂個招牌脫咗出嚟一半，下面有人行",
        # a lift with the lights out is not a fire put out
        "电梯又停了不动，我同事还在里面，灯都灭了",
    ],
)
def test_danger_with_an_address_in_between_or_in_dialect(text: str) -> None:
    r = parse(text)
    assert r.urgent and r.is_request


@pytest.mark.parametrize(
    "text",
    [
        "21號樓暖氣喉漏水，冬天好凍",  # a heating pipe is not a gas pipe
        "快递车堆在13栋门口，请清理一下",  # one fact is not two
        "我阿爺記性唔好，想問有冇防走失手帶",  # prevention, nobody missing
    ],
)
def test_words_of_a_danger_without_the_danger(text: str) -> None:
    assert not parse(text).urgent


@pytest.mark.parametrize(
    "text",
    [
        *(text for _, by_lang in URGENT.values() for texts in by_lang.values() for text in texts),
        # a danger inside a reply or a question to the neighbours is still reported
        "+1 我们这边也闻到煤气味了，好浓",
        "有没有人知道哪里在冒烟？楼道里全是烟",
        "same here, smell of gas on our floor too",
    ],
)
def test_an_urgent_message_is_never_left_silent(text: str) -> None:
    # bot/services/requests.py files is_request and urgent at once, below any threshold.
    r = parse(text)
    assert r.urgent
    assert r.is_request and r.category is not None
    assert r.confidence >= 0.97
