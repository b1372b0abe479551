## Request deadlines and digests (issue 4)

deadline-ack-reminder = ⏳ 诉求 <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 紧急
   *[no] {""}
  } 还没有受理，请在 { $due } 前受理，否则将自动上报。
    类别：{ $category }
    地点：{ $place }
deadline-ack-reminder-in-group = { $owner } 提醒：
    { $card }
deadline-overdue = 🚨 诉求 <b>#{ $number }</b> 已超过办结时限（{ $due }）仍未解决。
    类别：{ $category }
    地点：{ $place }
request-due = {" "}· { $kind ->
    [ack] 受理时限
   *[resolve] 办结时限
  } { $due }{ $overdue ->
    [yes] {" "}⚠️已超时
   *[no] {""}
  }
digest-line = #{ $number } { $category } · { $state } · 时限 { $due }{ $overdue ->
    [yes] ⚠️已超时
   *[no] {""}
  } · { $excerpt }
digest-daily = ☀️ 早上好！您有 { $count } 件待办诉求：
    { $lines }
    发送 /tasks 查看并处理。
digest-weekly = 📊 { $community } 本周简报
    未办结：{ $open } 件（其中超时 { $overdue } 件）
    本周关闭：{ $closed } 件
    满意度：{ $satisfaction ->
        [-1] 本周暂无评价
       *[other] { $satisfaction }%（{ $rated } 条评价）
    }
