## Starting the bot, binding groups, contacts

start = Hello, { $name }! I am Weige: I file, route and track requests in building groups.{ $tasks ->
    [0] {""}
    [one] {"\u000A"}You have one open task: send /tasks to see it.
   *[other] {"\u000A"}You have { $tasks } open tasks: send /tasks to see them.
  }
help = How Weige works: { $place ->
        [group] say what is wrong in this group and I file it as a request.
       *[private] say what is wrong in your building's group and I file it as a request.
    }
    The commands you can use:
    { $commands }
bind-usage = Usage: /bind NUMBER, or /bind GRID NUMBER when the number is not unique.
bind-done = This group is now building { $number }'s group. Requests here go to its micro-grid member.
bind-in-group = Send /bind NUMBER in the building's group.
contacts = { $count ->
    [0] Building { $number } has no contacts listed yet.
   *[other] Building { $number } contacts:
    { $lines }
  }
contact-line = { $role }: { $person }
person-unreachable = ⚠️ Cannot write to { $person } in private (Telegram ID { $id }): { $refusal ->
        [blocked] they blocked the bot
        [not_started] they never opened the bot
        [deactivated] their account was deleted
       *[not_found] Telegram knows no such ID; please check the directory
    }.
    Their tasks now go to their building's group, mentioning them. Ask them to open the bot and send /start.
