"""admin: broadcasts and their targets, removed chats, FSM state, indexes for lists and figures

Revision ID: 0003
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("author_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("scope_ids", sa.Text(), server_default="[]", nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("pin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("progress_outbox_id", sa.Integer(), nullable=True),
        sa.Column("progress_shown", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["community_id"],
            ["communities.id"],
            name=op.f("fk_broadcasts_community_id_communities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_broadcasts_author_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    op.create_index(op.f("ix_broadcasts_state"), "broadcasts", ["state"])
    op.create_index(op.f("ix_broadcasts_community_id_id"), "broadcasts", ["community_id", "id"])
    op.create_table(
        "broadcast_targets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("pin_outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name=op.f("fk_broadcast_targets_broadcast_id_broadcasts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
            name=op.f("fk_broadcast_targets_building_id_buildings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_targets")),
        sa.UniqueConstraint(
            "broadcast_id",
            "building_id",
            name=op.f("uq_broadcast_targets_broadcast_id_building_id"),
        ),
        sa.UniqueConstraint("outbox_id", name=op.f("uq_broadcast_targets_outbox_id")),
        sa.UniqueConstraint("pin_outbox_id", name=op.f("uq_broadcast_targets_pin_outbox_id")),
    )
    op.create_table(
        "removed_chats",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_removed_chats")),
    )
    op.create_table(
        "fsm_states",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("data", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_fsm_states")),
    )
    op.create_index("ix_requests_community_state_id", "requests", ["community_id", "state", "id"])
    op.create_index("ix_requests_grid_created_at", "requests", ["grid_id", "created_at"])
    op.create_index("ix_requests_building_state", "requests", ["building_id", "state"])
    op.create_index(
        "ix_requests_figures",
        "requests",
        [
            "community_id",
            "created_at",
            "grid_id",
            "state",
            "rating",
            "acknowledged_at",
            "resolved_at",
        ],
    )
    op.create_index(
        "ix_requests_community_category_created_at",
        "requests",
        ["community_id", "category", "created_at"],
    )
    op.create_index("ix_request_events_state_to_at", "request_events", ["state_to", "at"])


def downgrade() -> None:
    op.drop_index("ix_request_events_state_to_at", table_name="request_events")
    op.drop_index("ix_requests_community_category_created_at", table_name="requests")
    op.drop_index("ix_requests_figures", table_name="requests")
    op.drop_index("ix_requests_building_state", table_name="requests")
    op.drop_index("ix_requests_grid_created_at", table_name="requests")
    op.drop_index("ix_requests_community_state_id", table_name="requests")
    op.drop_table("fsm_states")
    op.drop_table("removed_chats")
    op.drop_table("broadcast_targets")
    op.drop_index(op.f("ix_broadcasts_community_id_id"), table_name="broadcasts")
    op.drop_index(op.f("ix_broadcasts_state"), table_name="broadcasts")
    op.drop_table("broadcasts")
