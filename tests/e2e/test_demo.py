"""The README's first command plays this day: it must keep playing it to the end."""

from __future__ import annotations

import io

from devtools.demo import run_demo


async def test_the_demo_plays_the_whole_day() -> None:
    out = io.StringIO()
    assert await run_demo(out) == 0
    transcript = out.getvalue()
    steps = [
        "今天天气不错☀️\n    （机器人没有回复）",  # chit-chat is not filed
        "📋 已登记诉求 #1",
        "✅ 诉求 #1 已由 李长明 办结。",
        "谢谢您的评价！诉求 #1 已关闭",
        "📋 已登记诉求 #2",  # an English resident, answered in the group's language
        # 5栋's member never started the bot: asked in 5栋's group, where she lives...
        "陈阿姨 您有一条新任务。请私聊本机器人发送 /start",
        "已转交 5 栋的微网格员",  # ...and 3栋's group only hears that it was passed on
        "只有负责此事的网格员、其上级和社区管理员可以操作。",  # a stranger's press is refused
        "#2 已由 陈阿姨 受理",
        "#3 已撤回",
        "社区民警：赵警官",
        "诉求 #4 现有 2 户反映",  # neighbours' "+1" and "same here" count, once each
        "诉求 #4 现有 3 户反映",
        "刘大爷, Tom，也请评价",  # and they are named on the resolution
        "居民不满意，已重新办理，上报网格长",
        "谢谢，您的意见已记在诉求 #4 上，并转告 张网格长",
        "── demo finished",
    ]
    positions = [transcript.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p < 0]
    assert positions == sorted(positions)  # in the order the day is told
