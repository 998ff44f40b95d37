"""What every table module shares: the metadata (its naming convention), the declarative base,
UTC timestamps and the CHECK helper.

A leaf module, so models.py and console_models.py both build on it without importing each
other; models.py re-exports these names and imports console_models.py, so its `metadata`
holds every table (Alembic and schema_differences read it there).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

from bot.timestamps import utcnow  # noqa: F401 - re-exported: every table's default

# Named constraints, so migrations on SQLite (batch mode) and PostgreSQL can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
# Typed Any: SQLAlchemy 1.4 ships no type information, and mypy refuses an untyped variable as a base class.
Base: Any = declarative_base(metadata=metadata)


class UTCDateTime(TypeDecorator):
    """A timestamp that goes in and comes out as an aware UTC datetime on every database.

    PostgreSQL stores `timestamp with time zone`; SQLite has no time zones, so the value
    is stored as naive UTC and the zone is put back on the way out. Naive datetimes are
    refused on the way in, because guessing their zone is how an 18:00 handoff turns
    into a 19:00 one.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware UTC datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect: Dialect) -> Optional[datetime]:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
