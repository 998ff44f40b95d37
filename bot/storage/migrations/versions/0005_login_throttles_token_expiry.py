"""Console security: login throttles replace the per-account lockout; API tokens get a label,
an expiry and revocation.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

The lockout (`failed_attempts`, `locked_until`) let anyone lock a counsellor out by guessing,
so it goes. Tokens that existed before never expired: they get TOKEN_GRACE from the time of
the upgrade (not from their creation, so no running integration stops the moment this runs).
Batch mode rebuilds the tables on SQLite; see _rebuild_users for why that needs care.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
TOKEN_GRACE = timedelta(days=90)
# The tables whose rows refer to console_users with ON DELETE CASCADE.
USER_CHILDREN = ("console_sessions", "console_api_tokens")


def _expiry_for_existing_tokens() -> datetime:
    """Now + TOKEN_GRACE in UTC, naive on SQLite (which stores UTC without a zone, as UTCDateTime does)."""
    value = datetime.now(timezone.utc) + TOKEN_GRACE
    return value.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else value


def _rebuild_users(change: Callable[[BatchOperations], None]) -> None:
    """Alter console_users in batch mode without losing the logins and tokens that refer to it.

    On SQLite batch mode copies the table and drops the old one; with foreign keys on (as
    bot.storage.database sets them), that DROP deletes every session and token by cascade. So
    their rows are kept in temporary tables and put back once the new console_users is in place.
    Call it while USER_CHILDREN have the same columns before and after.
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for child in USER_CHILDREN:
            op.execute(f"CREATE TEMP TABLE kept_{child} AS SELECT * FROM {child}")
    with op.batch_alter_table("console_users") as batch:
        change(batch)
    if sqlite:
        for child in USER_CHILDREN:
            op.execute(f"DELETE FROM {child}")  # empty already, unless foreign keys were off
            op.execute(f"INSERT INTO {child} SELECT * FROM kept_{child}")
            op.execute(f"DROP TABLE kept_{child}")


def _drop_lockout(batch: BatchOperations) -> None:
    batch.drop_column("failed_attempts")
    batch.drop_column("locked_until")


def _add_lockout(batch: BatchOperations) -> None:
    batch.add_column(sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
    batch.add_column(sa.Column("locked_until", TIMESTAMP, nullable=True))


def upgrade() -> None:
    op.create_table(
        "login_throttles",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_login_throttles"),
    )
    op.create_index("ix_login_throttles_last_attempt_at", "login_throttles", ["last_attempt_at"])

    _rebuild_users(_drop_lockout)  # before console_api_tokens changes shape

    with op.batch_alter_table("console_api_tokens") as batch:
        batch.add_column(sa.Column("label", sa.String(64), nullable=True))
        batch.add_column(sa.Column("expires_at", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("revoked_at", TIMESTAMP, nullable=True))
    tokens = sa.table("console_api_tokens", sa.column("expires_at", TIMESTAMP))
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None)).values(expires_at=_expiry_for_existing_tokens()))
    with op.batch_alter_table("console_api_tokens") as batch:
        batch.alter_column("expires_at", existing_type=TIMESTAMP, nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("console_api_tokens") as batch:
        batch.drop_column("revoked_at")
        batch.drop_column("expires_at")
        batch.drop_column("label")
    _rebuild_users(_add_lockout)  # after console_api_tokens has its old shape back
    op.drop_index("ix_login_throttles_last_attempt_at", table_name="login_throttles")
    op.drop_table("login_throttles")
