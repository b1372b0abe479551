"""a community's language for its groups; people the bot cannot reach, and why

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable columns only: safe while workers of the previous version run.
    with op.batch_alter_table("communities") as table:
        table.add_column(sa.Column("locale", sa.String(16)))
    with op.batch_alter_table("people") as table:
        table.add_column(sa.Column("unreachable", sa.Text()))
        table.add_column(sa.Column("unreachable_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.drop_column("unreachable_at")
        table.drop_column("unreachable")
    with op.batch_alter_table("communities") as table:
        table.drop_column("locale")
