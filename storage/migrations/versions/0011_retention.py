"""trust: when a request's personal text was anonymised (retention, /forgetme)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch rebuild: rebuilding `requests` on SQLite would drop
    # the expression index of migration 0005, which SQLAlchemy cannot see to copy.
    op.add_column("requests", sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        op.f("ix_requests_anonymised_at_closed_at"), "requests", ["anonymised_at", "closed_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_requests_anonymised_at_closed_at"), table_name="requests")
    # SQLite has DROP COLUMN since 3.35; Alembic would rebuild the table instead.
    op.execute("ALTER TABLE requests DROP COLUMN anonymised_at")
