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
