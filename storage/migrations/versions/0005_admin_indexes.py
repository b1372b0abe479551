"""admin indexes: open requests by state and grid; on SQLite, the figures' period index

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same texts as storage.schema.SQLITE_ACK_SECONDS / SQLITE_RESOLVE_SECONDS, copied
# rather than imported: a migration keeps what it did, whatever the schema module says later.
ACK_SECONDS = "round((julianday(acknowledged_at) - julianday(created_at)) * 86400.0)"
RESOLVE_SECONDS = "round((julianday(resolved_at) - julianday(created_at)) * 86400.0)"


def upgrade() -> None:
    op.create_index(
        "ix_requests_community_state_grid",
        "requests",
        ["community_id", "state", "grid_id", "due_at", "created_at"],
    )
    op.create_index(
        "ix_requests_grid_state", "requests", ["grid_id", "state", "due_at", "created_at"]
    )
    if op.get_bind().dialect.name == "sqlite":
        # Covers the figures of a period in a community, grid by grid (in grid order: no
        # sort to group them), with both times precomputed. The raw times are there too:
        # SQLite takes an index as covering only if it holds every column the query names.
        op.execute(
            "CREATE INDEX ix_requests_grid_period ON requests (community_id, grid_id,"
            " created_at, state, rating, acknowledged_at, resolved_at,"
            f" {ACK_SECONDS}, {RESOLVE_SECONDS})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX ix_requests_grid_period")
    op.drop_index("ix_requests_grid_state", table_name="requests")
    op.drop_index("ix_requests_community_state_grid", table_name="requests")
