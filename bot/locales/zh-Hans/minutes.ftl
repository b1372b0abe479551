## Minutes: a meeting's "- " lines become requests its organiser owns

minutes-filed = 📝 已从「{ $title }」的会议纪要登记 { $count } 件诉求，由 { $owner } 负责办理：
    { $lines }
minutes-line = #{ $number } { $text }
minutes-already = 这些事项已经登记过，不再重复：{ $numbers }
minutes-not-organiser = 只有这次会议的组织者或社区管理员可以回复纪要来登记诉求。
minutes-how = 要把纪要变成诉求，请回复会议通知或提醒，每个事项单独一行、以“- ”开头，例如：
    - 3栋楼道灯月底前更换
    - 联系物业清理单车棚
