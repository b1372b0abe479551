"""trust: when a person was last told they reached the filing limit

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch rebuild: rebuilding `people` on SQLite would drop
    # the expression index of migration 0005, which SQLAlchemy cannot see to copy.
    op.add_column("people", sa.Column("limit_told_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite has DROP COLUMN since 3.35; Alembic would rebuild the table instead.
    op.execute("ALTER TABLE people DROP COLUMN limit_told_at")
