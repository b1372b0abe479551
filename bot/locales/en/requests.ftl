## What residents read in their building's group

request-filed = 📋 Request <b>#{ $number }</b> filed{ $urgent ->
    [yes] {" "}⚠️ URGENT
   *[no] {""}
  }
    Category: { $category }
    Handled by: { $handler }
    If this is not a request, withdraw it with the button below.
button-not-a-request = Not a request — withdraw
candidate-question = { $reporter } should a grid member take care of this?
button-file-it = Yes, file it
button-not-needed = No
candidate-filed = Filed as a request
candidate-dropped = OK, not filed

state-line = #{ $number } { $action ->
    [acknowledge] acknowledged by { $actor }
    [set_mode] acknowledged by { $actor } ({ $mode })
    [escalate] escalated to a higher level
    [withdraw] withdrawn
    [reopen] reopened: the resident says it is not solved
    [auto_close] closed automatically
   *[other] updated
  }{ $note }
note-line = {"\u000A"}Note: { $note }
request-resolved = ✅ Request <b>#{ $number }</b> was resolved by { $resolver }.{ $note }
    { $reporter } how did it go?
button-not-solved = Not solved — reopen
withdrawn = Request #{ $number } withdrawn
rated = Thank you! Request #{ $number } is closed
reopened = Request #{ $number } is back with the member in charge

report-usage = Usage: /report what is wrong, e.g. /report the corridor light in building 3 unit 2 is broken
report-in-group = Please use /report in your building's group.
my-requests = { $count ->
    [0] You have not made any requests yet.
    [one] Your request:
    { $lines }
   *[other] Your { $count } requests:
    { $lines }
  }
status-usage = Usage: /status number, e.g. /status 12
status-card = { $line }
    Handled by: { $assignee } { $mode }
    Text: { $text }
    History:
    { $timeline }
request-line = #{ $number } { $category } · { $state }{ $households ->
    [1] {""}
   *[other] {" "}· 👥 { $households } households
  } · { $created } · { $excerpt }
timeline-entry = { $at } { $actor } { action-name }{ $note }
urgent-advice = { $kind ->
    [gas] 🚨 Gas smell: do not switch anything on or off, no flames, open the windows and leave; call the gas company from outside{ $gas ->
        [none] {""}
       *[other] {" "}({ $gas })
    }.
    [fire] 🔥 Fire or smoke: call { $fire } now. Cover your mouth with a wet cloth and take the stairs, not the lift.
    [alarm] 🔥 A smoke alarm and nobody answers: call { $fire } now and tell them someone may be inside.
    [person] 🚑 Someone is unwell: call { $ambulance } now; do not move them, stay with them.
    [unseen] 🚑 A neighbour living alone not seen for days: call their family, and { $police } to help open the door; { $ambulance } if needed.
    [device] 🚑 A power cut stops a medical device: call { $ambulance } now and the property office{ $property ->
        [none] {""}
       *[other] {" "}({ $property })
    } to restore power.
    [trapped] 🛗 Someone is trapped in a lift: press the lift's alarm button or call its emergency line{ $lift ->
        [none] {""}
       *[other] {" "}({ $lift })
    } and the property office; do not force the doors, wait for help.
    [missing] 🚓 A missing person: call { $police } now, and post a photo, where they were last seen and what they wore.
    [wire] ⚡ Exposed wires: keep away and keep children back; ask the property office to cut the power; sparks: call { $fire }.
    [collapse] ⚠️ Something may fall: keep clear and walk around it; tell the property office.
    [flood] 💧 A leak or a burst pipe: shut the main water valve, move electrical things away, tell the property office.
   *[other] 🚨 An emergency: stay safe, and call { $police } if needed.
  }
