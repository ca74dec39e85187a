"""Links that end and read-only share links (kind, expiry, last opened, a label); consultants' sessions that
survive a reload (a cookie's hash).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Every existing link is a resume link. SQLite and PostgreSQL both add a column with its default and a
    # column CHECK in place, so no table is copied (a copy's DROP would cascade on SQLite; see 0003).
    op.execute(
        "ALTER TABLE access_tokens ADD COLUMN kind VARCHAR(10) DEFAULT 'resume' NOT NULL "
        "CONSTRAINT ck_access_tokens_kind_allowed CHECK (kind IN ('resume', 'share'))"
    )
    with op.batch_alter_table("access_tokens", recreate="never") as batch:
        batch.add_column(sa.Column("expires_at", UTC_TS, nullable=True))
        batch.add_column(sa.Column("last_opened_at", UTC_TS, nullable=True))
        batch.add_column(sa.Column("label", sa.String(100), nullable=True))
    op.create_table(
        "consultant_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultant_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=True),
        sa.Column("ticket_hash", sa.String(64), nullable=True),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("last_seen_at", UTC_TS, nullable=False),
        sa.Column("revoked_at", UTC_TS, nullable=True),
        sa.ForeignKeyConstraint(
            ["consultant_id"],
            ["consultants.id"],
            name="fk_consultant_sessions_consultant_id_consultants",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consultant_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_consultant_sessions_token_hash"),
        sa.UniqueConstraint("ticket_hash", name="uq_consultant_sessions_ticket_hash"),
    )
    op.create_index("ix_consultant_sessions_consultant_id", "consultant_sessions", ["consultant_id"])


def downgrade() -> None:
    op.drop_index("ix_consultant_sessions_consultant_id", table_name="consultant_sessions")
    op.drop_table("consultant_sessions")
    # Both backends drop a column together with its column CHECK, in place (SQLite 3.35+).
    with op.batch_alter_table("access_tokens", recreate="never") as batch:
        batch.drop_column("label")
        batch.drop_column("last_opened_at")
        batch.drop_column("expires_at")
        batch.drop_column("kind")
