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
request-line = #{ $number } { $category } · { $state } · { $created } · { $excerpt }
timeline-entry = { $at } { $actor } { action-name }{ $note }
