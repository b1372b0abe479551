## Request deadlines and digests (issue 4)

deadline-ack-reminder = ⏳ Request <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ URGENT
   *[no] {""}
  } is not acknowledged yet. Please acknowledge it by { $due }, or it will be escalated.
    Category: { $category }
    Where: { $place }
deadline-ack-reminder-in-group = { $owner } a reminder:
    { $card }
deadline-overdue = 🚨 Request <b>#{ $number }</b> is past its resolve deadline ({ $due }) and still open.
    Category: { $category }
    Where: { $place }
request-due = {" "}· { $kind ->
    [ack] acknowledge by
   *[resolve] due
  } { $due }{ $overdue ->
    [yes] {" "}⚠️ overdue
   *[no] {""}
  }
digest-line = #{ $number } { $category } · { $state } · due { $due }{ $overdue ->
    [yes] {" "}⚠️ overdue
   *[no] {""}
  } · { $excerpt }
digest-daily = ☀️ Good morning! { $count ->
    [one] You have 1 open task:
   *[other] You have { $count } open tasks:
  }
    { $lines }
    Send /tasks to handle them.
digest-weekly = 📊 { $community }: this week
    Open: { $open } ({ $overdue } overdue)
    Closed this week: { $closed }
    Satisfaction: { $satisfaction ->
        [-1] no ratings this week
       *[other] { $satisfaction }% ({ $rated } ratings)
    }
