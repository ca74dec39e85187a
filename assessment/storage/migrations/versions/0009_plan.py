"""The plan as a team keeps it: each item's owner, due date, status and note, and a target level per
dimension, per assessment.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "plan_items",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.String(100), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("changed_at", UTC_TS, nullable=False),
        sa.Column("saved_at", UTC_TS, nullable=False),
        sa.CheckConstraint(
            "status IN ('todo', 'doing', 'done', 'dropped')", name="ck_plan_items_status_allowed"
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_plan_items_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "recommendation_id", name="pk_plan_items"),
    )
    op.create_table(
        "plan_targets",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("changed_at", UTC_TS, nullable=False),
        sa.Column("saved_at", UTC_TS, nullable=False),
        sa.CheckConstraint(
            "level IS NULL OR (level >= 1 AND level <= 5)", name="ck_plan_targets_level_allowed"
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_plan_targets_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", "dimension", name="pk_plan_targets"),
    )


def downgrade() -> None:
    op.drop_table("plan_targets")
    op.drop_table("plan_items")
