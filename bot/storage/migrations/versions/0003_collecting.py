"""The concern path: handoffs exist while the intake is still collecting; the bot's own audit
actions; console presence (when each login was last seen), so the bot can say honestly whether
a counsellor is online.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

Batch mode rebuilds the tables on SQLite for the check constraints.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('waiting', 'claimed', 'closed')"
NEW_STATUSES = "status IN ('collecting', 'waiting', 'claimed', 'closed')"
OLD_ACTIONS = "action IN ('viewed', 'claimed', 'released', 'transferred', 'noted', 'messaged', 'closed')"
NEW_ACTIONS = (
    "action IN ('viewed', 'claimed', 'released', 'transferred', 'noted', 'messaged', 'closed', "
    "'opened', 'intake_ended', 'urgency_raised', 'urgency_lowered', 'withdrawn')"
)


def _replace(table: str, name: str, condition: str) -> None:
    with op.batch_alter_table(table) as batch:
        batch.drop_constraint(f"ck_{table}_{name}", type_="check")
        batch.create_check_constraint(f"ck_{table}_{name}", condition)


def upgrade() -> None:
    _replace("handoffs", "status", NEW_STATUSES)
    _replace("handoff_audit", "action", NEW_ACTIONS)
    with op.batch_alter_table("console_sessions") as batch:
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("console_sessions") as batch:
        batch.drop_column("last_seen_at")
    _replace("handoff_audit", "action", OLD_ACTIONS)
    _replace("handoffs", "status", OLD_STATUSES)
