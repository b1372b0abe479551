## What grid members read: tasks and their buttons

button-ack = Acknowledge
button-done = Resolve
button-esc = Escalate
task-card = { $reason ->
    [escalated] ⬆️ Escalated to you:
    [reopened] 🔁 Reopened by the resident:
    [handed_over] 🤝 Handed over to you:
   *[new] 🆕 New request
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ URGENT, please act now
   *[no] {""}
  }
    Category: { $category }
    Where: { $place }
    Resident: { $reporter }
    Text: { $text }
    Please acknowledge it and choose: handle now / coordinate / escalate and track.
task-in-group = { $owner } you have a new task. Open a private chat with me and send /start so tasks reach you directly.
    { $card }
copied-card = { $why ->
    [health] 🩺 For the health worker
    [legal] ⚖️ For the legal adviser
    [urgent] 🚨 Urgent, for the grid leader
    [police] 🚓 Urgent, for the community police officer
    [safety] ⚠️ Safety hazard, for the grid leader
    [escalated] ⬆️ Escalated to the community
   *[other] 📋 For your attention
  } <b>#{ $number }</b>{ $urgent ->
    [yes] {" "}⚠️ URGENT
   *[no] {""}
  }
    Category: { $category }
    Where: { $place }
    Text: { $text }
copied-in-group = { $person } for your attention:
    { $card }
usage-ack = Usage: /ack number, e.g. /ack 12
usage-done = Usage: /done number note, e.g. /done 12 bulb replaced
usage-escalate = Usage: /escalate number reason, e.g. /escalate 12 needs the property company
done-acknowledge = Acknowledged #{ $number }
done-set_mode = Acknowledged #{ $number }, handling mode recorded
done-resolve = Resolved #{ $number }; the resident was asked to rate it
done-escalate = Escalated #{ $number }
usage-notrequest = Usage: /notrequest number, e.g. /notrequest 12 (it was never a request)
usage-category = Usage: /category number category, e.g. /category 12 safety
    Categories: safety care dispute facilities sanitation parking property consultation other
usage-urgent = Usage: /urgent number, e.g. /urgent 12
usage-noturgent = Usage: /noturgent number, e.g. /noturgent 12
done-notrequest = #{ $number } is withdrawn as not a request; the bot will learn from it
done-category = #{ $number } is now { $category }; the bot will learn from it
done-urgent = #{ $number } is marked urgent; the bot will learn from it
done-noturgent = #{ $number } is no longer urgent; the bot will learn from it
my-tasks = { $count ->
    [0] You have no open tasks.
    [one] Your open task:
    { $lines }
   *[other] Your { $count } open tasks:
    { $lines }
  }
task-passed-on = Passed to building { $building }'s grid member, followed up in that building's group.
