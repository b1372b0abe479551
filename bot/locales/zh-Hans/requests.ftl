## What residents read in their building's group

request-filed = 📋 已登记诉求 <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ 紧急
   *[no] {""}
  }
    类别：{ $category }
    负责人：{ $handler }
    如果这不是需要处理的诉求，请点下方按钮撤回。
button-not-a-request = 不是诉求，撤回
candidate-question = { $reporter } 这条消息需要网格员处理吗？
button-file-it = 是，登记为诉求
button-not-needed = 不用
candidate-filed = 已登记为诉求
candidate-dropped = 好的，不登记

state-line = #{ $number } { $action ->
    [acknowledge] 已由 { $actor } 受理
    [set_mode] 已由 { $actor } 受理（{ $mode }）
    [escalate] 已上报上级处理
    [withdraw] 已撤回
    [reopen] 居民反馈未解决，重新办理
    [auto_close] 已自动关闭
   *[other] 状态更新
  }{ $note }
note-line = {"\u000A"}说明：{ $note }
request-resolved = ✅ 诉求 <b>#{ $number }</b> 已由 { $resolver } 办结。{ $note }
    { $reporter } 请评价处理结果：
button-not-solved = 没有解决，重新办理
withdrawn = 诉求 #{ $number } 已撤回
rated = 谢谢您的评价！诉求 #{ $number } 已关闭
reopened = 诉求 #{ $number } 已重新交给负责人

report-usage = 用法：/report 诉求内容，例如 /report 3栋2单元楼道灯坏了
report-in-group = 请在您所在楼栋的群里使用 /report 提交诉求。
my-requests = { $count ->
    [0] 您还没有提交过诉求。
   *[other] 您的诉求（{ $count } 条）：
    { $lines }
  }
status-usage = 用法：/status 编号，例如 /status 12
status-card = { $line }
    负责人：{ $assignee } { $mode }
    内容：{ $text }
    办理记录：
    { $timeline }
request-line = #{ $number } { $category } · { $state }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } 户
  } · { $created } · { $excerpt }
timeline-entry = { $at } { $actor } { action-name }{ $note }
urgent-advice = { $kind ->
    [gas] 🚨 闻到燃气味：不要开关任何电器和灯，不要用明火，打开门窗，马上离开；到室外再拨打燃气公司电话{ $gas ->
        [none] {""}
       *[other] {" "}{ $gas }
    }。
    [fire] 🔥 着火或冒烟：马上拨打 { $fire }。用湿毛巾捂住口鼻，走楼梯离开，不要乘电梯。
    [alarm] 🔥 烟感报警而家里没人应：马上拨打 { $fire }，屋里可能有人，请告诉消防员。
    [person] 🚑 有人身体不适：马上拨打 { $ambulance }，不要随意搬动，留人在旁照看。
    [unseen] 🚑 独居老人多日没见、敲门不应：请联系家属，并拨打 { $police } 请民警协助开门，必要时拨打 { $ambulance }。
    [device] 🚑 停电影响医疗设备：马上拨打 { $ambulance }，并联系物业{ $property ->
        [none] {""}
       *[other] （{ $property }）
    }尽快恢复供电。
    [trapped] 🛗 有人被困电梯：按电梯里的紧急按钮或拨打电梯紧急电话{ $lift ->
        [none] {""}
       *[other] {" "}{ $lift }
    }，并联系物业；被困的人不要扒门，等待救援。
    [missing] 🚓 有人走失：马上拨打 { $police } 报警，并在群里发照片、最后见到的地点和衣着。
    [wire] ⚡ 电线外露：不要靠近，看好孩子，联系物业断电处理；冒火花请拨打 { $fire }。
    [collapse] ⚠️ 有东西可能掉下来：请绕行，拉开距离，联系物业处理。
    [flood] 💧 漏水或爆管：关掉总水阀，把电器移开，联系物业处理。
   *[other] 🚨 紧急情况：请注意安全，必要时拨打 { $police }。
  }
