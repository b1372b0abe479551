"""the building's board, where meetings were posted, requests filed from minutes

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("message_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("dirty_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shown", sa.Text(), nullable=True),
        sa.Column("send_outbox_id", sa.Integer(), nullable=True),
        sa.Column("edit_outbox_id", sa.Integer(), nullable=True),
        sa.Column("pin_outbox_id", sa.Integer(), nullable=True),
        sa.Column("pin_refused_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
            name=op.f("fk_boards_building_id_buildings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("building_id", name=op.f("pk_boards")),
    )
    op.create_index(op.f("ix_boards_dirty_since"), "boards", ["dirty_since"])
    op.create_table(
        "meeting_posts",
        sa.Column("outbox_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_posts_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("outbox_id", name=op.f("pk_meeting_posts")),
    )
    op.create_index(op.f("ix_meeting_posts_chat_id"), "meeting_posts", ["chat_id"])
    # A plain ADD COLUMN, not a batch rebuild: rebuilding `requests` on SQLite would drop
    # the expression index of migration 0005.
    op.add_column("requests", sa.Column("meeting_id", sa.Integer(), nullable=True))
    op.create_index("ix_requests_meeting_id", "requests", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_requests_meeting_id", table_name="requests")
    op.execute("ALTER TABLE requests DROP COLUMN meeting_id")
    op.drop_index(op.f("ix_meeting_posts_chat_id"), table_name="meeting_posts")
    op.drop_table("meeting_posts")
    op.drop_index(op.f("ix_boards_dirty_since"), table_name="boards")
    op.drop_table("boards")
