"""The migrated schema is the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, String, inspect

from bot.storage.database import make_engine
from bot.storage.migrate import alembic_config, schema_differences, upgrade
from bot.storage.models import metadata


def test_upgrade_creates_exactly_the_models_schema_and_can_run_again(db_url):
    upgrade(db_url)
    upgrade(db_url)  # every process migrates on start: the second run must be a no-op
    assert schema_differences(db_url) == []

    engine = make_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == {
            "alembic_version", "handoffs", "transcript_messages", "outbox",
            "console_users", "console_sessions", "console_api_tokens", "handoff_notes", "handoff_audit", "purges",
            "login_throttles",
        }
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        assert current == ScriptDirectory.from_config(alembic_config()).get_current_head()
    finally:
        engine.dispose()


def test_the_comparison_would_notice_a_model_change(db_url):
    """Guard against a check that always passes: a column added to the models shows up."""
    upgrade(db_url)
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["handoffs"].append_column(Column("case_number", String(32)))

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), changed)
    finally:
        engine.dispose()
    assert [d[0] for d in differences] == ["add_column"]
    assert differences[0][3].name == "case_number"


def _migrate(db_url: str, revision: str, direction=None) -> None:
    """Upgrade (or, with direction=command.downgrade, downgrade) to one revision, as migrate.upgrade does."""
    from alembic import command

    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            (direction or command.upgrade)(config, revision)
    finally:
        engine.dispose()


def test_0005_keeps_accounts_sessions_and_tokens_and_gives_old_tokens_90_days(db_url):
    """The lockout columns go and tokens gain an expiry without losing a row (SQLite rebuilds the
    tables, which must not cascade into the sessions and tokens that refer to the accounts)."""
    from datetime import datetime, timedelta, timezone

    from alembic import command
    from sqlalchemy import text

    from bot.storage import console
    from bot.storage.database import session_factory

    _migrate(db_url, "0004")
    engine = make_engine(db_url)
    password_hash = console._hasher.hash("correct horse battery")
    stamp = "2026-01-01 00:00:00"
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO console_users (id, name, role, password_hash, failed_attempts, locked_until, created_at) "
            f"VALUES (1, 'Alice Smith', 'counsellor', :hash, 5, '2099-01-01 00:00:00', '{stamp}')"), {"hash": password_hash})
        connection.execute(text(f"INSERT INTO console_api_tokens (token_hash, user_id, created_at) VALUES ('{'a' * 64}', 1, '{stamp}')"))
        connection.execute(text("INSERT INTO console_sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                                f"VALUES ('{'b' * 64}', 1, 'csrf', '{stamp}', '2099-01-01 00:00:00')"))
    engine.dispose()

    upgrade(db_url)
    assert schema_differences(db_url) == []
    engine = make_engine(db_url)
    try:
        sessions = session_factory(engine)
        [token] = console.list_api_tokens(sessions)
        expires = datetime.fromisoformat(token["expires_at"].replace("Z", "+00:00"))
        assert abs(expires - (datetime.now(timezone.utc) + timedelta(days=90))) < timedelta(minutes=5)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM console_sessions")).scalar() == 1
        # The old lock is gone: the account logs in.
        assert console.check_login(sessions, "Alice Smith", "correct horse battery", ()).user["name"] == "Alice Smith"
    finally:
        engine.dispose()

    _migrate(db_url, "0004", command.downgrade)
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT failed_attempts FROM console_users")).scalar() == 0
            assert connection.execute(text("SELECT count(*) FROM console_api_tokens")).scalar() == 1
    finally:
        engine.dispose()
    upgrade(db_url)
    assert schema_differences(db_url) == []
