"""Danger-now detection: the one decision the parser must not get wrong by omission.

Rules, not the model: the contract's definition is a closed list (docs/parsing.md,
"Urgency"), a missed one is the worst error, and a rule can be audited by anyone. The
patterns lean towards recall and also catch the indirect forms residents use (gas
known by its smell, a lift heard from outside, symptoms relayed by a relative far
away). Some dangers take two facts (an elderly neighbour unseen for days AND not
answering): those are the compound rules. The guards remove the common false alarms
(drills, notices, "fire exit", things that are already over, habits, "怕掉下来" worries).
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
        # Typos residents make (然气, 煤汽, 天燃气) and gas known only by its smell (rotten
        # eggs) or its hiss count: the spec makes any gas smell urgent.
        r"(?:煤气|燃气|天然气|液化气|石油气|瓦斯|然气|煤汽|燃汽|媒气|天燃气|沼气)(?:的)?"
        r"(?:味|气味|泄漏|泄露|漏了|漏气|在漏|好臭|很臭|臭)|漏气"
        r"|闻到.{0,6}(?:煤气|燃气|天然气|瓦斯|然气)|(?:煤气|燃气|瓦斯)罐.{0,4}(?:漏|嘶嘶)"
        r"|(?:臭|坏|烂)的?(?:鸡)?蛋(?:的)?(?:味|气味|臭)|(?:像|好像|一股).{0,3}(?:臭|坏|烂)的?鸡蛋"
        r"|(?:燃气|煤气|(?<![暖空冷蒸])气)(?:表|管|喉|阀|灶|罐|瓶).{0,8}(?:嘶嘶|咝咝|滋滋|呲呲|漏)|(?:嘶嘶|滋滋).{0,10}(?:味|臭)",
        # Toneless pinyin (煤气味, 燃气味) is all ASCII, so it lives with the English.
        r"(?<![a-z])(?:mei ?qi|ran ?qi) ?wei(?![a-z])|(?<![a-z])(?:mei ?qi|ran ?qi) ?(?:xie )?lou"
        r"|\bgas+\s*(?:smell|smel|leak|leaking)|smells?\s*(?:of|like)\s*gas|\bleaking\s*gas"
        r"|smell(?:ing)?\s*gas|\bgas+\b.{0,20}\bsmel|rotten eggs?|sulfur smell|sulphur smell"
        r"|\bgas\b.{0,60}\bhiss|\bgas (?:meter|pipe|valve|cylinder|bottle)\b.{0,50}\bleak|hiss\w*.{0,20}\bgas\b",
    ),
    (
        "fire",
        "safety",
        r"着火|起火|失火|火灾了|冒烟|浓烟|黑烟|烧起来|烧着了|火苗|明火|火警(?!时)|火光|烧焦味|焦糊味|糊味"
        r"|(?:(?<=有)(?<!真有)|(?<=好多)|(?<=全是))(?:烟(?![头蒂味盒酒花草瘾])|火(?![车锅柴腿龙机候气]))"
        r"|烟雾(?!感应|报警|探测)|冒火|着了火|火烧"
        # A smell of burning is the first sign of an electrical fire; 烟子 is Sichuanese smoke.
        r"|烧焦|焦味|焦臭|焦糊|糊的?味|糊的气味|烧塑料|烧胶|烧电线|电线烧|烧线|烧橡胶|塑料.{0,2}(?:烧|焦)(?:的)?(?:味|气味)|胶皮味"
        r"|烟子|(?<![油香])烟(?:好|很|太)?(?:大|浓)(?![家概])|冒.{0,4}烟(?![头蒂味盒酒花草瘾])|起烟"
        r"|(?:电表|电闸|电箱|表箱|插座|插头|充电器|电池|电瓶).{0,8}(?:冒|烧|焦|着火)",
        r"on fire|caught fire|catching fire|\bfire\b(?!\s*(?:exit|door|escape|exting\w*|inspection"
        r"|hydrant|drill|safety|lane|equipment|hose|alarms?(?! (?:is |are )?(?:going off|ringing))|route"
        r"|hazard|risk|prevention|check))"
        r"|\bflames?\b|(?<!cigarette )(?<!incense )\bsmoke\b(?!\s*(?:detectors?|alarms?|from (?:the |a )?"
        r"(?:neighbou?r'?s? )?(?:cigarettes?|cooking|incense|bbq)))|\bburning\b|smells? burnt"
        r"|burnt (?:plastic|rubber)|melting plastic|scorch|smoulder|smolder|charred"
        r"|(?:box|battery|batteries|charger|socket|outlet|meter|plug|scooter|bike)s?\s+(?:is\s+|are\s+|was\s+)?"
        r"(?:smoking|smouldering|smoldering)|(?:box|battery|charger|socket|outlet|meter|plug)s?\b.{0,30}"
        r"\b(?:is|are|was|keeps?) (?:smoking|smouldering|smoldering)|\bburn\w* smell|\bburnig\b",
    ),
    (
        "trapped",
        "facilities",
        r"困人|被困|困在|关在电梯|卡在电梯|电梯里.{0,6}出不来|(?<=人)出不来|电梯.{0,4}(?:下坠|坠落|掉下去)"
        r"|(?:升降机|电梯|𨋢).{0,10}(?:里面|里头|里边|入面|里)(?:有|还有|仲有)(?:人|个|位|两|几)|关在里面|关里面|困在里面|卡在里面"
        # A lift stopped between floors, or someone heard inside it, probably holds someone.
        r"|(?:电梯|升降机|𨋢).{0,14}(?:两层中间|两楼中间|层中间|楼中间|楼之间|层之间|中间不动|拍门|敲门|喊救命|救命)"
        r"|(?:电梯|升降机|𨋢)(?:井)?.{0,6}(?:有人在?(?:敲|拍|喊))|(?:关|困|卡|锁)在(?:电梯|升降机|𨋢)"
        r"|(?:电梯|升降机|𨋢)(?:又)?(?:卡住|卡死|停|困)了?.{0,14}(?:在里头|在里面|在里边|喺入面|在入面)"
        r"|(?:在|喺)(?:电梯|升降机|𨋢)(?:里头|里面|里边|入面)"
        r"|(?<![a-z])(?:kun|guan) zai dian ti",
        r"\btrapped\b|stuck in (?:the |a )?(?:lift|elevator)|(?:lift|elevator).{0,20}\bstuck\b"
        r"|(?:lift|elevator).{0,12}(?:dropped|fell|plunged)|(?:lift|elevator).{0,50}(?:between|beteen|betwen|betwean) (?:floors|the)"
        # Someone heard inside a lift, or a lift stopped with someone in it.
        r"|(?:someone|somebody|people|person|kid|child|voice)s? .{0,20}(?:banging|knocking|shouting|screaming"
        r"|yelling|calling for help|crying).{0,30}(?:lift|elevator)"
        r"|(?:banging|knocking|shouting|calling for help) (?:from )?inside (?:the |a )?(?:lift|elevator)"
        r"|(?:lift|elevator) (?:has |is |just )?(?:stopped|stuck|broken down|jammed|not moving|died)"
        r".{0,40}(?:inside|in it|in there)"
        r"|(?:inside|in) (?:the |a |that )?(?:lift|elevator).{0,30}(?:stopped|stuck|not moving|won'?t open"
        r"|doors? won'?t|can'?t get out)",
    ),
    (
        "flood",
        None,
        r"淹了|被淹|水淹|淹到|水漫|漫出来|漫进|进水了|灌进(?:家|屋|房)|积水.{0,4}(?:没过|齐|膝|腰|很深)"
        r"|爆管|爆水管|管子?爆|水管.{0,2}(?:爆|炸|裂开)|(?<=[地路上里面])全是水(?![印渍迹痕])|喷水(?!池)|喷出来|哗哗.{0,4}(?:流|冒|喷)|止不住"
        r"|(?<=水)一直(?:冒|喷|流)"
        r"|水.{0,6}(?:往下灌|往下淌|往下流|哗哗|灌下来|漫到|漫进|淌进)|(?:天花板|吊顶|灯).{0,6}(?:灌水|在流水|冒水|哗哗)",
        r"\bflood(?:ed|ing)?\b|burst (?:pipe|main)|pipe (?:has )?burst|(?:water|sewage) (?:is )?(?:\w+ )?(?:pouring"
        r"|gushing|everywhere|spraying|streaming|pissing)",
    ),
    (
        "person",
        "care",
        r"摔倒|摔了一跤|跌倒|晕倒|昏倒|昏迷|昏过去|晕过去|倒在地|倒地|不省人事|叫不醒|叫了?没反应"
        r"|(?<=人)没反应|没有意识|起不来|喘不上气|呼吸不到|呼吸困难|心脏病(?!史)|中风(?![后过])|抽搐|休克|流了好多血"
        r"|出血|吐血|快不行了|急救|[打叫拨]了?120|救护车|嘴歪|口眼歪斜|说不出话"
        # Acute symptoms, also relayed by a relative far away on the phone.
        r"|胸口(?:痛|疼|闷|好痛)|胸痛|胸闷|出不来气|喘不过气|透不过气|上不来气|透唔到气|呼吸不了"
        r"|站不起来|爬不起来|动不了|起唔到身|跌亲|晕低|120.{0,4}(?:叫了|打了|已经)|脸色发紫|嘴唇发紫|意识不清",
        r"\bfell\b(?! asleep| off| from| down)|\bfallen\b(?! (?:tree|branch|branches|leaves|sign|pole|wall|fence))"
        r"|has fallen|unconscious|not breathing"
        r"|can'?t breathe|can'?t get up\b(?!stairs)|cannot get up\b(?!stairs)|heart attack|\bstroke\b|fainted|passed out"
        r"|seizure|bleeding|\bambulance\b|unresponsive|not responding|call 120|trouble breathing"
        r"|chest pains?|pain in (?:his|her|my) chest|short of breath"
        r"|struggling to breathe|can'?t catch (?:her|his|their|my) breath|(?:can'?t|cannot|couldn'?t) stand up"
        r"|lying on the floor|won'?t wake up|not waking up|hit (?:his|her) head"
        r"|(?:man|woman|lady|grandpa|grandma|granny|neighbou?r|he|she|someone|somebody|person|guy"
        r"|kid|child|elderly|resident|mum|mom|dad).{0,20}collapsed",
    ),
    (
        "wire",
        "safety",
        r"(?:电线|电缆).{0,4}(?:裸露|露在外|露出来|掉下来|掉在|跌落|断了|垂下来|垂到|冒火花|打火)|裸露.{0,4}电线"
        r"|漏电|触电|电到人|打火花|冒火花|火花|电箱.{0,4}(?:冒|炸|响)"
        r"|(?:电线|电缆|线头|插座|开关|电线皮|线皮).{0,10}(?:裸露|露在外|露出来|露出|铜丝|铜线|线芯|冒火星|打火)"
        r"|(?:电线|电缆)皮?.{0,3}(?:破|烂)(?:了|咗)|(?:铜丝|铜线|线芯).{0,6}(?:露|在外)|飞线.{0,6}(?:打火|冒火|火星)|(?:在|一直)打火(?!机)|火星子",
        r"exposed (?:live )?wires?|live wires?|bare wires?|spark(?:s|ing)|electric shock"
        r"|(?:wire|wires|wiring|cable|cables|copper).{0,25}(?:exposed|sticking out|poking out|showing|frayed)"
        r"|bare copper|exposed (?:wiring|copper|cable)|frayed (?:wire|cable)"
        r"|(?:wire|cable)s?.{0,12}(?:hanging down|on the ground|dangling|down on|lying on)|electrocut",
    ),
    (
        # An open shaft on a walkway: the cover gone, lifted or fallen in. A loose or
        # cracked cover still in place is a hazard, not an emergency.
        "manhole",
        "facilities",
        r"(?:井盖|井盖子|盖子|渠盖).{0,8}(?:被掀|掀开|掀了|(?<!看)不见|(?<!睇)唔见|没了|冇咗|冇了|被偷|偷走|偷咗|丢了|掉下去|掉进去|移开|打开了|敞开|开着|翻了)"
        r"|(?:没有?|没得|冇)(?:了)?井盖|井盖.{0,12}(?:只剩|剩|一个|个|得返个?)(?:个)?(?:大|黑)?(?:洞|窿)"
        r"|(?:窨井|检查井|下水井|污水井|沙井|雨水井).{0,8}(?:敞着|开着|没盖|掀|不见|掉下去|洞)",
        r"(?:manhole|(?:drain|sewer) (?:cover|lid)|(?:cover|lid) of the (?:manhole|sewer|drain))(?: cover| lid)?"
        r"(?: [\w#,]+){0,6} (?<!can't )(?<!cannot )(?<!to )(?:is |was |has been |'s )?(?:missing|open|gone|off|removed|stolen"
        r"|uncovered|lifted)\b(?! a (?:piece|corner|bit|chunk))|(?:stole|removed|took|lifted) the (?:manhole|drain|sewer) (?:cover|lid)"
        r"|(?:fell|fall|stepped) (?:in|into) (?:the |an |a )?"
        r"(?:open )?(?:manhole|drain)"
        r"|(?:open|uncovered|missing) (?:manhole|drain cover|drain|sewer)|(?:cover|lid) (?:is |has )?(?:gone|missing|been (?:stolen|removed|taken))",
    ),
    (
        "collapse",
        "safety",
        r"塌了|倒塌|坍塌|塌下来|塌陷|要塌|掉下来了|跌下来|砸下来|砸到人|砸伤|砸到车|往下掉|摇摇欲坠|快掉了"
        r"|要掉下来|(?:瓷砖|外墙|墙皮|墙砖|广告牌|招牌|空调外机|冷气机|窗户|玻璃|阳台).{0,6}"
        r"(?:掉下来|掉了下来|砸|脱落了|坠落)"
        # Something hanging loose over where people walk is coming down now.
        r"|(?:窗框|窗户|窗子|窗扇|玻璃|防盗网|雨棚|空调外机|外机|冷气机|部机|广告牌|招牌|瓷砖|纸皮石|墙砖|墙皮|水泥块|砖)"
        r".{0,12}(?:挂在|吊起|吊在|吊住|吊喺|悬喺|半空|悬在|晃来晃去|在晃|风晃|脱出来|脱出嚟|脱咗出嚟|脱落一半|歪出来|在掉|正在掉|一直掉)"
        r"|(?:水泥块|墙皮|瓷砖|砖头|碎玻璃|玻璃碴).{0,8}(?:在掉|往下掉|掉了一地|掉到路上|掉在路上)",
        r"collaps(?:e|ed|ing)|about to fall|(?:fell|falling) (?:off|from|down)|caved in"
        # A crumbling wall falls on someone; a crumbling path trips them (facilities).
        r"|(?:wall|ceiling|balcony|facade|roof|render|plaster|parapet)s?\b.{0,20}\bcrumbling"
        r"|crumbling (?:wall|ceiling|balcony|facade|roof|parapet)"
        r"|came down"
        r"|(?:window|frame|pane|glass|panel|sign|signboard|tiles?|bricks?|air ?con\w*|ac unit|render"
        r"|concrete|railing|gutter).{0,45}(?:hanging (?:off|by|from|out|over|down)|dangling|swinging"
        r"|falling (?:off|onto|on|down)|fell (?:off|onto|on)|came off|smashed on)",
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
    r"已经?(?:修好|处理好|解决|恢复|救出|送医|没事|排除|好了)|修好了|救出来了|没事了"
    r"|虚惊|演练|演习|培训|讲座|宣传|知识|安全课|提醒大家|提醒一下|温馨提示|请大家注意|大家注意|注意安全"
    r"|通知|通告|防范|预防|隐患排查|安全检查|检查燃气|去年|上个月|上周|以前|小时候|新闻|电视|电影|视频里"
    r"|记得吗|\bdrill\b|training|reminder|\btips?\b|last (?:year|month|week)|\bnews\b|movie|remember\?"
    r"|was fixed|been fixed|all (?:ok|fine|good) now|put out|false alarm|resolved|no longer|safety check"
    r"|调解|协调|协商|赔偿|mediat|compensat"
    # The smell or smoke has gone by now ("今天早上再闻又没有了").
    r"|又没得了|又没有了|已经没有了|已经没了|现在没有了|闻不到了|闻唔到|而家冇|已经冇|没味了|味道散了|烟散了|gone now|has gone|went away|cleared now"
)
# Worry about what could happen ("怕掉下来砸到人", "容易起火") is a hazard report,
# not an emergency. Not applied to gas or a person down: there the worry is the alarm.
_HYPOTHETICAL = guarded(
    r"怕|担心|万一|迟早|容易|会不会|可能会|以免|免得|隐患|如果|要是|假如|一旦|跑不出去|逃不出去|出不去|走不了"
    r"|\bcould\b|\bmight\b|\bmay\b|risk|what if|\bif\b|in case|waiting to happen|hazard"
)
_HYPOTHETICAL_KINDS = frozenset({"fire", "collapse", "wire", "flood"})
# A condition ("if there were a fire we would be trapped", "真烧起来跑都跑不脱") talks
# about a danger that is not happening, whatever its kind; gas and a person down keep
# their alarm even then.
_CONDITIONAL = guarded(
    r"万一|如果|要是|假如|一旦|真.{0,3}起来|跑不脱|跑不出去|逃不出去|\bif\b|\bwould\b|real thing"
    r"|\bcan catch|\bcould\b|怕哪天|哪天|惊有日|成日|迟早|以后会|one day|someday|sooner or later"
    # A habit is a fault to repair, not an emergency under way (gas excepted, see above).
    r"|老是|经常|总是|时不时|每次|\bkeeps?\b|\balways\b|\boften\b|every time|sometimes"
)
# An open manhole's "someone could fall in" is the danger itself, not a condition.
_CONDITIONAL_SAFE = frozenset({"gas", "person", "manhole"})

# Dangers that take two facts: an elderly neighbour not seen for days AND no answer (or a
# smell, or living alone); dementia AND missing; a medical device AND a power cut; a smoke
# alarm sounding AND nobody answering. Either fact alone is a worry, not an emergency.
# kind, category, (Chinese A, Chinese B), (English A, English B); both must occur.
_COMPOUND: list[tuple[str, str, tuple[str, str], tuple[str, str]]] = [
    (
        "unseen",
        "care",
        (
            r"(?:(?:几|两|三|四|五|六|七|好几|多)(?:天|日)|一个?(?:礼拜|星期|多礼拜|多星期)|一周|几个?(?:礼拜|星期))"
            r".{0,8}(?:没|冇|没有|未|不)(?:人)?(?:看到|看见|见到|见过|见|下楼|出门|出过门|出来|露面|动静|人影|开门|开过门|应门|落楼|出现|出过街)"
            r"|(?:牛奶|报纸|外卖|快递|信).{0,6}(?:一直|都)?(?:没拿|冇拎|没收|没人收|冇人收|堆)"
            r"|(?:没|冇)(?:看到|看见|见到|见过|见)(?:她|他|人|过).{0,6}(?:(?:几|两|三|四|五|好几|多)(?:天|日)|一个?(?:礼拜|星期)|一周)",
            r"敲门|拍门|没人应|没人答应|没人开|不开门|没反应|没得?人应|电话.{0,4}(?:不接|打不通|没人接|关机|冇人接|唔通)|联系不上"
            r"|怪味|臭味|异味|味道|牛奶|报纸|外卖|快递|冇人应|唔应|冇人",
        ),
        (
            r"(?:haven'?t|hasn'?t|have not|has not|nobody has|no one has|not) (?:seen|heard from|spotted)"
            r"|(?:not|n't) been seen|no sign of|(?:days|week) (?:since|without)"
            r"|(?:hasn'?t|has not|haven'?t|have not) (?:been out|left|come out|gone out|opened)"
            r"|(?:milk|newspapers?|deliveries|parcels|post) (?:is |are |keeps? )?piling up",
            r"no answer|not answering|doesn'?t answer"
            r"|isn'?t answering|won'?t answer|nobody answers|no one answers|knock|smell|milk|newspaper"
            r"|deliveries|parcels|phone",
        ),
    ),
    (
        "missing",
        "care",
        (
            r"痴呆|脑退化|阿尔茨海默|阿兹海默|失智|认知障碍|记性不好|记性唔好|记性差|记不得路|不认得路|认不到路|脑子不清|糊涂",
            r"不见了|没回来|没有回来|没回家|还没回|都没回|(?<!防)走丢|(?<!防)走失|找不到|联系不上|失踪|搵唔到|唔见|不知道去哪|未返|冇返|唔返|未回",
        ),
        (
            r"dementia|alzheimer|memory (?:problems|issues|loss)|\bconfused\b|gets lost",
            r"missing|wander|(?:hasn'?t|has not|not|never) (?:come|came|been|got) (?:back|home)|can'?t find"
            r"|cannot find|went out|since (?:this )?morning|\blost\b|disappeared",
        ),
    ),
    (
        "device",
        "care",
        (
            r"制氧机|呼吸机|吸氧|氧气机|透析|雾化机|氧气瓶",
            r"停电|跳闸|跳掣|没电|冇电|断电|停了|来电|电.{0,4}(?:停|断|没)|(?:停|断)咗电|备用电池|后备电池",
        ),
        (
            r"ox[iy]?gen (?:concentrator|machine)|concentrator|ventilator|cpap|breathing machine|on oxygen|dialysis",
            r"power (?:cut|outage|is out|went|failure|off|is off|has gone)|outage|blackout|no power"
            r"|no electricity|lost power|without power|batter|tripped",
        ),
    ),
    (
        "alarm",
        "safety",
        (
            r"(?:烟感|烟雾报警器|报警器|火警铃|警报器|烟雾探测器).{0,10}(?:响|叫|滴|鸣|哔)",
            r"没人开门|没人应|没得?人应|不开门|没人在|没反应|没有反应|屋头没人|家里没人|里面没人|好像没人|敲门|冇人"
            r"|电话.{0,4}(?:不接|没人)|糊味|焦味|冒烟|烟味|有烟|烟雾(?!报警|探测)",
        ),
        (
            r"(?:smoke|fire|co) (?:alarm|detector).{0,50}(?:going off|beeping|ringing|sounding|screaming"
            r"|blaring|shrieking)|(?:beeping|ringing|going off|sounding).{0,25}(?:smoke|fire) (?:alarm|detector)",
            r"no(?: ?one|body) (?:answer|is answering|home|is home|open|came|respond)|no answer|not answering"
            r"|knock|burning|smoke coming|empty|away",
        ),
    ),
]
_COMPOUND_ZH = [(kind, cat, guarded(a), guarded(b)) for kind, cat, (a, b), _ in _COMPOUND]
_COMPOUND_EN = [(kind, cat, re.compile(a), re.compile(b)) for kind, cat, _, (a, b) in _COMPOUND]
# Compound dangers are over once the person is found, answers or the power is back.
# "经常走丢" is a tendency to plan for, not a person missing now.
_HABITUAL = guarded(
    r"经常|总是|老是|容易|有时|怕.{0,4}走丢|之前|提前|万一|如果|要是|\boften\b|keeps? getting|tends? to"
    r"|sometimes|in advance|in case|\bif\b|planned|before the"
)
_COMPOUND_OVER = guarded(
    r"找到了|(?<![没未])回来了|(?<![没未])回家了|联系上了|(?<![没不未])开门了|没事了|已经送|来电了|虚惊|"
    r"\bfound\b|is back|came back|came home|answered|is fine|all ok|power is back|false alarm"
)

# Smoke that is someone smoking, burning incense or cooking. Only overrides smoke-ish
# hits (冒烟, smoke), never 着火 / on fire.
_SMOKING = guarded(
    r"抽烟|吸烟|香烟|烧香|二手烟|油烟|做饭|炒菜|烧烤|cigarette|incense|cooking|\bbbq\b|barbecue"
    r"|\bsmok(?:e|es|ing) (?:all|every|indoors|inside|in the|on the)|\bsmokers?\b"
)
_WIRE_WORDS = guarded(r"电线|插线板|拉线|飞线|充电线|\bcable|\blead\b|\bcord\b|\bwire")
_SMELL = guarded(r"臭|味|smell|stink|reek|stench|odou?r")
# A fire put out is over; "灯都灭了" in a stuck lift is not.
_FIRE_OUT = guarded(r"火.{0,4}灭了|已经?灭了|扑灭|put out|extinguished")
_REAL_FIRE = re.compile(r"火|fire|flame|burn")

_CLAUSE_END = re.compile(r"[。！!？?；;\n]|\.(?:\s|$)")


_WORD = re.compile(r"[a-z][a-z']+")

# Every English alternative above contains one of these substrings, and most English
# chat contains none of them: one substring pass spares the big scan (about 100 us a
# message). A pattern added above must keep this true (tests/parsing/test_danger_kinds.py).
_EN_GATE = (
    "gas", "rotten egg", "sulfur", "sulphur", "mei qi", "meiqi", "ran qi", "ranqi",
    "fire", "flame", "smok", "burn", "plastic", "rubber", "scorch", "smoulder", "smolder",
    "charred", "trapped", "stuck", "lift", "elevator", "flood", "burst", "water", "sewage",
    "fell", "fallen", "unconscious", "breath", "get up", "heart attack", "stroke", "faint",
    "passed out", "seizure", "bleeding", "ambulance", "unresponsive", "responding", "120",
    "collaps", "chest", "stand up", "floor", "wak", "head", "wire", "wiring", "cable",
    "copper", "spark", "shock", "electrocut", "manhole", "cover", "lid", "drain", "sewer",
    "about to fall", "falling", "crumbling", "caved in", "came down", "came off", "hanging",
    "dangling", "swinging", "smashed",
)  # fmt: skip


def detect_danger(norm: str, words: list[str] | None = None) -> Danger | None:
    """The first current danger in normalised text, or None.

    ``words`` is ``[a-z][a-z']+`` tokens of ``norm`` when the caller has them already.
    """
    # Every Chinese pattern needs a Chinese character: skip the scan on all-ASCII text.
    is_ascii = norm.isascii()
    found = None if is_ascii else _scan(_DANGER_ZH, norm)
    if found is None and not is_ascii:
        found = _compound(_COMPOUND_ZH, norm)
    if found is None and _LATIN.search(norm):
        if words is None:
            words = _WORD.findall(norm)
        if any(map(norm.__contains__, _EN_GATE)):
            found = _scan(_DANGER_EN, norm)
        if found is None:
            found = _compound(_COMPOUND_EN, norm)
    return found


def _compound(
    rules: list[tuple[str, str, re.Pattern[str], re.Pattern[str]]], text: str
) -> Danger | None:
    for kind, category, first, second in rules:
        a = first.search(text)
        # Two facts, so two places: "快递堆在门口" is not both "deliveries piling up"
        # and "a parcel at the door".
        if (
            a is not None
            and (second.search(text, 0, a.start()) or second.search(text, a.end()))
            and not _COMPOUND_OVER.search(text)
            and not _HABITUAL.search(text)
        ):
            return Danger(kind, category)
    return None


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
        if kind == "fire" and _FIRE_OUT.search(text, start, end):
            continue
        if (
            kind == "fire"
            and _SMOKING.search(text, start, end)
            and not _REAL_FIRE.search(m.group())
        ):
            continue  # smoke from cigarettes / incense / cooking: a neighbour issue, not a fire
        if kind in _HYPOTHETICAL_KINDS and _HYPOTHETICAL.search(text, start, end):
            continue
        if kind not in _CONDITIONAL_SAFE and _CONDITIONAL.search(text, start, end):
            continue
        if kind == "collapse" and _WIRE_WORDS.search(text, start, end):
            continue  # a charging lead swinging from a window: flying wire, not a falling structure
        if kind == "person" and "breath" in m.group() and _SMELL.search(text, start, end):
            continue  # "so smelly I can't breathe" is a figure of speech, not an airway
        return Danger(kind, _CATEGORY[kind])
    return None


def _clause_start(text: str, pos: int) -> int:
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, pos):
        start = m.end()
    return start
