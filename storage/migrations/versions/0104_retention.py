"""trust: when a request's personal text was anonymised (retention, /forgetme)

Revision ID: 0104
Revises: 0103
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0104"
down_revision: str | None = "0103"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        op.f("ix_requests_anonymised_at_closed_at"), "requests", ["anonymised_at", "closed_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_requests_anonymised_at_closed_at"), table_name="requests")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("anonymised_at")
