## Starting the bot, binding groups, contacts

start = 您好，{ $name }！我是「微格」，帮助楼栋群里的诉求登记、派单和跟踪。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}您有 { $tasks } 条待办任务，发送 /tasks 查看。
  }
help = 「微格」使用说明：{ $place ->
        [group] 在本群直接说出问题，我会登记为诉求。
       *[private] 在楼栋群里直接说出问题，我会登记为诉求。
    }
    您可以用的命令：
    { $commands }
bind-usage = 用法：/bind 楼栋号，或 /bind 网格编号 楼栋号（楼栋号重复时）。
bind-done = 本群已绑定到 { $number } 栋。群里的诉求会交给本楼的微网格员处理。
bind-in-group = 请在楼栋群里发送 /bind 楼栋号。
contacts = { $count ->
    [0] { $number } 栋还没有登记联系人。
   *[other] { $number } 栋联系人：
    { $lines }
  }
contact-line = { $role }：{ $person }
person-unreachable = ⚠️ 无法私信 { $person }（Telegram ID { $id }）：{ $refusal ->
        [blocked] 对方屏蔽了机器人
        [not_started] 对方从未打开过机器人
        [deactivated] 对方的账号已注销
       *[not_found] Telegram 找不到这个 ID，请核对名录
    }。
    之后给 ta 的任务会发到所在楼栋群并提及 ta。请联系本人私聊机器人发送 /start。
