## Words used across the bot

category-facilities = 设施维修
category-sanitation = 环境卫生
category-safety = 安全隐患
category-parking = 停车交通
category-dispute = 邻里纠纷
category-care = 民生帮扶
category-property = 物业服务
category-consultation = 政策咨询
category-other = 其他

state-new = 待受理
state-acknowledged = 已受理
state-resolved = 已办结
state-closed = 已关闭
state-withdrawn = 已撤回
state-reopened = 重新办理

mode-immediate = 马上办
mode-coordinate = 协调办
mode-track = 跟踪办

role-leader = 网格长
role-grid_worker = 专职网格员
role-health_worker = 健康员
role-legal_adviser = 法律顾问
role-police = 社区民警
role-member = 微网格员
role-head = 楼栋长
role-floor_head = 楼层长

rating-3 = 😊 满意
rating-2 = 🙂 基本满意
rating-1 = 😞 不满意

nobody = 暂无负责人（已通知社区）
system = 系统

place-building = { $number }栋
place-unit = { $number }单元
place-room = { $number }室
place-unknown = 未注明位置

action-name = { $action ->
    [filed] 登记
    [acknowledge] 受理
    [set_mode] 确定办理方式
    [resolve] 办结
    [escalate] 上报
    [withdraw] 撤回
    [reopen] 重新办理
    [rate] 评价
    [auto_close] 自动关闭
    [edited] 修改内容
    [handed_over] 转交新任负责人
    [co_reported] 也反映此问题
    [co_report_taken_back] 撤回了“我也是”
    [co_rated] 评价（同样受影响的邻居）
    [dissatisfied] 评价不满意
    [reason] 说明不满意的原因
   *[other] { $action }
}

## Refusals

error-generic = 抱歉，这次没有办成，请稍后再试。
error-request-not-found = 没有找到诉求 #{ $number }。
error-not-allowed = 只有负责此事的网格员、其上级和社区管理员可以操作。
error-not-reporter = 只有提出这条诉求的居民本人可以操作。
error-invalid-transition = 这条诉求现在是「{ $state ->
    [new] 待受理
    [acknowledged] 已受理
    [resolved] 已办结
    [closed] 已关闭
    [withdrawn] 已撤回
   *[reopened] 重新办理
  }」，不能再{ $action ->
    [acknowledge] 受理
    [set_mode] 更改办理方式
    [resolve] 办结
    [escalate] 上报
    [withdraw] 撤回
    [reopen] 重新办理
    [rate] 评价
   *[other] 这样操作
  }。
error-already-top = 诉求 #{ $number } 已在社区层级，无法再上报。
error-chat-not-bound = 本群还没有绑定楼栋。请社区管理员在群里发送 /bind 楼栋号。
error-anonymous-sender = 匿名管理员或频道身份无法提交或处理诉求，请用个人身份发送。
error-building-not-found = 您管理的社区里没有 { $number } 栋。
error-building-ambiguous = 有多个 { $number } 栋，请写明网格编号，例如 /bind A { $number }。
error-unknown-category = 没有“{ $category }”这个类别。可选：{ $categories }

## Command menu

command-start = 开始使用，接收任务提醒
command-help = 使用说明
command-report = 提交诉求：/report 内容
command-my = 我的诉求
command-status = 查看诉求进度：/status 编号
command-contacts = 本楼联系人（三长三员一民警）
command-ack = 受理诉求：/ack 编号
command-done = 办结诉求：/done 编号 说明
command-escalate = 上报诉求：/escalate 编号 原因
command-tasks = 我的待办任务
command-notrequest = 不是诉求：/notrequest 编号
command-category = 修改类别：/category 编号 类别
command-urgent = 标为紧急：/urgent 编号
command-noturgent = 取消紧急：/noturgent 编号
command-bind = 绑定本群到楼栋（管理员）
command-board = 开关本群置顶的诉求公告板：/board on 或 off（管理员）
