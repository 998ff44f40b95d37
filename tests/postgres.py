"""A throwaway PostgreSQL for tests, and the fixtures that run storage tests on both databases.

The server is started the way ../shared/services.md describes (initdb as the
`postgres` user into a temporary directory, pg_ctl on a free port of 127.0.0.1) once
per test session, whichever test directory asks first, and stopped and removed at the
end of the session. Each test gets its own fresh database on it, so tests never see
each other's rows.

Conftests use it with `from tests.postgres import db_url, store  # noqa: F401`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Iterator, Optional

import psycopg2
import pytest
from sqlalchemy.orm import sessionmaker

from bot.stack import free_port

INITDB = Path("/usr/local/bin/initdb")
PG_CTL = Path("/usr/local/bin/pg_ctl")
USER = "helpline"


class PostgresServer:
    """One PostgreSQL 15 cluster in a temporary directory, owned by the `postgres` user."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="helpline-pg-"))
        self.port = 0
        self._running = False

    def _as_postgres(self, *command: str) -> list[str]:
        # initdb refuses to run as root; as any other user it runs as that user.
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)

    def _run(self, *command: str) -> None:
        result = subprocess.run(self._as_postgres(*command), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            log = self.directory / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}\n{tail}")

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
        data = self.directory / "data"
        self._run(str(INITDB), "-D", str(data), "-A", "trust", "-U", USER)
        for attempt in range(3):  # the free port can be taken between choosing and binding it
            self.port = free_port()
            options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            try:
                self._run(str(PG_CTL), "-D", str(data), "-l", str(self.directory / "log"), "-w", "-o", options, "start")
                self._running = True
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user=USER, dbname="postgres")
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
        finally:
            connection.close()

    def create_database(self) -> tuple[str, str]:
        """A new empty database: (name, SQLAlchemy URL)."""
        name = "t_" + uuid.uuid4().hex[:16]
        self._admin(f"CREATE DATABASE {name}")
        return name, self.url(name)

    def drop_database(self, name: str) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        """Stop this server only (never any other PostgreSQL on the machine) and remove its files."""
        if self._running:
            self._run(str(PG_CTL), "-D", str(self.directory / "data"), "-m", "fast", "-w", "stop")
            self._running = False
        shutil.rmtree(self.directory, ignore_errors=True)


_server: Optional[PostgresServer] = None


def postgres_server(config: pytest.Config) -> PostgresServer:
    """The session's server, started on first use and stopped when pytest finishes."""
    global _server
    if not INITDB.exists():
        pytest.skip(
            f"!!! PostgreSQL NOT TESTED: {INITDB} is missing. The storage and delivery code is only "
            f"checked on SQLite here; install PostgreSQL 15 (see ../shared/services.md) to test both. !!!"
        )
    if _server is None:
        server = PostgresServer()
        try:
            server.start()
        except BaseException:
            server.stop()
            raise
        _server = server

        def shutdown() -> None:
            global _server
            server.stop()
            _server = None

        config.add_cleanup(shutdown)
    return _server


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, then a fresh database on the throwaway PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'helpline.db'}"
        return
    server = postgres_server(request.config)
    name, url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[sessionmaker]:
    """A session factory on the migrated database."""
    from bot.storage.database import make_engine, session_factory
    from bot.storage.migrate import upgrade

    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()
