"""Carrying assessments to a new bank version: the carry-overs and the answers as they were before.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)
VALUE_CHECK = "value IS NULL OR value IN ('0', '1', '2', '3', '4', 'dk', 'na')"


def upgrade() -> None:
    # New tables only: no existing row is touched, so the upgrade is safe while replicas still run.
    op.create_table(
        "carryovers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("from_version", sa.String(64), nullable=False),
        sa.Column("to_version", sa.String(64), nullable=False),
        sa.Column("carried_at", UTC_TS, nullable=False),
        sa.Column("changes_json", sa.Text(), nullable=False),
        sa.Column("seen_at", UTC_TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_carryovers_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_carryovers"),
    )
    op.create_index("ix_carryovers_assessment_id", "carryovers", ["assessment_id"])
    op.create_table(
        "answer_archive",
        sa.Column("carryover_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("bank_version", sa.String(64), nullable=False),
        sa.Column("value", sa.String(2), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("answered_at", UTC_TS, nullable=False),
        sa.Column("saved_at", UTC_TS, nullable=False),
        sa.CheckConstraint(VALUE_CHECK, name="ck_answer_archive_value_allowed"),
        sa.ForeignKeyConstraint(
            ["carryover_id"],
            ["carryovers.id"],
            name="fk_answer_archive_carryover_id_carryovers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_answer_archive_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("carryover_id", "question_id", name="pk_answer_archive"),
    )
    op.create_index("ix_answer_archive_assessment_id", "answer_archive", ["assessment_id"])


def downgrade() -> None:
    op.drop_index("ix_answer_archive_assessment_id", table_name="answer_archive")
    op.drop_table("answer_archive")
    op.drop_index("ix_carryovers_assessment_id", table_name="carryovers")
    op.drop_table("carryovers")
