"""The spool tests run on SQLite and on a throwaway PostgreSQL (see tests/postgres.py)."""

from tests.postgres import db_url, store  # noqa: F401
