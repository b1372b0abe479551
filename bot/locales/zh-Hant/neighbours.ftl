## Neighbours who say "me too", the dissatisfied resident's reason, look-alike messages

households-line = 👥 { $count } 戶反映此問題
dissatisfaction-line = 😞 居民不滿意的原因：{ $reason }
rating-neighbours = 同樣反映此問題的鄰居 { $neighbours }{ $more ->
    [0] {""}
   *[other] {" "}等（另有 { $more } 戶）
  }，也請評價。
co-reported = 已記下 { $person } 也受影響：訴求 #{ $number } 現有 { $count } 戶反映。
co-reported-owner = 👥 訴求 #{ $number }（{ $category }）現有 { $count } 戶反映此問題。
rated-dissatisfied = 抱歉沒有解決好。訴求 #{ $number } 已重新辦理並上報上級。
co-rated = 謝謝您的評價！（訴求 #{ $number }）
reason-asked = 🔁 訴求 #{ $number } 居民不滿意，已重新辦理，{ $level ->
    [leader] 上報網格長
    [admin] 交社區處理
   *[other] 交上級處理
  }（{ $owner }）。
    { $resident } 請直接回覆這條訊息，說說哪裡還沒有解決（{ $hours } 小時內，回覆一次即可）。
reason-thanks = 謝謝，您的意見已記在訴求 #{ $number } 上，並轉告 { $owner }。
reason-for-owner = 😞 訴求 #{ $number } 居民 { $resident } 不滿意的原因：
    { $reason }
reason-in-group = { $owner } 請查看（私聊本機器人發送 /start，以後會私訊給您）：
    { $card }
duplicate-question = { $reporter } 這和訴求 #{ $number }（{ $excerpt }，{ $count } 戶反映）是同一個問題嗎？
button-join = 是，加入 #{ $number }
button-different = 不是，另行登記
duplicate-joined = 已加入原訴求，辦結時會在群裡通知您。
duplicate-filed = 好的，已另行登記
error-not-writer = 只有發這條訊息的居民本人可以選擇。
