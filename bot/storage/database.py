"""Where the handoff database is and how to connect to it.

Configuration is one environment variable, DATABASE_URL, with a local SQLite file as
the default so `make run` needs nothing while production points at PostgreSQL without
a code change (see ../shared/architecture.md, "Decisions worth keeping").
"""

from __future__ import annotations

import os
from typing import Any, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

from bot import project

DEFAULT_PATH = project.ROOT / "var" / "helpline.db"
# How long a SQLite writer waits for another writer before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000


def database_url() -> str:
    """DATABASE_URL, or the local SQLite file under var/ (created on first use)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DEFAULT_PATH.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_PATH}"
    if url.startswith("postgres://"):
        # Hosting platforms still hand out the scheme SQLAlchemy 1.4 no longer accepts.
        url = "postgresql://" + url[len("postgres://"):]
    return url


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: Optional[str] = None) -> Engine:
    """An engine for `url` (default: database_url()).

    SQLite gets WAL (readers never block the one writer, so the console can read while
    the action server commits), enforced foreign keys (off by default in SQLite) and a
    busy timeout; its connections may move between threads because the delivery worker
    runs its database calls in a thread pool, one session at a time. A SQLite connection
    that met a read-only or unreachable file stays broken after the file is mended, so such
    an error discards the pool's connections (as a lost server connection would be).
    """
    url = url or database_url()
    kwargs: dict[str, Any] = {"future": True}
    if make_url(url).get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "handle_error", _sqlite_file_trouble_is_a_disconnect)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


SQLITE_FILE_TROUBLE = ("readonly database", "disk i/o error", "unable to open database file")


def _sqlite_file_trouble_is_a_disconnect(context: Any) -> None:
    if any(words in str(context.original_exception).lower() for words in SQLITE_FILE_TROUBLE):
        context.is_disconnect = True


def session_factory(engine: Engine) -> sessionmaker:
    """Sessions in the 2.0 style; objects stay readable after commit (we return plain dicts)."""
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)
