"""Bring the database to the newest schema with Alembic, from code.

There is no alembic.ini: the environment lives in bot/storage/migrations and is
configured here, so every entry point (the action server, the CLI, the tests) runs
`upgrade()` the same way and nothing depends on the working directory.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Optional

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from bot.storage.database import database_url, make_engine, session_factory
from bot.storage.models import metadata

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every process that migrates.
_PG_MIGRATION_LOCK = 727_001


def alembic_config() -> Config:
    """An Alembic Config pointing at bot/storage/migrations (for `command.*` calls)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(url: Optional[str] = None) -> None:
    """`alembic upgrade head` on `url` (default: DATABASE_URL or the local SQLite file).

    Cheap when already up to date, so every process calls it on start. On PostgreSQL a
    transaction-scoped advisory lock makes processes that start together (bot/stack.py starts several) take turns.
    """
    engine = make_engine(url or database_url())
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def schema_differences(url: Optional[str] = None) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match the models ([] = in step)."""
    engine = make_engine(url or database_url())
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def migrated_sessions(url: Optional[str] = None) -> sessionmaker:
    """A session factory for `url` (default: DATABASE_URL or the local SQLite file), migrated
    first; one per URL per process, for the action server, the channels and the CLI."""
    return _migrated_sessions(url or database_url())


@cache
def _migrated_sessions(url: str) -> sessionmaker:
    upgrade(url)
    return session_factory(make_engine(url))
