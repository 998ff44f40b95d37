"""Alembic environment for the handoff database, run by bot.storage.migrate (no alembic.ini).

`migrate.upgrade()` passes an open connection in `config.attributes["connection"]`, so
the SQLite pragmas and the URL handling in bot.storage.database apply to migrations too.
"""

from __future__ import annotations

from alembic import context

from bot.storage.database import database_url, make_engine
from bot.storage.models import metadata

config = context.config


def run_migrations_offline() -> None:
    """`alembic upgrade --sql`: print the SQL instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or database_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection) -> None:
    # Batch mode lets later revisions ALTER tables on SQLite (which rebuilds the table).
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as connection:
            _run_on(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
