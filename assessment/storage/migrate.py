from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from .engine import WRITE, default_url, make_engine
from .pg import unbounded

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant: replicas starting together take turns migrating PostgreSQL.
_PG_LOCK_KEY = 0x666F636F


def alembic_config() -> Config:
    cfg = Config()
    # Config values go through configparser interpolation, hence the doubled percent signs.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    _run(engine, revision, downgrade=False)


def downgrade_engine(engine: Engine, revision: str) -> None:
    _run(engine, revision, downgrade=True)


def upgrade(url: str | None = None, revision: str = "head") -> None:
    engine = make_engine(url or default_url())
    try:
        upgrade_engine(engine, revision)
    finally:
        engine.dispose()


def _run(engine: Engine, revision: str, *, downgrade: bool) -> None:
    cfg = alembic_config()
    with engine.execution_options(**WRITE).begin() as conn, unbounded(conn):
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        cfg.attributes["connection"] = conn
        if downgrade:
            command.downgrade(cfg, revision)
        else:
            command.upgrade(cfg, revision)
