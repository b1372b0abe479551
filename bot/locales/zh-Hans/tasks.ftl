## What grid members read: tasks and their buttons

button-ack = 受理
button-done = 办结
button-esc = 上报
task-card = { $reason ->
    [escalated] ⬆️ 上报给您的诉求
    [reopened] 🔁 居民反馈未解决的诉求
    [handed_over] 🤝 转交给您的待办诉求
   *[new] 🆕 新诉求
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 紧急，请立即处理
   *[no] {""}
  }
    类别：{ $category }
    位置：{ $place }
    居民：{ $reporter }
    内容：{ $text }
    请受理，并选择办理方式：马上办 / 协调办 / 跟踪办。
task-in-group = { $owner } 您有一条新任务。请私聊本机器人发送 /start，以后任务会私信给您。
    { $card }
copied-card = { $why ->
    [health] 🩺 需要健康员关注的诉求
    [legal] ⚖️ 需要法律顾问关注的诉求
    [urgent] 🚨 紧急诉求，请网格长关注
    [police] 🚓 紧急情况，请社区民警关注
    [safety] ⚠️ 安全隐患，请网格长关注
    [escalated] ⬆️ 上报到社区的诉求
   *[other] 📋 请关注的诉求
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 紧急
   *[no] {""}
  }
    类别：{ $category }
    位置：{ $place }
    内容：{ $text }
copied-in-group = { $person } 请关注：
    { $card }
usage-ack = 用法：/ack 编号，例如 /ack 12
usage-done = 用法：/done 编号 说明，例如 /done 12 已更换灯泡
usage-escalate = 用法：/escalate 编号 原因，例如 /escalate 12 需要物业协调
done-acknowledge = 已受理 #{ $number }
done-set_mode = 已受理 #{ $number }，办理方式已记录
done-resolve = 已办结 #{ $number }，已请居民评价
done-escalate = 已上报 #{ $number }
usage-notrequest = 用法：/notrequest 编号，例如 /notrequest 12（这条不是诉求）
usage-category = 用法：/category 编号 类别，例如 /category 12 safety
    类别：safety care dispute facilities sanitation parking property consultation other
usage-urgent = 用法：/urgent 编号，例如 /urgent 12
usage-noturgent = 用法：/noturgent 编号，例如 /noturgent 12
done-notrequest = #{ $number } 不是诉求，已撤回；机器人会据此学习
done-category = #{ $number } 已改为“{ $category }”；机器人会据此学习
done-urgent = #{ $number } 已标为紧急；机器人会据此学习
done-noturgent = #{ $number } 已取消紧急；机器人会据此学习
my-tasks = { $count ->
    [0] 您目前没有待办任务。
   *[other] 您的待办任务（{ $count } 条）：
    { $lines }
  }
task-passed-on = 已转交 { $building } 栋的微网格员，在该楼栋群里跟进。
