## Admins: broadcasts, the three lists, figures, points, exports

command-broadcast = Announce to building groups (admins)
command-broadcasts = Recent announcements; cancel a running one
command-lists = The demand, responsibility and progress lists
command-stats = Figures: /stats [week|month|quarter|year|2026-05]
command-leaderboard = This month's points
command-export = The three lists as a spreadsheet

admin-not-allowed = This is for community admins, grid leaders and grid members only.
broadcast-not-found = Announcement #{ $id } does not exist.
broadcast-closed = Announcement #{ $id } is no longer open for that.
broadcast-no-targets = No bound group in that scope: nothing to send.
stats-bad-period = "{ $period }" is not a period. Use week, month, quarter, year or a month like 2026-05.

broadcast-ask-content = Send me the announcement: text, or a photo or document with a caption. Formatting is kept.
broadcast-unsupported = Only text, a photo or a document can be announced. Send it again.
broadcast-ask-scope = Who should receive it?
broadcast-button-all = 🏘 The whole community
broadcast-button-grids = 🗺 One grid
broadcast-button-pick = ☑️ Pick buildings
broadcast-button-drop = ✖ Cancel
broadcast-ask-grid = Which grid?
broadcast-ask-buildings = Tap buildings to pick them, then confirm.
broadcast-button-picked = Done ({ $count } picked)
broadcast-button-pin = { $pin ->
    [yes] 📌 Pin in each group: on
   *[no] 📌 Pin in each group: off
  }
broadcast-button-go = ✅ Send now
broadcast-confirm = { $count ->
    [one] It will reach 1 group. Send it?
   *[other] It will reach { $count } groups. Send it?
  }
broadcast-dropped = Announcement discarded.
broadcast-stale = This conversation is over; start again with /broadcast.
broadcast-progress = 📣 Announcement #{ $id } ({ $state ->
    [running] sending
    [done] finished
    [cancelled] cancelled
   *[other] { $state }
  }): { $sent } sent, { $failed } failed, { $unknown } unknown, { $remaining } remaining of { $total }{ $cancelled ->
    [0] {""}
   *[other] , { $cancelled } cancelled
  }
broadcast-outcome = • { $grid }-{ $building } ({ $chat }): { $kind ->
    [unknown] unknown, Telegram never answered; it may have arrived (not sent again)
    [removed] the bot was removed from the group
    [cancelled] cancelled
   *[failed] failed
  } { $reason }
broadcast-more = … and { $count } more (see /export)
broadcast-moved = • { $grid }-{ $building }: the group became a supergroup, { $old } → { $new } (recorded)
broadcast-report = 📋 Report of announcement #{ $id }: { $sent } of { $total } sent, { $failed } failed, { $unknown } unknown{ $cancelled ->
    [0] {""}
   *[other] , { $cancelled } cancelled
  }{ $pin ->
    [yes] , { $pinned } pinned
   *[no] {""}
  }.
    { $lines }
broadcast-list = { $count ->
    [0] No announcements yet.
   *[other] Recent announcements:
    { $lines }
  }
broadcast-button-cancel = ⏹ Cancel #{ $id }
broadcast-cancelled = Announcement #{ $id } cancelled: { $count } copies will not be sent.

list-tab-demand = Demand
list-tab-owners = Responsibility
list-tab-progress = Progress
list-filter-grid = Grid ⟳
list-filter-state = State: { $state ->
    [all] all
    [new] new
    [acknowledged] acknowledged
    [reopened] reopened
    [resolved] resolved
    [closed] closed
   *[other] { $state }
  }
list-filter-overdue = { $on ->
    [yes] Overdue only ✓
   *[no] Overdue only
  }
list-request-line = #{ $number } { $place } { $category } · { $state } · { $age } h · { $owner }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } households
  }
    { $excerpt }
list-owner-line = { $name }: { $buildings } — { $open } open
list-page = <b>{ $kind ->
    [demand] Demand list (open requests)
    [owners] Responsibility list
   *[progress] Progress list
  }</b> · { $total } · page { $page }/{ $pages }
    { $lines }
list-empty = (none)

stats-title = 📊 Figures for { $period }
stats-figures = <b>{ $name }</b>
    Received { $received }, closed { $closed }, closure rate { $closure }
    Solved { $solved }, resolution rate { $resolution } (satisfied, mostly satisfied, or not disputed while it could be rated)
    Satisfaction { $satisfaction } of { $rated } ratings
    To acknowledge: median { $ack_median }, p90 { $ack_p90 }
    To resolve: median { $resolve_median }, p90 { $resolve_p90 }
    Overdue now: { $overdue }
chart-caption = Requests per week by category, and the closure rate
chart-weekly-title = Requests per week
chart-requests = requests
chart-closure = closure rate %
leaderboard-title = 🏆 { $title }, { $month }
leaderboard-line = { $rank }. { $name }: { $points } pts ({ $acknowledged } acknowledged, { $resolved } resolved, { $well_rated } well rated)
export-caption = The demand, responsibility and progress lists

sheet-demand = Demand
sheet-owners = Responsibility
sheet-progress = Progress
sheet-figures = This month
column-households = Households affected
column-number = No.
column-grid = Grid
column-building = Building
column-category = Category
column-state = State
column-urgent = Urgent
column-assignee = Owner
column-created = Filed
column-acknowledged = Acknowledged
column-resolved = Resolved
column-age-days = Age (days)
column-rating = Rating
column-text = Text
column-owner = Member
column-buildings = Buildings
column-open-tasks = Open tasks
yes = yes
no = no

report-title = Weige report, { $period }
report-scope = Scope
report-all = All
report-received = Received
report-closed = Closed
report-closure = Closure rate
report-resolution = Resolution rate
report-satisfaction = Satisfaction
report-ack-median = Acknowledge, median
report-ack-p90 = Acknowledge, p90
report-resolve-median = Resolve, median
report-resolve-p90 = Resolve, p90
report-overdue = Overdue
