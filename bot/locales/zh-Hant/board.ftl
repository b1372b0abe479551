## The building's board: one pinned message per group, kept up to date

board = 📌 <b>{ $building }棟 訴求公告板</b>
    { $count ->
        [0] 目前沒有待辦的訴求。
       *[other] 待辦訴求 { $count } 件：
    }
    { $requests }

    🗓 下次會議：{ $meeting }
    📊 本月（{ $month }）：收到 { $received } 件，辦結 { $closed } 件，辦結率 { $closure }；評價 { $rated } 件，滿意率 { $satisfaction }
board-line = #{ $number } { $urgent ->
        [yes] 🔴緊急 ·{" "}
       *[no] {""}
    }{ $category } · { $place } · { $state }{ $escalated ->
        [yes] （已上報）
       *[no] {""}
    } · { $owner }
board-more = ……另有 { $count } 件
board-no-owner = 待分派
board-meeting = { $when } <b>{ $title }</b>{ $place }
board-meeting-place = {" "}@ { $place }
board-no-meeting = 暫無安排
board-usage = 用法：/board on 開啟本群的訴求公告板，/board off 關閉（僅社區管理員）。
board-on = 公告板已開啟，稍後會置頂在本群。
board-on-off-in-settings = 已記下本群開啟公告板，但機器人的設定裡公告板整體是關閉的（[board] enabled）。
board-off = 公告板已關閉並取消置頂。
board-admins-only = 只有本社區的管理員可以開關公告板。
board-in-group = 請在樓棟群裡發送 /board on 或 /board off。
board-pin-refused = 我沒有置頂訊息的權限，公告板無法置頂。請群管理員把我設為管理員（允許「置頂訊息」），公告板會自動置頂。
board-pin-refused-admin = { $building }棟的群沒有給機器人置頂權限，公告板已發出但未置頂。請讓群主把機器人設為管理員（允許「置頂訊息」）。
