## Words used across the bot

category-facilities = Repairs
category-sanitation = Cleanliness
category-safety = Safety hazard
category-parking = Parking & traffic
category-dispute = Neighbour dispute
category-care = Care & assistance
category-property = Property service
category-consultation = Policy question
category-other = Other

state-new = new
state-acknowledged = acknowledged
state-resolved = resolved
state-closed = closed
state-withdrawn = withdrawn
state-reopened = reopened

mode-immediate = Handle now
mode-coordinate = Coordinate
mode-track = Escalate & track

role-leader = Grid leader
role-grid_worker = Grid worker
role-health_worker = Health worker
role-legal_adviser = Legal adviser
role-police = Community police
role-member = Micro-grid member
role-head = Building head
role-floor_head = Floor head

rating-3 = 😊 Satisfied
rating-2 = 🙂 Mostly satisfied
rating-1 = 😞 Not satisfied

nobody = nobody yet (the community has been told)
system = system

place-building = Building { $number }
place-unit = , unit { $number }
place-room = , room { $number }
place-unknown = no location given

action-name = { $action ->
    [filed] filed
    [acknowledge] acknowledged
    [set_mode] chose how to handle it
    [resolve] resolved
    [escalate] escalated
    [withdraw] withdrew
    [reopen] reopened
    [rate] rated
    [auto_close] closed automatically
    [edited] edited
    [handed_over] handed over to a new member
    [co_reported] is affected too
    [co_report_taken_back] took back their "me too"
    [co_rated] rated (a neighbour affected too)
    [dissatisfied] rated it not satisfactory
    [reason] said why they are not satisfied
   *[other] { $action }
}

## Refusals

error-generic = Sorry, that did not work. Please try again later.
error-request-not-found = Request #{ $number } was not found.
error-not-allowed = Only the member in charge, the people above them and the community admins can do this.
error-not-reporter = Only the resident who made this request can do this.
error-invalid-transition = This request is { $state ->
    [new] new
    [acknowledged] acknowledged
    [resolved] resolved
    [closed] closed
    [withdrawn] withdrawn
   *[reopened] reopened
  }, so it can no longer be { $action ->
    [acknowledge] acknowledged
    [set_mode] given a handling mode
    [resolve] resolved
    [escalate] escalated
    [withdraw] withdrawn
    [reopen] reopened
    [rate] rated
   *[other] changed this way
  }.
error-already-top = Request #{ $number } is already with the community admins; it cannot go higher.
error-chat-not-bound = This group is not bound to a building yet. A community admin can send /bind NUMBER here.
error-anonymous-sender = Requests cannot be filed or handled as an anonymous admin or a channel. Please write as yourself.
error-building-not-found = There is no building { $number } in the communities you administer.
error-building-ambiguous = There are several buildings { $number }. Add the grid code, e.g. /bind A { $number }.
error-unknown-category = There is no category "{ $category }". Use one of: { $categories }

## Command menu

command-start = Start, and receive your tasks here
command-help = How to use Weige
command-report = File a request: /report text
command-my = My requests
command-status = A request's progress: /status number
command-contacts = This building's contacts
command-ack = Acknowledge: /ack number
command-done = Resolve: /done number note
command-escalate = Escalate: /escalate number reason
command-tasks = My open tasks
command-notrequest = Not a request: /notrequest number
command-category = Change the category: /category number category
command-urgent = Mark urgent: /urgent number
command-noturgent = Not urgent: /noturgent number
command-bind = Bind this group to a building (admins)
command-board = Turn this group's pinned board on or off: /board on|off (admins)
