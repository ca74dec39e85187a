"""Consensus: an assessment can hold the answers a consultant agreed for a unit; every change is logged.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)
VALUES = "('0', '1', '2', '3', '4', 'dk', 'na')"


def upgrade() -> None:
    # recreate="never": SQLite adds a column with a constant default in place. Copying the table instead
    # would drop the original, and that DROP runs the ON DELETE actions of its answers and tokens (see 0003).
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("consensus", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "consensus_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("old_value", sa.String(2), nullable=True),
        sa.Column("new_value", sa.String(2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTC_TS, nullable=False),
        sa.CheckConstraint(
            f"old_value IS NULL OR old_value IN {VALUES}", name="ck_consensus_changes_old_value_allowed"
        ),
        sa.CheckConstraint(f"new_value IN {VALUES}", name="ck_consensus_changes_new_value_allowed"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_consensus_changes_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["consultant_id"], ["consultants.id"], name="fk_consensus_changes_consultant_id_consultants"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consensus_changes"),
    )
    op.create_index("ix_consensus_changes_assessment_id", "consensus_changes", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_consensus_changes_assessment_id", table_name="consensus_changes")
    op.drop_table("consensus_changes")
    # Agreed answers go with their assessments: the schema before 0007 would take them for a respondent's.
    op.execute("DELETE FROM assessments WHERE consensus")
    # SQLite (3.35+) drops a plain column in place: no copy of the table, so no cascade either.
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("consensus")
