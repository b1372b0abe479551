## Minutes: a meeting's "- " lines become requests its organiser owns

minutes-filed = 📝 From the minutes of “{ $title }”, { $count ->
        [one] 1 request filed
       *[other] { $count } requests filed
    }, handled by { $owner }:
    { $lines }
minutes-line = #{ $number } { $text }
minutes-already = Already filed, not again: { $numbers }
minutes-not-organiser = Only the meeting's organiser or a community admin can file requests from its minutes.
minutes-how = To turn minutes into requests, reply to the meeting's announcement or reminder with one item per line, each starting with "- ", e.g.:
    - Replace the corridor lights in building 3 by the end of the month
    - Ask the property office to clear the bike shed
