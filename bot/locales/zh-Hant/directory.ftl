## Starting the bot, binding groups, contacts

start = 您好，{ $name }！我是「微格」，協助樓棟群組裡的訴求登記、派單和追蹤。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}您有 { $tasks } 項待辦任務，發送 /tasks 查看。
  }
help = 「微格」使用說明：
    • 在樓棟群組裡直接說出問題，我會自動登記為訴求；也可以用 /report 內容 提交。
    • /my 查看我的訴求，/status 編號 查看進度。
    • /contacts 查看本樓的三長三員一民警。
    • 網格員：/tasks 待辦任務，/ack 受理，/done 辦結，/escalate 上報。
    • /whoami 我的崗位，/mydata 我的資料，/forgetme 刪除我的個人資訊（請私聊）。
bind-usage = 用法：/bind 樓棟號，或 /bind 網格編號 樓棟號（樓棟號重複時）。
bind-done = 本群已綁定到 { $number } 棟。群組裡的訴求會交給本樓的微網格員處理。
bind-in-group = 請在樓棟群組裡發送 /bind 樓棟號。
contacts = { $count ->
    [0] { $number } 棟尚未登記聯絡人。
   *[other] { $number } 棟聯絡人：
    { $lines }
  }
contact-line = { $role }：{ $person }
