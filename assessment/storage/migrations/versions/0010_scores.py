"""Each assessment's scores in the few figures the portfolio draws, with the state they were computed from
(assessment.storage.models.AssessmentScore). Submitted assessments are filled in from the result stored with
them (plain JSON: no question bank needed); assessments in progress are scored by the portfolio when it
first needs them.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)
BATCH = 500

# The stamps and the bank version are copied by the database itself, so they are the assessment's own
# values, byte for byte, whatever format an older release wrote them in.
FILL = sa.text(
    "INSERT INTO assessment_scores (assessment_id, updated_at, submitted_at, bank_version, form, "
    "overall_score, overall_level, uncapped_level, dimensions, expired, asked) "
    "SELECT id, updated_at, submitted_at, bank_version, :form, :overall_score, :overall_level, "
    ":uncapped_level, :dimensions, :expired, NULL FROM assessments WHERE id = :id"
)


def upgrade() -> None:
    op.create_table(
        "assessment_scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTC_TS, nullable=False),
        sa.Column("submitted_at", UTC_TS, nullable=True),
        sa.Column("bank_version", sa.String(64), nullable=False),
        sa.Column("form", sa.String(16), nullable=False),
        sa.Column("overall_score", sa.Float(), nullable=True),
        sa.Column("overall_level", sa.Integer(), nullable=True),
        sa.Column("uncapped_level", sa.Integer(), nullable=True),
        sa.Column("dimensions", sa.Text(), nullable=False),
        sa.Column("expired", sa.Text(), nullable=True),
        sa.Column("asked", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name="fk_assessment_scores_assessment_id_assessments",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", name="pk_assessment_scores"),
    )
    conn = op.get_bind()
    # Streamed (a server-side cursor on PostgreSQL): the snapshots, plans and all, are read a batch at a time,
    # not all into memory at once.
    stored = conn.execute(
        sa.text(
            "SELECT id, result_json FROM assessments "
            "WHERE submitted_at IS NOT NULL AND result_json IS NOT NULL ORDER BY id"
        ).execution_options(stream_results=True, yield_per=BATCH)
    )
    batch: list[dict[str, Any]] = []
    for assessment_id, text in stored:
        values = _values(text)
        if values is None:
            continue  # not a snapshot this release can read: the portfolio reads it the old way
        batch.append({"id": assessment_id, **values})
        if len(batch) == BATCH:
            conn.execute(FILL, batch)
            batch = []
    if batch:
        conn.execute(FILL, batch)


def _values(text: str) -> dict[str, Any] | None:
    # As records.StoredScore.of writes them (tests/storage/test_scores_storage.py holds the two together).
    try:
        result = json.loads(text)["result"]
        dims = {
            d: [
                r["score"],
                r["level"],
                r["questions"],
                r["answered"],
                r["applicable"],
                int(bool(r.get("provisional"))),
            ]
            for d, r in result["dimensions"].items()
        }
        expired = result.get("expired") or None
        flags = None if expired is None else json.dumps(expired, separators=(",", ":"), sort_keys=True)
        return {
            "form": result.get("form") or "full",
            "overall_score": result["overall_score"],
            "overall_level": result["overall_level"],
            "uncapped_level": result["uncapped_level"],
            "dimensions": json.dumps(dims, separators=(",", ":")),
            "expired": flags,
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def downgrade() -> None:
    op.drop_table("assessment_scores")
