## Posts, invites, replacing a member, /whoami

role-admin = 社區管理員
post-place-community = { $community }
post-place-grid = { $community } { $grid } 網格
post-place-building = { $community } { $grid } 網格 { $building } 棟
post-line = { $place } 的{ $role }
nobody-yet = 暫無

post-gained = ✅ 您現在是{ $post }。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}前任的 { $tasks } 條待辦任務已轉給您，見下方。
  }
post-lost = 您已不再擔任{ $post }，由 { $successor } 接任。{ $tasks ->
    [0] {""}
   *[other] 您的 { $tasks } 條待辦任務已轉交給 TA。
  } 您經手的訴求記錄都會保留。
invite-accepted = { $person } 已透過邀請連結成為{ $post }。

invite-pick-role = 邀請誰？請選擇崗位：
invite-pick-community = 哪個社區？
invite-pick-grid = 哪個網格？
invite-pick-building = 哪一棟？
grid-button = { $code } · { $name }
building-button = { $number } 棟
invite-created = 邀請連結（{ $post }）：
    { $link }
    僅可使用一次，{ $expires } 前有效。請私下發給本人，不要發到群裡。
button-invite-revoke = 作廢此邀請
invite-revoked-done = 已作廢：{ $post }
invites-none = 沒有未使用的邀請。
invites-line = 未使用的邀請：{ $post }，{ $expires } 前有效

invite-invalid = 這個邀請連結無效。請向社區管理員索取新的連結。
invite-used = 這個邀請連結已經被使用過了。每個連結只能使用一次。
invite-expired = 這個邀請連結已過期。請向社區管理員索取新的連結。
invite-revoked = 這個邀請連結已被作廢。
post-place-not-found = 找不到這個崗位或地點，可能已被修改。
post-already-held = 此人已擔任這個崗位。
assign-not-candidate = 不能選擇此人，名單可能已變化。請重新發送 /assign。

assign-usage = 用法：/assign 樓棟號，或 /assign 網格編號 樓棟號。
assign-pick = 更換{ $post }（現任：{ $current }）。請選擇接任的人，或邀請新人：
button-assign-invite = ✉️ 邀請新人
assign-done = { $person } 現在是{ $post }。{ $tasks ->
    [0] {""}
   *[other] { $tasks } 條待辦任務已轉交。
  }

whoami = { $name }，{ $count ->
    [0] 您目前沒有擔任任何崗位。
   *[other] 您擔任：
    { $lines }
  }
whoami-line = • { $post }

command-invite = 邀請他人擔任崗位（管理員）
command-invites = 未使用的邀請（管理員）
command-assign = 更換樓棟的微網格員（管理員）
command-whoami = 我的崗位

## Limits

filing-limited = { $reporter }，您一小時內已提交 { $limit } 條訴求，請稍後再提交。緊急情況請直接聯繫網格員，或撥打 110 / 119 / 120。
filing-limited-short = 提交太多了，請一小時後再試
throttled = 操作太頻繁了，請一分鐘後再試。
error-invalid-rating = 這個評價無效，請重新選擇。

## Privacy

mydata = 「微格」保存的關於您的資訊：
    姓名：{ $name }
    Telegram ID：{ $telegram_id }
    用戶名：{ $username }
    語言：{ $language }
    崗位：{ $posts }
    提交的訴求：{ $filed } 條{ $filed ->
    [0] {""}
   *[other] ，最近的：
    { $lines }
  }
    訴求裡的門牌號和電話只給處理的工作人員看。已辦結的訴求內容會在一段時間後自動匿名。發送 /forgetme 可刪除您的個人資訊。
mydata-none = 無
forget-confirm = 確定刪除您的個人資訊嗎？您的姓名、用戶名和 Telegram ID 會被刪除，您提交的訴求會保留但內容、門牌號會被匿名，統計數字不變。此操作無法撤銷。
button-forget-confirm = 確定刪除
button-forget-keep = 取消
forget-done = 已刪除您的個人資訊，{ $requests } 條訴求已匿名。再次發言時，您會作為新用戶出現。
forget-kept = 已取消，什麼都沒有刪除。
forget-holds-posts = 您目前擔任崗位。請先請社區管理員用 /assign 安排接任的人，然後再刪除個人資訊。
privacy-in-private = 為保護隱私，請私聊我發送這個命令。
command-mydata = 我的資料
command-forgetme = 刪除我的個人資訊
