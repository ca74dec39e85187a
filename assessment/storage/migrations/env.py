from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from assessment.storage.engine import default_url, make_engine
from assessment.storage.models import Base

config = context.config


def _configure(connection: Connection) -> None:
    # render_as_batch: SQLite can only alter tables by copying them, which batch mode does.
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        # assessment.storage.migrate hands us a connection inside its own transaction.
        _configure(connection)
        return
    if context.is_offline_mode():
        url = config.get_main_option("sqlalchemy.url") or default_url()
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or default_url())
    try:
        with engine.begin() as conn:
            _configure(conn)
    finally:
        engine.dispose()


run()
