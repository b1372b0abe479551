## Posts, invites, replacing a member, /whoami

role-admin = Community admin
post-place-community = { $community }
post-place-grid = { $community }, grid { $grid }
post-place-building = { $community }, grid { $grid }, building { $building }
post-line = { $role } of { $place }
nobody-yet = nobody

post-gained = ✅ You are now { $post }.{ $tasks ->
    [0] {""}
    [one] {"\u000A"}Your predecessor's open task is yours now, below.
   *[other] {"\u000A"}Your predecessor's { $tasks } open tasks are yours now, below.
  }
post-lost = You are no longer { $post }; { $successor } takes over.{ $tasks ->
    [0] {""}
    [one] {" "}Your open task went to them.
   *[other] {" "}Your { $tasks } open tasks went to them.
  } The requests you handled keep their history.
invite-accepted = { $person } opened your invite and is now { $post }.

invite-pick-role = Invite someone as:
invite-pick-community = Which community?
invite-pick-grid = Which grid?
invite-pick-building = Which building?
grid-button = { $code } · { $name }
building-button = Building { $number }
invite-created = Invite link ({ $post }):
    { $link }
    It works once, until { $expires }. Send it to the person privately, not to a group.
button-invite-revoke = Revoke this invite
invite-revoked-done = Revoked: { $post }
invites-none = No unused invites.
invites-line = Unused invite: { $post }, valid until { $expires }

invite-invalid = This invite link is not valid. Please ask a community admin for a new one.
invite-used = This invite link was used already. Each link works only once.
invite-expired = This invite link has expired. Please ask a community admin for a new one.
invite-revoked = This invite link was revoked.
post-place-not-found = That post or place was not found; it may have changed.
post-already-held = They hold this post already.
assign-not-candidate = That person cannot be picked; the list may have changed. Send /assign again.

assign-usage = Usage: /assign NUMBER, or /assign GRID NUMBER.
assign-pick = Replace the { $post } (now: { $current }). Pick who takes over, or invite someone new:
button-assign-invite = ✉️ Invite someone new
assign-done = { $person } is now { $post }.{ $tasks ->
    [0] {""}
    [one] {" "}One open task was handed over.
   *[other] {" "}{ $tasks } open tasks were handed over.
  }

whoami = { $name }, { $count ->
    [0] you hold no post at the moment.
   *[other] you are:
    { $lines }
  }
whoami-line = • { $post }

command-invite = Invite someone to a post (admins)
command-invites = Unused invites (admins)
command-assign = Replace a building's member (admins)
command-whoami = My posts

## Limits

filing-limited = { $reporter }, you have filed { $limit } requests in the last hour; please wait before filing more. In an emergency call your grid member, or 110 / 119 / 120.
filing-limited-short = Too many requests; please try again in an hour
throttled = That was a lot at once; please try again in a minute.
error-invalid-rating = That rating is not valid; please choose again.

## Privacy

mydata = What Weige keeps about you:
    Name: { $name }
    Telegram ID: { $telegram_id }
    Username: { $username }
    Language: { $language }
    Posts: { $posts }
    Requests filed: { $filed }{ $filed ->
    [0] {""}
   *[other] ; the latest:
    { $lines }
  }
    Flat and phone numbers in your requests are shown only to the people handling them. Closed requests' texts are anonymised after a while. Send /forgetme to erase your personal data.
mydata-none = none
forget-confirm = Erase your personal data? Your name, username and Telegram ID are deleted; your requests stay, with their text and flat anonymised, so the figures stay true. This cannot be undone.
button-forget-confirm = Erase
button-forget-keep = Cancel
forget-done = Your personal data was erased and { $requests } requests anonymised. If you write again you will be a new user.
forget-kept = Cancelled; nothing was erased.
forget-holds-posts = You hold a post. Please ask a community admin to appoint your successor with /assign first, then erase your data.
privacy-in-private = To protect your privacy, please send this command to me in a private chat.
command-mydata = My data
command-forgetme = Erase my personal data
