## Meetings: scheduling, reminders, RSVPs (issue 4)

when-local = { $year }年{ $month }月{ $day }日（{ $weekday ->
    [0] 周一
    [1] 周二
    [2] 周三
    [3] 周四
    [4] 周五
    [5] 周六
   *[6] 周日
  }）{ $time }
when-short = { $month }月{ $day }日 { $time }
duration = { $count }{ $unit ->
    [day] 天
    [hour] 小时
    [minute] 分钟
   *[second] 秒
  }
meeting-rule = { $frequency ->
    [daily] 每天 { $time }
    [weekly] 每{ $weekday ->
        [0] 周一
        [1] 周二
        [2] 周三
        [3] 周四
        [4] 周五
        [5] 周六
       *[6] 周日
      } { $time }
   *[monthly] 每月{ $day }日 { $time }
  }
meeting-rule-line = {"\u000A"}🔁 { $rule }
meeting-place = {"\u000A"}📍 地点：{ $place }

meeting-proposed = 📅 请确认会议 #{ $id }：
    <b>{ $title }</b>
    🕒 { $when }（{ $zone } 时间）{ $rule }{ $place }
    将发布到 { $groups } 个群，并在会前按时提醒。确认吗？
meeting-button-confirm = ✅ 确认发布
meeting-button-discard = ✖️ 取消
meeting-saved = 会议 #{ $id } 已发布
meeting-discarded = 好的，没有发布
meeting-announced = 📢 <b>{ $title }</b>
    🕒 { $when }{ $rule }{ $place }
    组织人：{ $organiser }
    会参加的请点下方“参加”。
meeting-button-come = 🙋 参加{ $count ->
    [0] {""}
   *[other] （{ $count }人）
  }
meeting-rsvp-done = 已报名参加，目前 { $count } 人
meeting-rsvp-undone = 已取消报名，目前 { $count } 人
meeting-reminder = { $starting ->
    [yes] 🔔 <b>{ $title }</b> 现在开始！
   *[other] ⏰ 提醒：<b>{ $title }</b> 还有 { $left } 开始
  }
    🕒 { $when }{ $place }
    已有 { $coming } 人报名参加。
meeting-cancelled = ❌ 会议取消：<b>{ $title }</b>（原定 { $when }）
meeting-line = #{ $id } { $when } <b>{ $title }</b>{ $rule } · 🙋 { $coming }
meetings-list = { $count ->
    [0] 近期没有安排会议。用 /meeting 时间 主题 来安排。
   *[other] 近期会议（{ $count }）：
    { $lines }
  }
meeting-button-cancel = 取消 #{ $id }
meeting-cancel-done = 会议 #{ $id } 已取消，提醒已撤销
meeting-cancel-usage = 用法：/cancel_meeting 编号，例如 /cancel_meeting 3
meetings-in-group = 请在楼栋群里用 /meetings 查看该群的会议。

meeting-usage = 用法：/meeting 时间 主题 [@ 地点]
    例如：/meeting 明天晚上7点 坝坝会 @ 3栋楼下
    /meeting 每月15日上午9点 居民说事日
meeting-private-usage = 管理员可在这里为整个网格或社区安排会议：
    /meeting grid A 周六下午3点 网格议事会 @ 社区活动室
    /meeting community 每月15日上午9点 居民说事日
meeting-unclear = { $doubt ->
    [ambiguous-hour] 是上午还是晚上？请写明，例如“晚上7点”或“19:00”。
    [no-time] 请写上几点，例如“明天晚上7点”或“每周六下午3点”。
    [past] 这个时间已经过去了，请换一个以后的时间。
    [bad-date] 没有这一天，请检查日期。
   *[unknown] 没看懂时间。可以写：2026-12-05 19:30、明天晚上7点、周六下午3点、12月5日 19:30、每月15日上午9点。
  }
meeting-missing-title = 请在时间后面写上会议主题，例如：/meeting 明天晚上7点 坝坝会
meeting-not-found = 没有找到会议 #{ $id }。
meeting-gone = 这个会议已经确认、取消或结束了。

command-meeting = 安排会议：/meeting 时间 主题 [@ 地点]
command-meetings = 本群近期会议
command-cancel_meeting = 取消会议：/cancel_meeting 编号
