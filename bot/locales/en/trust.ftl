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
