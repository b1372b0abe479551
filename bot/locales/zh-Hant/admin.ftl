## 管理員：群發通知、三單、統計、積分、導出

command-broadcast = 向樓棟群發通知（管理員）
command-broadcasts = 最近的通知；可撤回正在發送的
command-lists = 需求單、責任單、進度單
command-stats = 統計：/stats [week|month|quarter|year|2026-05]
command-leaderboard = 本月積分榜
command-export = 導出三單表格

admin-not-allowed = 此功能僅限社區管理員、網格長和網格員使用。
broadcast-not-found = 通知 #{ $id } 不存在。
broadcast-closed = 通知 #{ $id } 已不能這樣操作。
broadcast-no-targets = 所選範圍內沒有已綁定的群，無法發送。
stats-bad-period = “{ $period }”不是有效的時段。請用 week、month、quarter、year 或 2026-05 這樣的月份。

broadcast-ask-content = 請發送通知內容：文字，或帶說明的圖片、文件。格式會保留。
broadcast-unsupported = 只能發送文字、圖片或文件，請重新發送。
broadcast-ask-scope = 發給誰？
broadcast-button-all = 🏘 全社區
broadcast-button-grids = 🗺 某個網格
broadcast-button-pick = ☑️ 選擇樓棟
broadcast-button-drop = ✖ 取消
broadcast-ask-grid = 哪個網格？
broadcast-ask-buildings = 點選樓棟，然後確認。
broadcast-button-picked = 選好瞭（{ $count } 棟）
broadcast-button-pin = { $pin ->
    [yes] 📌 在各群置頂：開
   *[no] 📌 在各群置頂：關
  }
broadcast-button-go = ✅ 立即發送
broadcast-confirm = 將發送到 { $count } 個群。確認發送？
broadcast-dropped = 已放棄這條通知。
broadcast-stale = 此對話已結束，請重新發送 /broadcast。
broadcast-progress = 📣 通知 #{ $id }（{ $state ->
    [running] 發送中
    [done] 已完成
    [cancelled] 已撤回
   *[other] { $state }
  }）：已發送 { $sent }，失敗 { $failed }，未知 { $unknown }，剩餘 { $remaining }，共 { $total }{ $cancelled ->
    [0] {""}
   *[other] ，已取消 { $cancelled }
  }
broadcast-outcome = • { $grid }-{ $building }（{ $chat }）：{ $kind ->
    [unknown] 未知，Telegram 沒有回應，可能已送達（不會重發）
    [removed] 機器人已被移出該群
    [cancelled] 已取消
   *[failed] 失敗
  } { $reason }
broadcast-more = …… 另有 { $count } 條（見 /export）
broadcast-moved = • { $grid }-{ $building }：該群已升级為超级群，{ $old } → { $new }（已記錄）
broadcast-report = 📋 通知 #{ $id } 發送報告：共 { $total } 個群，已發送 { $sent }，失敗 { $failed }，未知 { $unknown }{ $cancelled ->
    [0] {""}
   *[other] ，已取消 { $cancelled }
  }{ $pin ->
    [yes] ，已置頂 { $pinned }
   *[no] {""}
  }。
    { $lines }
broadcast-list = { $count ->
    [0] 還沒有發過通知。
   *[other] 最近的通知：
    { $lines }
  }
broadcast-button-cancel = ⏹ 撤回 #{ $id }
broadcast-cancelled = 通知 #{ $id } 已撤回：{ $count } 份不再發送。

list-tab-demand = 需求單
list-tab-owners = 責任單
list-tab-progress = 進度單
list-filter-grid = 網格 ⟳
list-filter-state = 狀態：{ $state ->
    [all] 全部
    [new] 新登記
    [acknowledged] 已受理
    [reopened] 重新辦理
    [resolved] 已辦結
    [closed] 已關闭
   *[other] { $state }
  }
list-filter-overdue = { $on ->
    [yes] 僅超期 ✓
   *[no] 僅超期
  }
list-request-line = #{ $number } { $place } { $category } · { $state } · { $age } 小時 · { $owner }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } 戶
  }
    { $excerpt }
list-owner-line = { $name }：{ $buildings } — 在辦 { $open } 件
list-page = <b>{ $kind ->
    [demand] 需求單（未辦結訴求）
    [owners] 責任單
   *[progress] 進度單
  }</b> · 共 { $total } · 第 { $page }/{ $pages } 頁
    { $lines }
list-empty = （無）

stats-title = 📊 { $period } 統計
stats-figures = <b>{ $name }</b>
    收到 { $received } 件，辦結 { $closed } 件，辦結率 { $closure }
    解決 { $solved } 件，解決率 { $resolution }（居民滿意、基本滿意或評價期內無異議）
    滿意率 { $satisfaction }（{ $rated } 條評價）
    受理用時：中位數 { $ack_median }，p90 { $ack_p90 }
    辦結用時：中位數 { $resolve_median }，p90 { $resolve_p90 }
    當前超期：{ $overdue } 件
chart-caption = 每週各類訴求數量及辦結率
chart-weekly-title = 每週訴求數量
chart-requests = 件數
chart-closure = 辦結率 %
leaderboard-title = 🏆 { $title }，{ $month }
leaderboard-line = { $rank }. { $name }：{ $points } 分（受理 { $acknowledged }，辦結 { $resolved }，好評 { $well_rated }）
export-caption = 需求單、責任單、進度單

sheet-demand = 需求單
sheet-owners = 責任單
sheet-progress = 進度單
sheet-figures = 本月統計
column-households = 受影響戶數
column-number = 编號
column-grid = 網格
column-building = 樓棟
column-category = 類別
column-state = 狀態
column-urgent = 緊急
column-assignee = 負責人
column-created = 登記時間
column-acknowledged = 受理時間
column-resolved = 辦結時間
column-age-days = 時長（天）
column-rating = 評價
column-text = 內容
column-owner = 網格員
column-buildings = 負責樓棟
column-open-tasks = 在辦件數
yes = 是
no = 否

report-title = 微格報告，{ $period }
report-scope = 範圍
report-all = 全部
report-received = 收到
report-closed = 辦結
report-closure = 辦結率
report-resolution = 解決率
report-satisfaction = 滿意率
report-ack-median = 受理用時中位數
report-ack-p90 = 受理用時 p90
report-resolve-median = 辦結用時中位數
report-resolve-p90 = 辦結用時 p90
report-overdue = 超期
