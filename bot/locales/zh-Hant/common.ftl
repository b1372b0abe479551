## Words used across the bot

category-facilities = 設施維修
category-sanitation = 環境衛生
category-safety = 安全隱患
category-parking = 停車交通
category-dispute = 鄰里糾紛
category-care = 民生幫扶
category-property = 物業服務
category-consultation = 政策諮詢
category-other = 其他

state-new = 待受理
state-acknowledged = 已受理
state-resolved = 已辦結
state-closed = 已關閉
state-withdrawn = 已撤回
state-reopened = 重新辦理

mode-immediate = 馬上辦
mode-coordinate = 協調辦
mode-track = 追蹤辦

role-leader = 網格長
role-grid_worker = 專職網格員
role-health_worker = 健康員
role-legal_adviser = 法律顧問
role-police = 社區民警
role-member = 微網格員
role-head = 樓棟長
role-floor_head = 樓層長

rating-3 = 😊 滿意
rating-2 = 🙂 基本滿意
rating-1 = 😞 不滿意

nobody = 暫無負責人（已通知社區）
system = 系統

place-building = { $number }棟
place-unit = { $number }單元
place-room = { $number }室
place-unknown = 未註明位置

action-name = { $action ->
    [filed] 登記
    [acknowledge] 受理
    [set_mode] 確定辦理方式
    [resolve] 辦結
    [escalate] 上報
    [withdraw] 撤回
    [reopen] 重新辦理
    [rate] 評價
    [auto_close] 自動關閉
    [edited] 修改內容
    [handed_over] 轉交新任負責人
    [co_reported] 也反映此問題
    [co_report_taken_back] 撤回了「我也是」
    [co_rated] 評價（同樣受影響的鄰居）
    [dissatisfied] 評價不滿意
    [reason] 說明不滿意的原因
   *[other] { $action }
}

## Refusals

error-generic = 抱歉，這次沒有辦成，請稍後再試。
error-request-not-found = 找不到訴求 #{ $number }。
error-not-allowed = 只有負責此事的網格員、其上級和社區管理員可以操作。
error-not-reporter = 只有提出這則訴求的居民本人可以操作。
error-invalid-transition = 這則訴求目前是「{ $state ->
    [new] 待受理
    [acknowledged] 已受理
    [resolved] 已辦結
    [closed] 已關閉
    [withdrawn] 已撤回
   *[reopened] 重新辦理
  }」，不能再{ $action ->
    [acknowledge] 受理
    [set_mode] 更改辦理方式
    [resolve] 辦結
    [escalate] 上報
    [withdraw] 撤回
    [reopen] 重新辦理
    [rate] 評價
   *[other] 這樣操作
  }。
error-already-top = 訴求 #{ $number } 已在社區層級，無法再上報。
error-chat-not-bound = 本群尚未綁定樓棟。請社區管理員在群組裡發送 /bind 樓棟號。
error-anonymous-sender = 匿名管理員或頻道身分無法提交或處理訴求，請以個人身分發送。
error-building-not-found = 您管理的社區裡沒有 { $number } 棟。
error-building-ambiguous = 有多個 { $number } 棟，請寫明網格編號，例如 /bind A { $number }。
error-unknown-category = 沒有「{ $category }」這個類別。可選：{ $categories }

## Command menu

command-start = 開始使用，接收任務提醒
command-help = 使用說明
command-report = 提交訴求：/report 內容
command-my = 我的訴求
command-status = 查看訴求進度：/status 編號
command-contacts = 本樓聯絡人（三長三員一民警）
command-ack = 受理訴求：/ack 編號
command-done = 辦結訴求：/done 編號 說明
command-escalate = 上報訴求：/escalate 編號 原因
command-tasks = 我的待辦任務
command-notrequest = 不是訴求：/notrequest 編號
command-category = 修改類別：/category 編號 類別
command-urgent = 標為緊急：/urgent 編號
command-noturgent = 取消緊急：/noturgent 編號
command-bind = 將本群綁定到樓棟（管理員）
command-board = 開關本群置頂的訴求公告板：/board on 或 off（管理員）
