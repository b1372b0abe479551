## Starting the bot, binding groups, contacts

start = 您好，{ $name }！我是「微格」，帮助楼栋群里的诉求登记、派单和跟踪。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}您有 { $tasks } 条待办任务，发送 /tasks 查看。
  }
help = 「微格」使用说明：
    • 在楼栋群里直接说出问题，我会自动登记为诉求；也可以用 /report 内容 提交。
    • /my 查看我的诉求，/status 编号 查看进度。
    • /contacts 查看本楼的三长三员一民警。
    • 网格员：/tasks 待办任务，/ack 受理，/done 办结，/escalate 上报。
    • /whoami 我的岗位，/mydata 我的数据，/forgetme 删除我的个人信息（请私聊）。
bind-usage = 用法：/bind 楼栋号，或 /bind 网格编号 楼栋号（楼栋号重复时）。
bind-done = 本群已绑定到 { $number } 栋。群里的诉求会交给本楼的微网格员处理。
bind-in-group = 请在楼栋群里发送 /bind 楼栋号。
contacts = { $count ->
    [0] { $number } 栋还没有登记联系人。
   *[other] { $number } 栋联系人：
    { $lines }
  }
contact-line = { $role }：{ $person }
