"""the danger that makes a request urgent (gas, fire, a person unwell, ...)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch rebuild: rebuilding `requests` on SQLite would drop
    # the expression index of 0005. Nullable: safe while the previous version runs.
    op.add_column("requests", sa.Column("danger", sa.String(16)))


def downgrade() -> None:
    op.drop_column("requests", "danger")
