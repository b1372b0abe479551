"""initial schema

Revision ID: 0001
Revises: (none)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "communities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("next_number", sa.Integer(), server_default="1", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_communities")),
        sa.UniqueConstraint("name", name=op.f("uq_communities_name")),
    )
    op.create_table(
        "failed_updates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_updates")),
    )
    op.create_table(
        "inbox",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_inbox")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("fallback", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_state_priority_id"), ["state", "priority", "id"], unique=False
        )

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("language_code", sa.String(length=16), nullable=True),
        sa.Column("started_bot", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("telegram_id", name=op.f("uq_people_telegram_id")),
        sa.UniqueConstraint("username", name=op.f("uq_people_username")),
    )
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["people.id"], name=op.f("fk_candidates_reporter_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidates")),
        sa.UniqueConstraint("chat_id", "message_id", name=op.f("uq_candidates_chat_id_message_id")),
    )
    op.create_table(
        "community_admins",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_community_admins_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_community_admins_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("community_id", "person_id", name=op.f("pk_community_admins")),
    )
    op.create_table(
        "grids",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_grids_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grids")),
        sa.UniqueConstraint("community_id", "code", name=op.f("uq_grids_community_id_code")),
    )
    op.create_table(
        "buildings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_buildings_grid_id_grids"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buildings")),
        sa.UniqueConstraint("chat_id", name=op.f("uq_buildings_chat_id")),
        sa.UniqueConstraint("grid_id", "number", name=op.f("uq_buildings_grid_id_number")),
    )
    op.create_table(
        "requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=True),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("building_label", sa.String(length=32), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("room", sa.String(length=16), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["people.id"], name=op.f("fk_requests_assignee_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name=op.f("fk_requests_building_id_buildings")
        ),
        sa.ForeignKeyConstraint(
            ["community_id"], ["communities.id"], name=op.f("fk_requests_community_id_communities")
        ),
        sa.ForeignKeyConstraint(["grid_id"], ["grids.id"], name=op.f("fk_requests_grid_id_grids")),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["people.id"], name=op.f("fk_requests_reporter_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("chat_id", "message_id", name=op.f("uq_requests_chat_id_message_id")),
        sa.UniqueConstraint("community_id", "number", name=op.f("uq_requests_community_id_number")),
    )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_requests_assignee_id_state"), ["assignee_id", "state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_requests_community_id_created_at"),
            ["community_id", "created_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_requests_reporter_id"), ["reporter_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_requests_state_resolved_at"), ["state", "resolved_at"], unique=False
        )

    op.create_table(
        "roles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("grid_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
            name=op.f("fk_roles_building_id_buildings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["grid_id"], ["grids.id"], name=op.f("fk_roles_grid_id_grids"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_roles_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roles")),
    )
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_roles_grid_id_building_id"), ["grid_id", "building_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_roles_person_id"), ["person_id"], unique=False)

    op.create_table(
        "request_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("state_from", sa.String(length=16), nullable=True),
        sa.Column("state_to", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["people.id"], name=op.f("fk_request_events_actor_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_events_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_events")),
    )
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_request_events_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_request_events_request_id"))

    op.drop_table("request_events")
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roles_person_id"))
        batch_op.drop_index(batch_op.f("ix_roles_grid_id_building_id"))

    op.drop_table("roles")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requests_state_resolved_at"))
        batch_op.drop_index(batch_op.f("ix_requests_reporter_id"))
        batch_op.drop_index(batch_op.f("ix_requests_community_id_created_at"))
        batch_op.drop_index(batch_op.f("ix_requests_assignee_id_state"))

    op.drop_table("requests")
    op.drop_table("buildings")
    op.drop_table("grids")
    op.drop_table("community_admins")
    op.drop_table("candidates")
    op.drop_table("people")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state_priority_id"))

    op.drop_table("outbox")
    op.drop_table("inbox")
    op.drop_table("failed_updates")
    op.drop_table("communities")
