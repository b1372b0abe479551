## Request deadlines and digests (issue 4)

deadline-ack-reminder = ⏳ 訴求 <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 緊急
   *[no] {""}
  } 還沒有受理，請在 { $due } 前受理，否則將自動上報。
    類別：{ $category }
    地點：{ $place }
deadline-ack-reminder-in-group = { $owner } 提醒：
    { $card }
deadline-overdue = 🚨 訴求 <b>#{ $number }</b> 已超過辦結時限（{ $due }）仍未解決。
    類別：{ $category }
    地點：{ $place }
request-due = {" "}· { $kind ->
    [ack] 受理時限
   *[resolve] 辦結時限
  } { $due }{ $overdue ->
    [yes] {" "}⚠️已超時
   *[no] {""}
  }
digest-line = #{ $number } { $category } · { $state } · 時限 { $due }{ $overdue ->
    [yes] ⚠️已超時
   *[no] {""}
  } · { $excerpt }
digest-daily = ☀️ 早上好！您有 { $count } 件待辦訴求：
    { $lines }
    發送 /tasks 查看並處理。
digest-weekly = 📊 { $community } 本週簡報
    未辦結：{ $open } 件（其中超時 { $overdue } 件）
    本週關閉：{ $closed } 件
    滿意度：{ $satisfaction ->
        [-1] 本週暫無評價
       *[other] { $satisfaction }%（{ $rated } 條評價）
    }
