## Meetings: scheduling, reminders, RSVPs (issue 4)

when-local = { $weekday ->
    [0] Mon
    [1] Tue
    [2] Wed
    [3] Thu
    [4] Fri
    [5] Sat
   *[6] Sun
  } { $day } { $month ->
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
  } { $year }, { $time }
when-short = { $day }/{ $month } { $time }
duration = { $count } { $unit ->
    [day] { $count ->
        [one] day
       *[other] days
      }
    [hour] { $count ->
        [one] hour
       *[other] hours
      }
    [minute] { $count ->
        [one] minute
       *[other] minutes
      }
   *[second] { $count ->
        [one] second
       *[other] seconds
      }
  }
meeting-rule = { $frequency ->
    [daily] every day at { $time }
    [weekly] every { $weekday ->
        [0] Monday
        [1] Tuesday
        [2] Wednesday
        [3] Thursday
        [4] Friday
        [5] Saturday
       *[6] Sunday
      } at { $time }
   *[monthly] every month on day { $day } at { $time }
  }
meeting-rule-line = {"\u000A"}🔁 { $rule }
meeting-place = {"\u000A"}📍 Place: { $place }

meeting-proposed = 📅 Please confirm meeting #{ $id }:
    <b>{ $title }</b>
    🕒 { $when } ({ $zone } time){ $rule }{ $place }
    It will be posted in { $groups ->
        [one] one group
       *[other] { $groups } groups
    }, with reminders before it starts. Confirm?
meeting-button-confirm = ✅ Confirm
meeting-button-discard = ✖️ Discard
meeting-saved = Meeting #{ $id } posted
meeting-discarded = OK, not posted
meeting-announced = 📢 <b>{ $title }</b>
    🕒 { $when }{ $rule }{ $place }
    Organised by { $organiser }
    Coming? Press “I'll come” below.
meeting-button-come = 🙋 I'll come{ $count ->
    [0] {""}
   *[other] {" "}({ $count })
  }
meeting-rsvp-done = You're coming; { $count } so far
meeting-rsvp-undone = Taken back; { $count } coming
meeting-reminder = { $starting ->
    [yes] 🔔 <b>{ $title }</b> starts now!
   *[other] ⏰ Reminder: <b>{ $title }</b> starts in { $left }
  }
    🕒 { $when }{ $place }
    { $coming ->
        [one] 1 person said they will come.
       *[other] { $coming } people said they will come.
    }
meeting-cancelled = ❌ Cancelled: <b>{ $title }</b> (was { $when })
meeting-line = #{ $id } { $when } <b>{ $title }</b>{ $rule } · 🙋 { $coming }
meetings-list = { $count ->
    [0] No meetings coming up. Schedule one with /meeting WHEN TITLE.
   *[other] Coming up ({ $count }):
    { $lines }
  }
meeting-button-cancel = Cancel #{ $id }
meeting-cancel-done = Meeting #{ $id } cancelled; its reminders are withdrawn
meeting-cancel-usage = Usage: /cancel_meeting number, e.g. /cancel_meeting 3
meetings-in-group = Use /meetings in a building group to see its meetings.

meeting-usage = Usage: /meeting WHEN TITLE [@ place]
    e.g. /meeting tomorrow 7pm courtyard meeting @ building 3
    /meeting every month 15th 09:00 residents' day
meeting-private-usage = Admins can schedule for a whole grid or community here:
    /meeting grid A Sat 15:00 grid council @ community hall
    /meeting community every month 15th 09:00 residents' day
meeting-unclear = { $doubt ->
    [ambiguous-hour] Morning or evening? Please say, e.g. “7pm” or “19:00”.
    [no-time] Please add the time, e.g. “tomorrow 7pm” or “every Saturday 15:00”.
    [past] That time has already passed; please give a later one.
    [bad-date] That date does not exist; please check it.
   *[unknown] I could not read the time. Try: 2026-12-05 19:30, tomorrow 7pm, Sat 15:00, Dec 5 19:30, every month 15th 09:00.
  }
meeting-missing-title = Please add a title after the time, e.g. /meeting tomorrow 7pm courtyard meeting
meeting-not-found = Meeting #{ $id } was not found.
meeting-gone = This meeting was already confirmed, cancelled or has ended.

command-meeting = Schedule a meeting: /meeting WHEN TITLE [@ place]
command-meetings = This group's coming meetings
command-cancel_meeting = Cancel a meeting: /cancel_meeting number
