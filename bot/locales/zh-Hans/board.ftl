## The building's board: one pinned message per group, kept up to date

board = 📌 <b>{ $building }栋 诉求公告板</b>
    { $count ->
        [0] 目前没有待办的诉求。
       *[other] 待办诉求 { $count } 件：
    }
    { $requests }

    🗓 下次会议：{ $meeting }
    📊 本月（{ $month }）：收到 { $received } 件，办结 { $closed } 件，办结率 { $closure }；评价 { $rated } 件，满意率 { $satisfaction }
board-line = #{ $number } { $urgent ->
        [yes] 🔴紧急 ·{" "}
       *[no] {""}
    }{ $category } · { $place } · { $state }{ $escalated ->
        [yes] （已上报）
       *[no] {""}
    } · { $owner }
board-more = ……另有 { $count } 件
board-no-owner = 待分派
board-meeting = { $when } <b>{ $title }</b>{ $place }
board-meeting-place = {" "}@ { $place }
board-no-meeting = 暂无安排
board-usage = 用法：/board on 开启本群的诉求公告板，/board off 关闭（仅社区管理员）。
board-on = 公告板已开启，稍后会置顶在本群。
board-on-off-in-settings = 已记下本群开启公告板，但机器人的设置里公告板整体是关闭的（[board] enabled）。
board-off = 公告板已关闭并取消置顶。
board-admins-only = 只有本社区的管理员可以开关公告板。
board-in-group = 请在楼栋群里发送 /board on 或 /board off。
board-pin-refused = 我没有置顶消息的权限，公告板无法置顶。请群管理员把我设为管理员（允许“置顶消息”），公告板会自动置顶。
board-pin-refused-admin = { $building }栋的群没有给机器人置顶权限，公告板已发出但未置顶。请让群主把机器人设为管理员（允许“置顶消息”）。
