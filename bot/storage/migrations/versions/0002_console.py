"""Counsellor console: users, login sessions, API tokens, handoff notes, audit log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Written out in full, like 0001, so it keeps creating the same schema when the models move on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "console_users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_console_users"),
        sa.UniqueConstraint("name", name="uq_console_users_name"),
        sa.CheckConstraint("role IN ('counsellor', 'admin')", name="ck_console_users_role"),
    )
    op.create_table(
        "console_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name="pk_console_sessions"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["console_users.id"], name="fk_console_sessions_user_id_console_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_console_sessions_user_id", "console_sessions", ["user_id"])
    op.create_table(
        "console_api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("last_used_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_console_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_console_api_tokens_token_hash"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["console_users.id"], name="fk_console_api_tokens_user_id_console_users", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_console_api_tokens_user_id", "console_api_tokens", ["user_id"])
    op.create_table(
        "handoff_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_reference", sa.String(16), nullable=False),
        sa.Column("author", sa.String(255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_notes"),
        sa.ForeignKeyConstraint(
            ["handoff_reference"], ["handoffs.reference"], name="fk_handoff_notes_handoff_reference_handoffs"
        ),
    )
    op.create_index("ix_handoff_notes_handoff_reference", "handoff_notes", ["handoff_reference"])
    op.create_table(
        "handoff_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_reference", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_handoff_audit"),
        sa.ForeignKeyConstraint(
            ["handoff_reference"], ["handoffs.reference"], name="fk_handoff_audit_handoff_reference_handoffs"
        ),
        sa.CheckConstraint(
            "action IN ('viewed', 'claimed', 'released', 'transferred', 'noted', 'messaged', 'closed')",
            name="ck_handoff_audit_action",
        ),
    )
    op.create_index(
        "ix_handoff_audit_handoff_reference_created_at", "handoff_audit", ["handoff_reference", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("handoff_audit")
    op.drop_table("handoff_notes")
    op.drop_table("console_api_tokens")
    op.drop_table("console_sessions")
    op.drop_table("console_users")
