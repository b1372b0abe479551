## 居民说事日: the agenda from the building's lists, and its poll

agenda-day = { $month }月{ $day }日
agenda = 🗣 <b>{ $day } 居民說事日 · { $building }棟議題</b>
    以下議題來自本樓的訴求清單，已上報的在前：
    { $topics }
    { $poll ->
        [yes] 請在下方投票，選出您最想在說事日上討論的兩項。
       *[no] 說事日當天也歡迎提出新的問題。
    }
agenda-topic = { $index }. #{ $number } { $tag ->
        [escalated] 【已上報】
        [closed] 【近期辦結】
       *[open] {""}
    }{ $category } · { $place } · { $excerpt }（{ $state }）
agenda-empty = 🗣 <b>{ $day } 居民說事日 · { $building }棟</b>
    本樓目前沒有待議的訴求。說事日當天歡迎直接提出新的問題。
agenda-poll = 居民說事日（{ $day }）議題投票：請選兩項（最多兩項）
