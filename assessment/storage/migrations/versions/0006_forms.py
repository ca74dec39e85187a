"""The quick check: the form an assessment is answered in, and the dimensions chosen for a deep dive.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # recreate="never", as in 0003: copying the table on SQLite would run its children's ON DELETE actions.
    # A column with a server default (every existing assessment is a full survey) and a nullable one are
    # added in place on both backends.
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("form", sa.String(16), server_default="full", nullable=False))
        batch.add_column(sa.Column("deep_dive", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("deep_dive")
        batch.drop_column("form")
