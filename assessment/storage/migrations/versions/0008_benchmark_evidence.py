"""Peer benchmark opt-ins, evidence dates and a re-assessment cadence (issue 14, items 5 and 6).

- organizations.benchmark_opt_in: a self-assessing person agreed at Start to be counted (default off);
- consultants.benchmark_opt_in: a consultant agreed that their clients are counted (default off);
- organizations.reassess_months: how often a client is to be assessed again (NULL: the default, 12);
- answers.evidence_date: the date of the answer's evidence (the last drill, the last review of the guide).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # recreate="never": SQLite adds a column in place. Copying a table instead would drop the original,
    # and that DROP runs the ON DELETE actions of the rows that point at it (see 0003 and 0007).
    with op.batch_alter_table("organizations", recreate="never") as batch:
        batch.add_column(
            sa.Column("benchmark_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("reassess_months", sa.Integer(), nullable=True))
    with op.batch_alter_table("consultants", recreate="never") as batch:
        batch.add_column(
            sa.Column("benchmark_opt_in", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("answers", recreate="never") as batch:
        batch.add_column(sa.Column("evidence_date", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place: no copy of the table, so no cascade either.
    with op.batch_alter_table("answers", recreate="never") as batch:
        batch.drop_column("evidence_date")
    with op.batch_alter_table("consultants", recreate="never") as batch:
        batch.drop_column("benchmark_opt_in")
    with op.batch_alter_table("organizations", recreate="never") as batch:
        batch.drop_column("reassess_months")
        batch.drop_column("benchmark_opt_in")
