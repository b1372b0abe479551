"""Messages that are not requests although they name a problem, as explicit classes.

The n-gram model reads a notice about a water cut or a fire-safety reminder as the
problem it names: the words are the same. What gives these messages away is their
FORM, which a rule sees better than a bag of n-grams: a 【通知】 head or a 居委会
signature, a phone number beside service words, a found card, a question put to the
neighbours rather than to the grid, a bare "+1". Each class says how strongly it
speaks against a request and whether it also silences a danger word (a notice about
gas safety is not a gas leak; a neighbour's question about a smoke alarm may still
report one, so questions do not silence).
"""

from __future__ import annotations

from typing import NamedTuple

from bot.parsing._regex import guarded


class NotRequest(NamedTuple):
    kind: str
    # Log-odds added to "is a request"; None: the form decides alone. The n-gram model
    # grows surer with every problem word, so a long notice can outvote any finite odds.
    odds: float | None
    silences_danger: bool


# Forwarded or official notices: a bracketed head, a forwarding mark, notice phrasing,
# or an office's signature at the end.
_NOTICE = guarded(
    r"^\s*(?:【[^】]{0,14}(?:通知|提示|提醒|公告|告知|通告|须知|预告|公示|倡议|说明|安排)[^】]{0,8}】"
    r"|\[[^\]]{0,14}(?:通知|提示|公告|notice)\]|转发|转自|转:|转 |fw:|fwd:|forwarded|温馨提示|重要提醒"
    r"|紧急通知|停水通知|停电通知|通知[:!]|公告[:!]|notice[:!]|announcement[:!]|reminder[:!]|psa\b"
    r"|各位(?:居民|业主|住户)(?:朋友们?)?[:!,])"
    r"|接.{0,14}通知|敬请谅解|不便之处|带来不便|特此通知|特此公告|相互转告|大家存一下|转给.{0,8}看"
    r"|请.{0,8}(?:住户|业主|居民|大家).{0,6}(?:提前|相互转告|合理安排|做好准备|配合|储水)"
    r"|(?:translat\w*|here'?s|sharing|passing on|copying|forwarding) (?:the|a|this) (?:notice|announcement)"
    r"|(?:will be|is going to be) (?:cut|off|suspended|shut off|closed) (?:from|on|between|tomorrow)"
    r"|please (?:store|save) water|sorry for (?:the|any) inconvenience"
    r"|(?:-|——)\s*[^\s,.!?]{0,14}(?:居委会|居民委员会|物业|物业服务中心|服务中心|管理处|社区|网格员\S{0,3}"
    r"|业委会|业主委员会|街道|办事处|工作站|management office|property management)\s*$"
)

# Advertisements and giveaways: a phone number or a sales channel beside trade words,
# or an ad's own head.
_PHONE = guarded(r"(?<!\d)(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}-?\s?\d{3,4}\s?\d{4})(?!\d)")
_TRADE = guarded(
    r"上门|回收|维修|疏通|开锁|换锁|团购|私聊|私信|私讯|价格|优惠|微信同号|出售|转让|接龙|预订|预定|自取|报价"
    r"|不收费|代办|出租|招租|招聘|补课|家教|批发|包邮|特价|打折|折扣|元/|每斤|斤装|\bdm\b|whatsapp"
    r"|for sale|selling|discount|per hour|lessons|tutoring|delivery available|order now"
)
_AD = guarded(
    r"^\s*(?:【(?:团购|出售|转让|招租|出租|广告|招聘|拼团|代购)】|出售|转让|出租|招租|团购|高价回收|收购)"
    r"|接龙|要的(?:邻居)?(?:私|直接|群里)|需要的(?:邻居)?(?:私|联系|打)|私聊我|私信我|私讯我"
    r"|免费送|送人了?|闲置.{0,6}(?:送|出|转)|giving away|give away|free to (?:a )?good home"
    r"|(?:dm|pm|message) me|for sale|free pick ?up|pick (?:it |them )?up from"
)

# Lost pets and found things, and lost things asked after among neighbours. A missing
# PERSON is not here: that may be an emergency (see urgency.py).
_LOST_FOUND = guarded(
    r"捡到|拾到|失主|寻狗|寻猫|寻物|必有重谢|有偿寻|认领"
    r"|(?:狗|猫|柯基|泰迪|金毛|柴犬|比熊|鹦鹉|兔子|宠物|狗狗|猫咪).{0,10}(?:走丢|丢了|跑丢|跑了|不见了|唔见|走失|找不到|搵唔到)"
    r"|(?:走丢|丢了|跑丢|不见了).{0,8}(?:狗|猫|柯基|泰迪|鹦鹉|兔子)"
    r"|(?:有没有人|谁|哪位)(?:看到|看见|捡到).{0,10}(?:钥匙|钱包|银包|手机|卡|包|猫|狗)"
    r"|lost (?:cat|dog|kitten|puppy|parrot|rabbit|pet)|(?:cat|dog|kitten|puppy|parrot) (?:is |went )?missing"
    r"|found (?:a|an|some|these|this|someone'?s) (?:[\w-]+ ){0,3}(?:keys?|card|wallet|phone|umbrella|bag|cat|dog|scarf|glove)"
    r"|(?:keys?|card|wallet|phone) found|anyone lost|has anyone seen (?:a|my|our) (?:\w+ )?(?:cat|dog)"
)

# Questions put to the neighbours (recommendations, borrowing, asking around) rather
# than to the grid.
_TO_NEIGHBOURS = guarded(
    r"有没有(?:邻居|人|街坊|哪位|朋友|宝妈|宝爸|家长|大佬|懂的)(?:们)?(?:知道|晓得|推荐|用过|认识|有|可以借|借|去过|请过)"
    r"|有人(?:知道|晓得|认识|推荐|用过)|哪位(?:邻居|朋友|街坊|家长)?(?:知道|晓得|有|推荐|用过)"
    r"|邻居们?(?:推荐|知道|晓得|有没有)|推荐一?个?.{0,8}(?:靠谱|靠普|好用|便宜)|问下群里|问一下群里|问问群里"
    r"|请教(?:一下)?大家|大家(?:知道|晓得|推荐)|谁家有.{0,10}(?:借|吗|不)|借我用|借.{0,6}用一下|有冇(?:街坊|人)"
    r"|\banyone (?:know|knows|recommend|have|has|got|tried|been|else'?s?)|does anyone|can anyone recommend"
    r"|could anyone recommend|any recommendations|recommend a good|has anyone (?:used|tried|got)"
    r"|anybody know|can i borrow|could i borrow"
)

# A reply that only agrees with someone else's report: no problem of its own.
_ME_TOO = guarded(
    r"^\s*(?:\+1|同\b|同上|同样|我们?家也是|我们?家也|我们?也是|我这边也|我们这边也|我们屋也|我们楼也"
    r"|我们单元也|我们那栋也|me too|same here|same\b|us too|same for us|ditto|here too|same in)"
)
_ASKS = guarded(
    r"麻烦|请(?!问|教)|能不能|帮忙|帮一下|快来|快点|管一下|处理|报修|help|please|can someone|could someone"
    r"|can property|could property|fix"
)

# Problems already over, and alarms explained away.
_OVER = guarded(
    r"虚惊一场|大家放心|不用担心了|不用下楼了|不用管了|没事了|一场误会|搞错了|已经换了|已经换好|已经推下去|已经找到"
    r"|no worries|all good now|all sorted|false alarm|it'?s fine now|never ?mind|problem solved|panic over"
)

# Meetings and events announced to residents.
_MEETING = guarded(
    r"(?:开会|坝坝会|业主大会|居民大会|议事会|说事日|座谈会|见面会|茶话会|活动|讲座|义诊|meeting|town hall|workshop)"
    r".{0,60}(?:参加|来|带上?|出席|到场|报名|attend|join|come|bring)"
)
_WHEN = guarded(
    r"\d{1,2}点|点半|\d{1,2}:\d\d|周[一二三四五六日天]|星期[一二三四五六日天]|明天|今晚|下周|本周|\d{1,2}月\d{1,2}"
    r"|\d{1,2}(?:am|pm)\b|tonight|tomorrow|this (?:saturday|sunday|weekend|friday)|next week"
)

# General warnings (a scam going round) and stories from elsewhere.
_SCAM = guarded(
    r"骗子|诈骗|冒充|假冒|上当|\bscams?\b|scammers?|fraud|pretending to be|posing as|impersonat|phishing"
    r"|\bfake (?:\w+ )?(?:inspectors?|staff|workers?|officials?|calls?|police|texts?|engineers?)"
)
_ELSEWHERE = guarded(
    r"看到新闻|新闻上|新闻说|上新闻|说起(?:去年|上次|以前|那年)|想起(?:去年|上次)|视频看到"
    r"|(?:saw|read) (?:it )?(?:on|in) the news|remember when|back in (?:19|20)\d\d"
)


# Questions about the bot itself, not to it: "这个机器人是干嘛的", "are you a bot?".
_ABOUT_BOT = guarded(
    r"(?:机器人|小助手|自动回复|\bbot\b).{0,20}(?:是干嘛|干啥|怎么用|是自动|是不是|是真人|会不会|能做什么|咋个用|的哇|嗦)"
    r"|你是(?:自动|机器人|真人|人工)|(?:how|what) does (?:this|the) bot|is this (?:a )?bot|are you a (?:bot|robot|human)"
)
# Opinions offered to the group ("要我说…", "honestly…") without anything asked.
_OPINION = guarded(
    r"要我说|说实话|说句实话|个人觉得|依我看|in my opinion|\bimo\b|\bhonestly\b|\btbh\b"
)


def classify(norm: str) -> NotRequest | None:
    """The non-request class normalised text shows by its form, or None."""
    if _NOTICE.search(norm):
        return NotRequest("notice", None, True)
    if _AD.search(norm) or (_PHONE.search(norm) and _TRADE.search(norm)):
        return NotRequest("advertisement", None, True)
    if _MEETING.search(norm) and _WHEN.search(norm):
        return NotRequest("meeting", None, True)
    if _OVER.search(norm):
        return NotRequest("over", None, True)
    if _SCAM.search(norm):
        return NotRequest("warning", None, True)
    if _ELSEWHERE.search(norm):
        return NotRequest("elsewhere", None, True)
    if _LOST_FOUND.search(norm):
        return NotRequest("lost_found", None, False)
    if _ABOUT_BOT.search(norm):
        return NotRequest("about_bot", -5.0, False)
    if _OPINION.search(norm) and not _ASKS.search(norm):
        return NotRequest("opinion", -4.0, False)
    if _ME_TOO.search(norm) and len(norm) <= 40 and not _ASKS.search(norm):
        return NotRequest("me_too", None, False)
    if _TO_NEIGHBOURS.search(norm):
        return NotRequest("to_neighbours", -4.0 if _ASKS.search(norm) else None, False)
    return None
