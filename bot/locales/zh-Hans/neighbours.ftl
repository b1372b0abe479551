## Neighbours who say "me too", the dissatisfied resident's reason, look-alike messages

households-line = 👥 { $count } 户反映此问题
dissatisfaction-line = 😞 居民不满意的原因：{ $reason }
rating-neighbours = 同样反映此问题的邻居 { $neighbours }{ $more ->
    [0] {""}
   *[other] {" "}等（另有 { $more } 户）
  }，也请评价。
co-reported = 已记下 { $person } 也受影响：诉求 #{ $number } 现有 { $count } 户反映。
co-reported-owner = 👥 诉求 #{ $number }（{ $category }）现有 { $count } 户反映此问题。
rated-dissatisfied = 抱歉没有解决好。诉求 #{ $number } 已重新办理并上报上级。
co-rated = 谢谢您的评价！（诉求 #{ $number }）
reason-asked = 🔁 诉求 #{ $number } 居民不满意，已重新办理，{ $level ->
    [leader] 上报网格长
    [admin] 交社区处理
   *[other] 交上级处理
  }（{ $owner }）。
    { $resident } 请直接回复这条消息，说说哪里还没有解决（{ $hours } 小时内，回复一次即可）。
reason-thanks = 谢谢，您的意见已记在诉求 #{ $number } 上，并转告 { $owner }。
reason-for-owner = 😞 诉求 #{ $number } 居民 { $resident } 不满意的原因：
    { $reason }
reason-in-group = { $owner } 请查看（私聊本机器人发送 /start，以后会私信给您）：
    { $card }
duplicate-question = { $reporter } 这和诉求 #{ $number }（{ $excerpt }，{ $count } 户反映）是同一个问题吗？
button-join = 是，加入 #{ $number }
button-different = 不是，另登记
duplicate-joined = 已加入原诉求，办结时会在群里通知您。
duplicate-filed = 好的，已另行登记
error-not-writer = 只有发这条消息的居民本人可以选择。
