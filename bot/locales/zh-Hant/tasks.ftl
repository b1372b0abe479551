## What grid members read: tasks and their buttons

button-ack = 受理
button-done = 辦結
button-esc = 上報
task-card = { $reason ->
    [escalated] ⬆️ 上報給您的訴求
    [reopened] 🔁 居民反映未解決的訴求
    [handed_over] 🤝 轉交給您的待辦訴求
   *[new] 🆕 新訴求
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 緊急，請立即處理
   *[no] {""}
  }
    類別：{ $category }
    位置：{ $place }
    居民：{ $reporter }
    內容：{ $text }
    請受理，並選擇辦理方式：馬上辦 / 協調辦 / 追蹤辦。
task-in-group = { $owner } 您有一項新任務。請私訊本機器人並發送 /start，之後任務會直接私訊給您。
    { $card }
copied-card = { $why ->
    [health] 🩺 需要健康員關注的訴求
    [legal] ⚖️ 需要法律顧問關注的訴求
    [urgent] 🚨 緊急訴求，請網格長關注
    [police] 🚓 緊急情況，請社區警員關注
    [safety] ⚠️ 安全隱患，請網格長關注
    [escalated] ⬆️ 上報到社區的訴求
   *[other] 📋 請關注的訴求
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 緊急
   *[no] {""}
  }
    類別：{ $category }
    位置：{ $place }
    內容：{ $text }
copied-in-group = { $person } 請關注：
    { $card }
usage-ack = 用法：/ack 編號，例如 /ack 12
usage-done = 用法：/done 編號 說明，例如 /done 12 已更換燈泡
usage-escalate = 用法：/escalate 編號 原因，例如 /escalate 12 需要物業協調
done-acknowledge = 已受理 #{ $number }
done-set_mode = 已受理 #{ $number }，辦理方式已記錄
done-resolve = 已辦結 #{ $number }，已請居民評價
done-escalate = 已上報 #{ $number }
my-tasks = { $count ->
    [0] 您目前沒有待辦任務。
   *[other] 您的待辦任務（{ $count } 項）：
    { $lines }
  }
task-passed-on = 已轉交 { $building } 棟的微網格員，在該樓棟群裡跟進。
