## Starting the bot, binding groups, contacts

start = Hello, { $name }! I am Weige: I file, route and track requests in building groups.{ $tasks ->
    [0] {""}
    [one] {"\u000A"}You have one open task: send /tasks to see it.
   *[other] {"\u000A"}You have { $tasks } open tasks: send /tasks to see them.
  }
help = How Weige works:
    • Say what is wrong in your building's group and I file it as a request; or use /report text.
    • /my lists your requests, /status number shows one.
    • /contacts lists your building's contacts.
    • Members: /tasks, /ack, /done, /escalate.
    • /whoami your posts, /mydata what I keep about you, /forgetme to erase it (in private).
bind-usage = Usage: /bind NUMBER, or /bind GRID NUMBER when the number is not unique.
bind-done = This group is now building { $number }'s group. Requests here go to its micro-grid member.
bind-in-group = Send /bind NUMBER in the building's group.
contacts = { $count ->
    [0] Building { $number } has no contacts listed yet.
   *[other] Building { $number } contacts:
    { $lines }
  }
contact-line = { $role }: { $person }
