## 居民说事日: the agenda from the building's lists, and its poll

agenda-day = { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $day }
agenda = 🗣 <b>Residents' day, { $day }: building { $building }'s agenda</b>
    From the building's list of requests, escalated ones first:
    { $topics }
    { $poll ->
        [yes] Vote below for the two topics you most want to talk about.
       *[no] New problems are welcome on the day too.
    }
agenda-topic = { $index }. #{ $number } { $tag ->
        [escalated] [escalated]{" "}
        [closed] [closed lately]{" "}
       *[open] {""}
    }{ $category } · { $place } · { $excerpt } ({ $state })
agenda-empty = 🗣 <b>Residents' day, { $day }: building { $building }</b>
    Nothing from the building's list to discuss. Bring new problems on the day.
agenda-poll = Residents' day ({ $day }) topics: pick two (at most two)
