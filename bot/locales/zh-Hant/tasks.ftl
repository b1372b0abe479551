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
usage-notrequest = 用法：/notrequest 編號，例如 /notrequest 12（這條不是訴求）
usage-category = 用法：/category 編號 類別，例如 /category 12 safety
    類別：safety care dispute facilities sanitation parking property consultation other
usage-urgent = 用法：/urgent 編號，例如 /urgent 12
usage-noturgent = 用法：/noturgent 編號，例如 /noturgent 12
done-notrequest = #{ $number } 不是訴求，已撤回；機器人會據此學習
done-category = #{ $number } 已改為「{ $category }」；機器人會據此學習
done-urgent = #{ $number } 已標為緊急；機器人會據此學習
done-noturgent = #{ $number } 已取消緊急；機器人會據此學習
my-tasks = { $count ->
    [0] 您目前沒有待辦任務。
   *[other] 您的待辦任務（{ $count } 項）：
    { $lines }
  }
task-passed-on = 已轉交 { $building } 棟的微網格員，在該樓棟群裡跟進。
