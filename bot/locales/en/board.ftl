## The building's board: one pinned message per group, kept up to date

board = 📌 <b>Building { $building }: open requests</b>
    { $count ->
        [0] Nothing open right now.
        [one] 1 open request:
       *[other] { $count } open requests:
    }
    { $requests }

    🗓 Next meeting: { $meeting }
    📊 This month ({ $month }): { $received } received, { $closed } closed, closure rate { $closure }; { $rated } rated, satisfaction { $satisfaction }
board-line = #{ $number } { $urgent ->
        [yes] 🔴 urgent ·{" "}
       *[no] {""}
    }{ $category } · { $place } · { $state }{ $escalated ->
        [yes] {" "}(escalated)
       *[no] {""}
    } · { $owner }
board-more = …and { $count } more
board-no-owner = not yet assigned
board-meeting = { $when } <b>{ $title }</b>{ $place }
board-meeting-place = {" "}@ { $place }
board-no-meeting = none planned
board-usage = Usage: /board on shows this group's board of requests, /board off takes it down (community admins only).
board-on = The board is on; it will be pinned here shortly.
board-on-off-in-settings = Noted for this group, but boards are turned off in the bot's settings ([board] enabled).
board-off = The board is off and unpinned.
board-admins-only = Only the community's admins can turn the board on or off.
board-in-group = Send /board on or /board off in the building's group.
board-pin-refused = I may not pin messages here, so the board cannot be pinned. Group admins: make me an admin with "Pin messages" and it will be pinned.
board-pin-refused-admin = The group of building { $building } has not let the bot pin messages: its board was posted but not pinned. Ask the group's owner to make the bot an admin with "Pin messages".
