## Starting the bot, binding groups, contacts

start = 您好，{ $name }！我是「微格」，協助樓棟群組裡的訴求登記、派單和追蹤。{ $tasks ->
    [0] {""}
   *[other] {"\u000A"}您有 { $tasks } 項待辦任務，發送 /tasks 查看。
  }
help = 「微格」使用說明：{ $place ->
        [group] 在本群直接說出問題，我會登記為訴求。
       *[private] 在樓棟群裡直接說出問題，我會登記為訴求。
    }
    您可以用的指令：
    { $commands }
bind-usage = 用法：/bind 樓棟號，或 /bind 網格編號 樓棟號（樓棟號重複時）。
bind-done = 本群已綁定到 { $number } 棟。群組裡的訴求會交給本樓的微網格員處理。
bind-in-group = 請在樓棟群組裡發送 /bind 樓棟號。
contacts = { $count ->
    [0] { $number } 棟尚未登記聯絡人。
   *[other] { $number } 棟聯絡人：
    { $lines }
  }
contact-line = { $role }：{ $person }
person-unreachable = ⚠️ 無法私訊 { $person }（Telegram ID { $id }）：{ $refusal ->
        [blocked] 對方封鎖了機器人
        [not_started] 對方從未開啟過機器人
        [deactivated] 對方的帳號已註銷
       *[not_found] Telegram 找不到這個 ID，請核對名錄
    }。
    之後給 ta 的任務會發到所在樓棟群並提及 ta。請聯繫本人私聊機器人傳送 /start。
