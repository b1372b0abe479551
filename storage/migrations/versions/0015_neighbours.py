"""neighbours as the grid's eyes: co-reporters, households affected, the dissatisfied
resident's reason, the bot's messages linked to their request, duplicate questions

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "request_coreporters",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_request_coreporters_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_request_coreporters_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "person_id", name=op.f("pk_request_coreporters")),
    )
    op.create_index(op.f("ix_request_coreporters_person_id"), "request_coreporters", ["person_id"])
    # Plain ADD COLUMNs: a batch rebuild of `requests` on SQLite would drop the expression
    # index of migration 0005.
    op.add_column(
        "requests", sa.Column("households", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("requests", sa.Column("dissatisfied_by", sa.Integer(), nullable=True))
    op.add_column(
        "requests", sa.Column("dissatisfied_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("requests", sa.Column("dissatisfaction", sa.Text(), nullable=True))
    op.add_column("outbox", sa.Column("request_id", sa.Integer(), nullable=True))
    # Only the bot's messages about a request: tasks, menus and broadcasts pay nothing.
    op.create_index(
        op.f("ix_outbox_chat_id_message_id"),
        "outbox",
        ["chat_id", "message_id"],
        sqlite_where=sa.text("request_id IS NOT NULL"),
        postgresql_where=sa.text("request_id IS NOT NULL"),
    )
    op.add_column("candidates", sa.Column("duplicate_of", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE candidates DROP COLUMN duplicate_of")
    op.drop_index(op.f("ix_outbox_chat_id_message_id"), table_name="outbox")
    op.execute("ALTER TABLE outbox DROP COLUMN request_id")
    for column in ("dissatisfaction", "dissatisfied_at", "dissatisfied_by", "households"):
        op.execute(f"ALTER TABLE requests DROP COLUMN {column}")
    op.drop_index(op.f("ix_request_coreporters_person_id"), table_name="request_coreporters")
    op.drop_table("request_coreporters")
