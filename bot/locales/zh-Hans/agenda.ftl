## 居民说事日: the agenda from the building's lists, and its poll

agenda-day = { $month }月{ $day }日
agenda = 🗣 <b>{ $day } 居民说事日 · { $building }栋议题</b>
    以下议题来自本楼的诉求清单，已上报的在前：
    { $topics }
    { $poll ->
        [yes] 请在下方投票，选出您最想在说事日上讨论的两项。
       *[no] 说事日当天也欢迎提出新的问题。
    }
agenda-topic = { $index }. #{ $number } { $tag ->
        [escalated] 【已上报】
        [closed] 【近期办结】
       *[open] {""}
    }{ $category } · { $place } · { $excerpt }（{ $state }）
agenda-empty = 🗣 <b>{ $day } 居民说事日 · { $building }栋</b>
    本楼目前没有待议的诉求。说事日当天欢迎直接提出新的问题。
agenda-poll = 居民说事日（{ $day }）议题投票：请选两项（最多两项）
