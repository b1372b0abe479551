## Minutes: a meeting's "- " lines become requests its organiser owns

minutes-filed = 📝 已從「{ $title }」的會議紀要登記 { $count } 件訴求，由 { $owner } 負責辦理：
    { $lines }
minutes-line = #{ $number } { $text }
minutes-already = 這些事項已經登記過，不再重複：{ $numbers }
minutes-not-organiser = 只有這次會議的組織者或社區管理員可以回覆紀要來登記訴求。
minutes-how = 要把紀要變成訴求，請回覆會議通知或提醒，每個事項單獨一行、以「- 」開頭，例如：
    - 3棟樓道燈月底前更換
    - 聯繫物業清理單車棚
