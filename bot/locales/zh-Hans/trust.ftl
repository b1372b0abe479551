## Posts, invites, replacing a member, /whoami

role-admin = 社区管理员
post-place-community = { $community }
post-place-grid = { $community } { $grid } 网格
post-place-building = { $community } { $grid } 网格 { $building } 栋
post-line = { $place } 的{ $role }
nobody-yet = 暂无

post-gained = ✅ 您现在是{ $post }。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}前任的 { $tasks } 条待办任务已转给您，见下方。
  }
post-lost = 您已不再担任{ $post }，由 { $successor } 接任。{ $tasks ->
    [0] {""}
   *[other] 您的 { $tasks } 条待办任务已转交给 TA。
  } 您经手的诉求记录都会保留。
invite-accepted = { $person } 已通过邀请链接成为{ $post }。

invite-pick-role = 邀请谁？请选择岗位：
invite-pick-community = 哪个社区？
invite-pick-grid = 哪个网格？
invite-pick-building = 哪一栋？
grid-button = { $code } · { $name }
building-button = { $number } 栋
invite-created = 邀请链接（{ $post }）：
    { $link }
    仅可使用一次，{ $expires } 前有效。请私下发给本人，不要发到群里。
button-invite-revoke = 作废此邀请
invite-revoked-done = 已作废：{ $post }
invites-none = 没有未使用的邀请。
invites-line = 未使用的邀请：{ $post }，{ $expires } 前有效

invite-invalid = 这个邀请链接无效。请向社区管理员索取新的链接。
invite-used = 这个邀请链接已经被使用过了。每个链接只能使用一次。
invite-expired = 这个邀请链接已过期。请向社区管理员索取新的链接。
invite-revoked = 这个邀请链接已被作废。
post-place-not-found = 找不到这个岗位或地点，可能已被修改。
post-already-held = 此人已担任这个岗位。
assign-not-candidate = 不能选择此人，名单可能已变化。请重新发送 /assign。

assign-usage = 用法：/assign 楼栋号，或 /assign 网格编号 楼栋号。
assign-pick = 更换{ $post }（现任：{ $current }）。请选择接任的人，或邀请新人：
button-assign-invite = ✉️ 邀请新人
assign-done = { $person } 现在是{ $post }。{ $tasks ->
    [0] {""}
   *[other] { $tasks } 条待办任务已转交。
  }

whoami = { $name }，{ $count ->
    [0] 您目前没有担任任何岗位。
   *[other] 您担任：
    { $lines }
  }
whoami-line = • { $post }

command-invite = 邀请他人担任岗位（管理员）
command-invites = 未使用的邀请（管理员）
command-assign = 更换楼栋的微网格员（管理员）
command-whoami = 我的岗位

## Limits

filing-limited = { $reporter }，您一小时内已提交 { $limit } 条诉求，请稍后再提交。紧急情况请直接联系网格员，或拨打 110 / 119 / 120。
filing-limited-short = 提交太多了，请一小时后再试
throttled = 操作太频繁了，请一分钟后再试。
error-invalid-rating = 这个评价无效，请重新选择。

## Privacy

mydata = 「微格」保存的关于您的信息：
    姓名：{ $name }
    Telegram ID：{ $telegram_id }
    用户名：{ $username }
    语言：{ $language }
    岗位：{ $posts }
    提交的诉求：{ $filed } 条{ $filed ->
    [0] {""}
   *[other] ，最近的：
    { $lines }
  }
    诉求里的门牌号和电话只给处理的工作人员看。已办结的诉求内容会在一段时间后自动匿名。发送 /forgetme 可删除您的个人信息。
mydata-none = 无
forget-confirm = 确定删除您的个人信息吗？您的姓名、用户名和 Telegram ID 会被删除，您提交的诉求会保留但内容、门牌号会被匿名，统计数字不变。此操作无法撤销。
button-forget-confirm = 确定删除
button-forget-keep = 取消
forget-done = 已删除您的个人信息，{ $requests } 条诉求已匿名。再次发言时，您会作为新用户出现。
forget-kept = 已取消，什么都没有删除。
forget-holds-posts = 您目前担任岗位。请先请社区管理员用 /assign 安排接任的人，然后再删除个人信息。
privacy-in-private = 为保护隐私，请私聊我发送这个命令。
command-mydata = 我的数据
command-forgetme = 删除我的个人信息
