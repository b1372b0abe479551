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
