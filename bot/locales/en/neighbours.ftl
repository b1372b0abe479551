## Neighbours who say "me too", the dissatisfied resident's reason, look-alike messages

households-line = 👥 { $count ->
    [one] { $count } household affected
   *[other] { $count } households affected
  }
dissatisfaction-line = 😞 Why the resident is not satisfied: { $reason }
rating-neighbours = Neighbours with the same problem, { $neighbours }{ $more ->
    [0] {""}
   *[other] {" "}and { $more } more
  }: please rate too.
co-reported = Noted that { $person } is affected too: request #{ $number } now has { $count ->
    [one] { $count } household affected
   *[other] { $count } households affected
  }.
co-reported-owner = 👥 Request #{ $number } ({ $category }): { $count ->
    [one] { $count } household affected
   *[other] { $count } households affected
  } now.
rated-dissatisfied = Sorry it was not solved. Request #{ $number } is reopened and passed up.
co-rated = Thank you for rating request #{ $number }!
reason-asked = 🔁 Request #{ $number }: the resident is not satisfied, so it is reopened and { $level ->
    [leader] passed up to the grid leader
    [admin] passed to the community
   *[other] passed up
  } ({ $owner }).
    { $resident } please reply to this message with what is still not solved (within { $hours } hours, one reply).
reason-thanks = Thank you: your reason is on request #{ $number } and { $owner } has it.
reason-for-owner = 😞 Request #{ $number }: why { $resident } is not satisfied:
    { $reason }
reason-in-group = { $owner } please see this (send /start to the bot in private to get it there next time):
    { $card }
duplicate-question = { $reporter } is this the same problem as request #{ $number } ({ $excerpt }, { $count ->
    [one] { $count } household
   *[other] { $count } households
  })?
button-join = Yes, join #{ $number }
button-different = No, file it
duplicate-joined = You joined the open request; you will hear in the group when it is resolved.
duplicate-filed = OK, filed as a new request
error-not-writer = Only the resident who wrote that message can choose.
