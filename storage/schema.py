"""Tables, in SQLAlchemy Core. Migrations create them; this module describes them for queries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, whatever the database keeps.

    SQLite has no time zone type and hands back naive values; PostgreSQL keeps
    `timestamptz`. Either way the code only ever sees aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True, autoincrement=True)


communities = Table(
    "communities",
    metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    Column("timezone", String(64), nullable=False),
    Column("locale", String(16)),  # the language of its groups; none: the bot's default
    # Request numbers residents see (#12) count per community.
    Column("next_number", Integer, nullable=False, server_default="1"),
)

# One row, bumped by every transaction that changes the directory or a person: processes
# keep what they read of the directory while it stays the same (DirectoryCache).
directory_version = Table(
    "directory_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False, server_default="0"),
)

people = Table(
    "people",
    metadata,
    _id(),
    Column("telegram_id", BigInteger, unique=True),
    Column("username", String(64), unique=True),  # lower case, without @
    Column("name", String(200), nullable=False),
    Column("language_code", String(16)),
    Column("started_bot", Boolean, nullable=False, server_default=false()),
    # Why Telegram refused the last private message (blocked, deleted, never started).
    Column("unreachable", Text),
    Column("unreachable_at", UtcDateTime),
)

community_admins = Table(
    "community_admins",
    metadata,
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)

grids = Table(
    "grids",
    metadata,
    _id(),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("community_id", "code"),
)

buildings = Table(
    "buildings",
    metadata,
    _id(),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), nullable=False),
    Column("number", String(32), nullable=False),
    Column("chat_id", BigInteger, unique=True),
    UniqueConstraint("grid_id", "number"),
)

# Who holds which post: grid-wide posts have no building.
roles = Table(
    "roles",
    metadata,
    _id(),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE"), nullable=False),
    Column("building_id", ForeignKey("buildings.id", ondelete="CASCADE")),
    Column("role", String(32), nullable=False),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Index(None, "person_id"),
    Index(None, "grid_id", "building_id"),
)

requests = Table(
    "requests",
    metadata,
    _id(),
    Column("community_id", ForeignKey("communities.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("grid_id", ForeignKey("grids.id")),
    Column("building_id", ForeignKey("buildings.id")),
    Column("chat_id", BigInteger),
    Column("message_id", BigInteger),
    Column("reporter_id", ForeignKey("people.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("category", String(32), nullable=False),
    Column("building_label", String(32)),
    Column("unit", String(16)),
    Column("room", String(16)),
    Column("urgent", Boolean, nullable=False),
    Column("danger", String(16)),  # what makes it urgent: gas, fire, person, trapped, ...
    Column("state", String(16), nullable=False),
    Column("mode", String(16)),
    Column("level", String(16), nullable=False),
    Column("assignee_id", ForeignKey("people.id")),
    Column("created_at", UtcDateTime, nullable=False),
    Column("acknowledged_at", UtcDateTime),
    Column("resolved_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("rating", Integer),
    # The resident's message is the request's identity: handling it twice files it once.
    UniqueConstraint("chat_id", "message_id"),
    UniqueConstraint("community_id", "number"),
    Index(None, "assignee_id", "state"),
    Index(None, "reporter_id"),
    Index(None, "state", "resolved_at"),
    Index(None, "community_id", "created_at"),
)

request_events = Table(
    "request_events",
    metadata,
    _id(),
    Column("request_id", ForeignKey("requests.id", ondelete="CASCADE"), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", ForeignKey("people.id")),
    Column("action", String(32), nullable=False),
    Column("state_from", String(16)),
    Column("state_to", String(16)),
    Column("note", Text),
    Index(None, "request_id"),
)

# Messages the parser was unsure of, waiting for the writer's yes or no.
candidates = Table(
    "candidates",
    metadata,
    _id(),
    Column("chat_id", BigInteger, nullable=False),
    Column("message_id", BigInteger, nullable=False),
    Column("reporter_id", ForeignKey("people.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("chat_id", "message_id"),
)

# Everything the bot owes Telegram, written in the same transaction as the change that owes it.
outbox = Table(
    "outbox",
    metadata,
    _id(),
    Column("created_at", UtcDateTime, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("method", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    # Sent instead when the first try is refused with 403 (a member who never started the bot).
    Column("fallback", Text),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("not_before", UtcDateTime, nullable=False),
    # A row being sent is leased; a lease that ran out means its sender died mid-send.
    Column("claimed_at", UtcDateTime),
    Column("sent_at", UtcDateTime),
    Column("message_id", BigInteger),
    Column("error", Text),
    Index(None, "state", "priority", "id"),
)

# Keys of updates already handled, committed with their effects: a redelivery is a no-op.
inbox = Table(
    "inbox",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
)

# The last polled update handled, written in the transaction of its effects: what polling
# may get again after a crash is exactly what follows Telegram's confirmed offset, so one row
# does for polling what a key per update does for the webhook (bot/delivery/polling.py).
poll_mark = Table(
    "poll_mark",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("update_id", BigInteger, nullable=False),
    Column("at", UtcDateTime, nullable=False),
)

# Updates whose handler failed: kept so no resident's message is lost, retried, then flagged.
failed_updates = Table(
    "failed_updates",
    metadata,
    _id(),
    Column("update_id", BigInteger, nullable=False),
    Column("payload", Text, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="1"),
    Column("state", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


# --- Admin: broadcasts, removed chats, conversation state (migration 0003) --------

# One announcement from an admin to many building groups.
broadcasts = Table(
    "broadcasts",
    metadata,
    _id(),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", ForeignKey("people.id"), nullable=False),
    # The admin's private chat: where the progress message and the report go.
    Column("author_chat_id", BigInteger, nullable=False),
    # community | grid | buildings; `scope_ids` lists grid or building ids as JSON.
    Column("scope", String(16), nullable=False),
    Column("scope_ids", Text, nullable=False, server_default="[]"),
    # The Bot API method and its arguments, chat_id left out: one per target.
    Column("method", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("pin", Boolean, nullable=False, server_default=false()),
    # draft -> running -> done | cancelled
    Column("state", String(16), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("started_at", UtcDateTime),
    Column("finished_at", UtcDateTime),
    # The outbox row of the progress message: its Telegram id is known once it was sent.
    Column("progress_outbox_id", Integer),
    # What the progress message last said, so an unchanged count is not edited again.
    Column("progress_shown", String(64)),
    Index(None, "state"),
    Index(None, "community_id", "id"),
)

# Each group a broadcast goes to: its delivery state is its outbox row's.
broadcast_targets = Table(
    "broadcast_targets",
    metadata,
    _id(),
    Column("broadcast_id", ForeignKey("broadcasts.id", ondelete="CASCADE"), nullable=False),
    Column("building_id", ForeignKey("buildings.id", ondelete="CASCADE"), nullable=False),
    # The chat as it was when the broadcast started; the outbox row follows a migration.
    Column("chat_id", BigInteger, nullable=False),
    Column("outbox_id", Integer, nullable=False, unique=True),
    Column("pin_outbox_id", Integer, unique=True),
    # A building is sent one copy per broadcast, whatever happens.
    UniqueConstraint("broadcast_id", "building_id"),
)

# Groups that removed the bot (403 on send): skipped by later broadcasts until it is back.
removed_chats = Table(
    "removed_chats",
    metadata,
    Column("chat_id", BigInteger, primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("error", Text, nullable=False),
)

# aiogram FSM state (the /broadcast conversation), committed with the update that set it.
fsm_states = Table(
    "fsm_states",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("state", String(100)),
    Column("data", Text, nullable=False, server_default="{}"),
)

# Indexes for the lists and figures over hundreds of thousands of requests.
Index("ix_requests_community_state_id", requests.c.community_id, requests.c.state, requests.c.id)
Index("ix_requests_grid_created_at", requests.c.grid_id, requests.c.created_at)
Index("ix_requests_building_state", requests.c.building_id, requests.c.state)
# Covers the figures' scans (received in a period, per grid, state, rating, times): no row reads.
Index(
    "ix_requests_figures",
    requests.c.community_id,
    requests.c.created_at,
    requests.c.grid_id,
    requests.c.state,
    requests.c.rating,
    requests.c.acknowledged_at,
    requests.c.resolved_at,
)
Index(
    "ix_requests_community_category_created_at",
    requests.c.community_id,
    requests.c.category,
    requests.c.created_at,
)
Index("ix_request_events_state_to_at", request_events.c.state_to, request_events.c.at)


# --- Scheduling: meetings, reminders, deadlines, digests --------------------
#
# The database is the scheduler's source of truth: every reminder, deadline and digest
# is a row in `scheduled_jobs` with its due time and state. APScheduler only ticks;
# a tick claims due rows and writes their messages to the outbox in one transaction.

meetings = Table(
    "meetings",
    metadata,
    _id(),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    # chat: one group; grid / community: every bound group in it, looked up when posting.
    Column("scope", String(16), nullable=False),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE")),
    Column("chat_id", BigInteger),
    Column("organiser_id", ForeignKey("people.id"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("place", String(200)),
    # The next (or only) occurrence; a recurring meeting moves it on when it starts.
    Column("starts_at", UtcDateTime, nullable=False),
    Column("rule", String(32)),  # bot.scheduling.recurrence.Rule.dump(), None for one-off
    Column("state", String(16), nullable=False),  # draft | scheduled | done | cancelled
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "chat_id", "state"),
    Index(None, "community_id", "state"),
)

# "I'll come", per occurrence: a weekly meeting's count starts afresh each week.
meeting_rsvps = Table(
    "meeting_rsvps",
    metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("starts_at", UtcDateTime, primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
)

scheduled_jobs = Table(
    "scheduled_jobs",
    metadata,
    _id(),
    Column("kind", String(32), nullable=False),
    # What makes a job the same job: planning it twice (two processes, a retry) inserts it once.
    Column("key", String(160), nullable=False, unique=True),
    Column("due_at", UtcDateTime, nullable=False),
    # After this the job is no longer useful (a reminder after the meeting began): dropped.
    Column("fire_by", UtcDateTime),
    Column("urgent", Boolean, nullable=False, server_default=false()),
    Column("state", String(16), nullable=False),  # pending | done | dropped | cancelled | failed
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE")),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE")),
    Column("request_id", ForeignKey("requests.id", ondelete="CASCADE")),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE")),
    # A request's deadlines are valid only while its sla_epoch still equals this.
    Column("epoch", Integer),
    Column("payload", Text),  # kind-specific JSON
    Column("created_at", UtcDateTime, nullable=False),
    Column("done_at", UtcDateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", Text),
    Index(None, "state", "due_at"),
    Index(None, "meeting_id"),
    Index(None, "request_id"),
)

# Request deadlines, added to `requests` by migration 0002.
requests.append_column(Column("ack_due_at", UtcDateTime))
requests.append_column(Column("due_at", UtcDateTime))
# Bumped whenever deadlines are set afresh (filed, escalated, reopened): older jobs go stale.
requests.append_column(Column("sla_epoch", Integer, nullable=False, server_default="0"))

# --- Admin query indexes (migration 0005) -----------------------------------
#
# Open requests by state, then grid: counts of the demand list and the overdue figures
# read these alone, whether the viewer sees a community or a grid.
Index(
    "ix_requests_community_state_grid",
    requests.c.community_id,
    requests.c.state,
    requests.c.grid_id,
    requests.c.due_at,
    requests.c.created_at,
)
Index(
    "ix_requests_grid_state",
    requests.c.grid_id,
    requests.c.state,
    requests.c.due_at,
    requests.c.created_at,
)

# Seconds from filing to acknowledgement and to resolution, as SQLite computes them.
# Migration 0005 creates, on SQLite only, `ix_requests_grid_period` over (community_id,
# grid_id, created_at, state, rating, acknowledged_at, resolved_at, these two): the
# figures read a period grid by grid with the times already computed. It is not described here because SQLAlchemy does
# not reflect expression indexes; the figures' query uses these very texts so that SQLite
# recognises them (storage/repositories/stats.py).
SQLITE_ACK_SECONDS = "round((julianday(acknowledged_at) - julianday(created_at)) * 86400.0)"
SQLITE_RESOLVE_SECONDS = "round((julianday(resolved_at) - julianday(created_at)) * 86400.0)"

# --- Trust: the audit trail (migration 0008) ---------------------------------
#
# Append-only: storage/repositories/audit.py offers no update and no delete. No foreign
# keys either, so nothing removed elsewhere can take an audit row with it.
audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    Column("at", UtcDateTime, nullable=False),
    Column("actor_id", Integer),
    Column("action", String(48), nullable=False),
    Column("subject_type", String(16), nullable=False),
    Column("subject_id", Integer),
    # JSON of the fields the change touched, as they were and as they became.
    Column("before", Text),
    Column("after", Text),
    Index(None, "at"),
    Index(None, "actor_id", "at"),
    Index(None, "subject_type", "subject_id"),
)

# --- Trust: invites (migration 0102) -----------------------------------------
#
# A link that makes whoever opens it the holder of one post. Only the token's sha256 is
# kept: the database alone cannot be turned back into working links.
invites = Table(
    "invites",
    metadata,
    _id(),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    # A Role value, or "admin" for the community's admins.
    Column("role", String(32), nullable=False),
    Column("grid_id", ForeignKey("grids.id", ondelete="CASCADE")),
    Column("building_id", ForeignKey("buildings.id", ondelete="CASCADE")),
    Column("created_by", ForeignKey("people.id")),  # None: made with `python -m bot invite`
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("used_by", ForeignKey("people.id")),
    Column("revoked_at", UtcDateTime),
    Index(None, "community_id", "created_at"),
)

# When the person was last told they reached the filing limit (migration 0103): they are
# told once per window, and further messages in it are left unanswered.
people.append_column(Column("limit_told_at", UtcDateTime))

# When a request's text, flat and phone were anonymised (migration 0011): by the retention
# job some months after it closed, or at once when its resident used /forgetme.
requests.append_column(Column("anonymised_at", UtcDateTime))
Index("ix_requests_anonymised_at_closed_at", requests.c.anonymised_at, requests.c.closed_at)

# --- Parser corrections (migration 0013) -------------------------------------
#
# Every correction of what the parser made of a message (not a request, another category,
# urgent or not) is a labelled example; `parser learn` fits each community's adjustment
# from them on top of the shipped model, and `parser examples --export` hands them to
# retraining (the fields of docs/parsing.md).
parser_examples = Table(
    "parser_examples",
    metadata,
    _id(),
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("is_request", Boolean, nullable=False),
    Column("category", String(32)),
    Column("urgent", Boolean, nullable=False),
    Column("source", String(32), nullable=False),  # withdrawn, notrequest, category, urgent, ...
    Column("person_id", ForeignKey("people.id")),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "community_id"),
)

# One community's fitted adjustment: JSON (see bot/services/learning.py).
parser_adjustments = Table(
    "parser_adjustments",
    metadata,
    Column("community_id", ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True),
    Column("fitted_at", UtcDateTime, nullable=False),
    Column("payload", Text, nullable=False),
)

# --- Neighbours as the grid's eyes (migration 0016) ---------------------------
#
# Residents who said "me too" (a reply, a 👍, joining a look-alike): each counts once, the
# reporter never; `households` on the request is 1 + their number, kept with each change.
request_coreporters = Table(
    "request_coreporters",
    metadata,
    Column("request_id", ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("via", String(16), nullable=False),  # reply | reaction | duplicate
    Column("at", UtcDateTime, nullable=False),
    Column("rating", Integer),  # their own rating of the result
    Index(None, "person_id"),
)
requests.append_column(Column("households", Integer, nullable=False, server_default="1"))
# Who rated 不满意, when, and why (their one free-text answer).
requests.append_column(Column("dissatisfied_by", Integer))
requests.append_column(Column("dissatisfied_at", UtcDateTime))
requests.append_column(Column("dissatisfaction", Text))
# The request a group message of the bot's is about: replies and reactions to it find it.
# Indexed only where set, so tasks, menus and broadcasts pay nothing for it.
outbox.append_column(Column("request_id", Integer))
Index(
    "ix_outbox_chat_id_message_id",
    outbox.c.chat_id,
    outbox.c.message_id,
    sqlite_where=outbox.c.request_id.is_not(None),
    postgresql_where=outbox.c.request_id.is_not(None),
)
# A message that looks like an open request's: the writer is asked whether it is the same.
candidates.append_column(Column("duplicate_of", Integer))
# --- The building's board and meetings' minutes (migration 0017) -----------
#
# One pinned message per bound group that the bot keeps edited. What is owed is kept here,
# not in memory: `dirty_since` says a refresh is owed (a restart picks it up), and the
# outbox rows of the last send, edit and pin are followed until Telegram answered them.
boards = Table(
    "boards",
    metadata,
    Column("building_id", ForeignKey("buildings.id", ondelete="CASCADE"), primary_key=True),
    Column("enabled", Boolean, nullable=False, server_default=true()),
    Column("message_id", BigInteger),  # the board's message in the group, once sent
    # The chat that message is in: a group upgraded or rebound since has another.
    Column("message_chat_id", BigInteger),
    Column("dirty_since", UtcDateTime),
    Column("shown_at", UtcDateTime),  # when the last send or edit was queued
    Column("shown", Text),  # its text: an unchanged board is not edited again
    Column("send_outbox_id", Integer),
    Column("edit_outbox_id", Integer),
    Column("pin_outbox_id", Integer),
    # Telegram refused the pin (the bot is no admin): the admins were told; not tried again
    # until the bot is made an admin or an admin turns the board on again.
    Column("pin_refused_at", UtcDateTime),
    Index(None, "dirty_since"),
)

# Where a meeting was posted (its announcement and reminders): the organiser's reply to one
# of them with the minutes finds the meeting through the outbox row's Telegram message id.
meeting_posts = Table(
    "meeting_posts",
    metadata,
    Column("outbox_id", Integer, primary_key=True, autoincrement=False),
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Index(None, "chat_id"),
)

# A request filed from a meeting's minutes (no foreign key: a plain ADD COLUMN on SQLite).
requests.append_column(Column("meeting_id", Integer))
Index("ix_requests_meeting_id", requests.c.meeting_id)
