## 管理员：群发通知、三单、统计、积分、导出

command-broadcast = 向楼栋群发通知（管理员）
command-broadcasts = 最近的通知；可撤回正在发送的
command-lists = 需求单、责任单、进度单
command-stats = 统计：/stats [week|month|quarter|year|2026-05]
command-leaderboard = 本月积分榜
command-export = 导出三单表格

admin-not-allowed = 此功能仅限社区管理员、网格长和网格员使用。
broadcast-not-found = 通知 #{ $id } 不存在。
broadcast-closed = 通知 #{ $id } 已不能这样操作。
broadcast-no-targets = 所选范围内没有已绑定的群，无法发送。
stats-bad-period = “{ $period }”不是有效的时段。请用 week、month、quarter、year 或 2026-05 这样的月份。

broadcast-ask-content = 请发送通知内容：文字，或带说明的图片、文件。格式会保留。
broadcast-unsupported = 只能发送文字、图片或文件，请重新发送。
broadcast-ask-scope = 发给谁？
broadcast-button-all = 🏘 全社区
broadcast-button-grids = 🗺 某个网格
broadcast-button-pick = ☑️ 选择楼栋
broadcast-button-drop = ✖ 取消
broadcast-ask-grid = 哪个网格？
broadcast-ask-buildings = 点选楼栋，然后确认。
broadcast-button-picked = 选好了（{ $count } 栋）
broadcast-button-pin = { $pin ->
    [yes] 📌 在各群置顶：开
   *[no] 📌 在各群置顶：关
  }
broadcast-button-go = ✅ 立即发送
broadcast-confirm = 将发送到 { $count } 个群。确认发送？
broadcast-dropped = 已放弃这条通知。
broadcast-stale = 此对话已结束，请重新发送 /broadcast。
broadcast-progress = 📣 通知 #{ $id }（{ $state ->
    [running] 发送中
    [done] 已完成
    [cancelled] 已撤回
   *[other] { $state }
  }）：已发送 { $sent }，失败 { $failed }，未知 { $unknown }，剩余 { $remaining }，共 { $total }{ $cancelled ->
    [0] {""}
   *[other] ，已取消 { $cancelled }
  }
broadcast-outcome = • { $grid }-{ $building }（{ $chat }）：{ $kind ->
    [unknown] 未知，Telegram 没有回应，可能已送达（不会重发）
    [removed] 机器人已被移出该群
    [cancelled] 已取消
   *[failed] 失败
  } { $reason }
broadcast-more = …… 另有 { $count } 条（见 /export）
broadcast-moved = • { $grid }-{ $building }：该群已升级为超级群，{ $old } → { $new }（已记录）
broadcast-report = 📋 通知 #{ $id } 发送报告：共 { $total } 个群，已发送 { $sent }，失败 { $failed }，未知 { $unknown }{ $cancelled ->
    [0] {""}
   *[other] ，已取消 { $cancelled }
  }{ $pin ->
    [yes] ，已置顶 { $pinned }
   *[no] {""}
  }。
    { $lines }
broadcast-list = { $count ->
    [0] 还没有发过通知。
   *[other] 最近的通知：
    { $lines }
  }
broadcast-button-cancel = ⏹ 撤回 #{ $id }
broadcast-cancelled = 通知 #{ $id } 已撤回：{ $count } 份不再发送。

list-tab-demand = 需求单
list-tab-owners = 责任单
list-tab-progress = 进度单
list-filter-grid = 网格 ⟳
list-filter-state = 状态：{ $state ->
    [all] 全部
    [new] 新登记
    [acknowledged] 已受理
    [reopened] 重新办理
    [resolved] 已办结
    [closed] 已关闭
   *[other] { $state }
  }
list-filter-overdue = { $on ->
    [yes] 仅超期 ✓
   *[no] 仅超期
  }
list-request-line = #{ $number } { $place } { $category } · { $state } · { $age } 小时 · { $owner }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } 户
  }
    { $excerpt }
list-owner-line = { $name }：{ $buildings } — 在办 { $open } 件
list-page = <b>{ $kind ->
    [demand] 需求单（未办结诉求）
    [owners] 责任单
   *[progress] 进度单
  }</b> · 共 { $total } · 第 { $page }/{ $pages } 页
    { $lines }
list-empty = （无）

stats-title = 📊 { $period } 统计
stats-figures = <b>{ $name }</b>
    收到 { $received } 件，办结 { $closed } 件，办结率 { $closure }
    解决 { $solved } 件，解决率 { $resolution }（居民满意、基本满意或评价期内无异议）
    满意率 { $satisfaction }（{ $rated } 条评价）
    受理用时：中位数 { $ack_median }，p90 { $ack_p90 }
    办结用时：中位数 { $resolve_median }，p90 { $resolve_p90 }
    当前超期：{ $overdue } 件
chart-caption = 每周各类诉求数量及办结率
chart-weekly-title = 每周诉求数量
chart-requests = 件数
chart-closure = 办结率 %
leaderboard-title = 🏆 { $title }，{ $month }
leaderboard-line = { $rank }. { $name }：{ $points } 分（受理 { $acknowledged }，办结 { $resolved }，好评 { $well_rated }）
export-caption = 需求单、责任单、进度单

sheet-demand = 需求单
sheet-owners = 责任单
sheet-progress = 进度单
sheet-figures = 本月统计
column-households = 受影响户数
column-number = 编号
column-grid = 网格
column-building = 楼栋
column-category = 类别
column-state = 状态
column-urgent = 紧急
column-assignee = 负责人
column-created = 登记时间
column-acknowledged = 受理时间
column-resolved = 办结时间
column-age-days = 时长（天）
column-rating = 评价
column-text = 内容
column-owner = 网格员
column-buildings = 负责楼栋
column-open-tasks = 在办件数
yes = 是
no = 否

report-title = 微格报告，{ $period }
report-scope = 范围
report-all = 全部
report-received = 收到
report-closed = 办结
report-closure = 办结率
report-resolution = 解决率
report-satisfaction = 满意率
report-ack-median = 受理用时中位数
report-ack-p90 = 受理用时 p90
report-resolve-median = 办结用时中位数
report-resolve-p90 = 办结用时 p90
report-overdue = 超期
