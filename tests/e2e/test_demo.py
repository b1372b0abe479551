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
        "📋 Request #2 filed",  # an English resident, answered in English
        "陈阿姨 您有一条新任务。请私聊本机器人发送 /start",  # never started: asked in the group
        "只有负责此事的网格员、其上级和社区管理员可以操作。",  # a stranger's press is refused
        "#2 acknowledged by 陈阿姨",
        "#3 已撤回",
        "社区民警：赵警官",
        "── demo finished",
    ]
    positions = [transcript.find(step) for step in steps]
    assert -1 not in positions, [s for s, p in zip(steps, positions, strict=True) if p < 0]
    assert positions == sorted(positions)  # in the order the day is told
