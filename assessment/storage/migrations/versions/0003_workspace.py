"""Consultants and their workspace: who owns a client, archiving, several respondents per unit.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

UTC_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "consultants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("oidc_subject", sa.String(255), nullable=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TS, nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", UTC_TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consultants"),
        sa.UniqueConstraint("username", name="uq_consultants_username"),
        sa.UniqueConstraint("oidc_subject", name="uq_consultants_oidc_subject"),
    )
    # recreate="never": copying a table drops the original, and on SQLite (foreign keys on) that DROP runs
    # the ON DELETE actions of every child row: answers and tokens would be deleted, unit links nulled.
    # Each change here is a nullable column, which SQLite adds in place.
    with op.batch_alter_table("organizations", recreate="never") as batch:
        batch.add_column(sa.Column("archived_at", UTC_TS, nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with a REFERENCES clause in place (the value defaults to NULL).
        op.execute(
            "ALTER TABLE organizations ADD COLUMN consultant_id INTEGER "
            "CONSTRAINT fk_organizations_consultant_id_consultants REFERENCES consultants (id)"
        )
    else:
        op.add_column("organizations", sa.Column("consultant_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_organizations_consultant_id_consultants",
            "organizations",
            "consultants",
            ["consultant_id"],
            ["id"],
        )
    op.create_index("ix_organizations_consultant_id", "organizations", ["consultant_id"])
    with op.batch_alter_table("units", recreate="never") as batch:
        batch.add_column(sa.Column("archived_at", UTC_TS, nullable=True))
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.add_column(sa.Column("respondent", sa.String(100), nullable=True))


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("assessments", recreate="never") as batch:
        batch.drop_column("respondent")
    with op.batch_alter_table("units", recreate="never") as batch:
        batch.drop_column("archived_at")
    op.drop_index("ix_organizations_consultant_id", table_name="organizations")
    if bind.dialect.name != "sqlite":
        op.drop_constraint("fk_organizations_consultant_id_consultants", "organizations", type_="foreignkey")
        op.drop_column("organizations", "consultant_id")
        op.drop_column("organizations", "archived_at")
        op.drop_table("consultants")
        return
    # SQLite cannot drop a column that has a foreign key without copying the table, and the copy's DROP
    # would run the ON DELETE actions of every child row (see upgrade). Foreign keys can only be switched
    # off between transactions, so this step commits, copies with them off, checks, and carries on.
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")
    bind.exec_driver_sql("BEGIN IMMEDIATE")
    with op.batch_alter_table("organizations", recreate="always") as batch:
        batch.drop_column("archived_at")
        batch.drop_column("consultant_id")
    op.drop_table("consultants")
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"downgrade left broken foreign keys: {broken[:5]}")
    bind.exec_driver_sql("COMMIT")
    bind.exec_driver_sql("PRAGMA foreign_keys = ON")
    bind.exec_driver_sql("BEGIN IMMEDIATE")
