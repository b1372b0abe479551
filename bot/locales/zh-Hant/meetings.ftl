## Meetings: scheduling, reminders, RSVPs (issue 4)

when-local = { $year }年{ $month }月{ $day }日（{ $weekday ->
    [0] 週一
    [1] 週二
    [2] 週三
    [3] 週四
    [4] 週五
    [5] 週六
   *[6] 週日
  }）{ $time }
when-short = { $month }月{ $day }日 { $time }
duration = { $count }{ $unit ->
    [day] 天
    [hour] 小時
    [minute] 分鐘
   *[second] 秒
  }
meeting-rule = { $frequency ->
    [daily] 每天 { $time }
    [weekly] 每{ $weekday ->
        [0] 週一
        [1] 週二
        [2] 週三
        [3] 週四
        [4] 週五
        [5] 週六
       *[6] 週日
      } { $time }
   *[monthly] 每月{ $day }日 { $time }
  }
meeting-rule-line = {"\u000A"}🔁 { $rule }
meeting-place = {"\u000A"}📍 地點：{ $place }

meeting-proposed = 📅 請確認會議 #{ $id }：
    <b>{ $title }</b>
    🕒 { $when }（{ $zone } 時間）{ $rule }{ $place }
    將發佈到 { $groups } 個群，並在會前按時提醒。確認嗎？
meeting-button-confirm = ✅ 確認發佈
meeting-button-discard = ✖️ 取消
meeting-saved = 會議 #{ $id } 已發佈
meeting-discarded = 好的，沒有發佈
meeting-announced = 📢 <b>{ $title }</b>
    🕒 { $when }{ $rule }{ $place }
    組織人：{ $organiser }
    會參加的請點下方“參加”。
meeting-button-come = 🙋 參加{ $count ->
    [0] {""}
   *[other] （{ $count }人）
  }
meeting-rsvp-done = 已報名參加，目前 { $count } 人
meeting-rsvp-undone = 已取消報名，目前 { $count } 人
meeting-reminder = { $starting ->
    [yes] 🔔 <b>{ $title }</b> 現在開始！
   *[other] ⏰ 提醒：<b>{ $title }</b> 還有 { $left } 開始
  }
    🕒 { $when }{ $place }
    已有 { $coming } 人報名參加。
meeting-cancelled = ❌ 會議取消：<b>{ $title }</b>（原定 { $when }）
meeting-line = #{ $id } { $when } <b>{ $title }</b>{ $rule } · 🙋 { $coming }
meetings-list = { $count ->
    [0] 近期沒有安排會議。用 /meeting 時間 主題 来安排。
   *[other] 近期會議（{ $count }）：
    { $lines }
  }
meeting-button-cancel = 取消 #{ $id }
meeting-cancel-done = 會議 #{ $id } 已取消，提醒已撤銷
meeting-cancel-usage = 用法：/cancel_meeting 編號，例如 /cancel_meeting 3
meetings-in-group = 請在樓棟群裡用 /meetings 查看該群的會議。

meeting-usage = 用法：/meeting 時間 主題 [@ 地點]
    例如：/meeting 明天晚上7點 壩壩會 @ 3棟樓下
    /meeting 每月15日上午9點 居民說事日
meeting-private-usage = 管理員可在這裡為整個網格或社區安排會議：
    /meeting grid A 週六下午3點 網格議事會 @ 社區活動室
    /meeting community 每月15日上午9點 居民說事日
meeting-unclear = { $doubt ->
    [ambiguous-hour] 是上午還是晚上？請寫明，例如“晚上7點”或“19:00”。
    [no-time] 請寫上几點，例如“明天晚上7點”或“每週六下午3點”。
    [past] 這個時間已經過去了，請換一個以後的時間。
    [bad-date] 沒有這一天，請檢查日期。
   *[unknown] 沒看懂時間。可以寫：2026-12-05 19:30、明天晚上7點、週六下午3點、12月5日 19:30、每月15日上午9點。
  }
meeting-missing-title = 請在時間後面寫上會議主題，例如：/meeting 明天晚上7點 壩壩會
meeting-not-found = 沒有找到會議 #{ $id }。
meeting-gone = 這個會議已經確認、取消或結束了。

command-meeting = 安排會議：/meeting 時間 主題 [@ 地點]
command-meetings = 本群近期會議
command-cancel_meeting = 取消會議：/cancel_meeting 編號
