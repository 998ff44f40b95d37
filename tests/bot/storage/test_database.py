"""Connection settings: a safe local default, SQLite tuned for one writer and many readers."""

from __future__ import annotations

from sqlalchemy import text

from bot import project
from bot.storage.database import database_url, make_engine, safe_url


def test_without_database_url_the_default_is_a_sqlite_file_under_var(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url() == f"sqlite:///{project.ROOT / 'var' / 'helpline.db'}"
    assert (project.ROOT / "var").is_dir()


def test_database_url_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://helpline@db:5432/helpline")
    assert database_url() == "postgresql://helpline@db:5432/helpline"
    monkeypatch.setenv("DATABASE_URL", "postgres://helpline@db/helpline")
    assert database_url() == "postgresql://helpline@db/helpline"


def test_passwords_are_masked_in_messages():
    assert "s3cret" not in safe_url("postgresql://helpline:s3cret@db/helpline")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        engine.dispose()
