"""Handoffs, transcript messages and the outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-28

Written out in full rather than imported from bot.storage.models, so this revision
keeps creating the same schema when the models move on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("reference", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("language_code", sa.String(16), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("claimed_by", sa.String(255), nullable=True),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("reference", name="pk_handoffs"),
        sa.CheckConstraint("status IN ('waiting', 'claimed', 'closed')", name="ck_handoffs_status"),
        sa.CheckConstraint("urgency IN ('immediate', 'high', 'standard')", name="ck_handoffs_urgency"),
        sa.CheckConstraint(
            "reason IN ('raise_concern', 'request_human', 'immediate_danger')", name="ck_handoffs_reason"
        ),
    )
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    op.create_index("ix_handoffs_status", "handoffs", ["status"])

    op.create_table(
        "transcript_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("sender", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=True),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.Column("external_id", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_transcript_messages"),
        sa.CheckConstraint("sender IN ('user', 'bot', 'counsellor')", name="ck_transcript_messages_sender"),
        sa.UniqueConstraint(
            "conversation_id", "external_id", name="uq_transcript_messages_conversation_id_external_id"
        ),
    )
    op.create_index("ix_transcript_messages_conversation_id", "transcript_messages", ["conversation_id"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_reference", sa.String(16), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("delivered_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.CheckConstraint("status IN ('pending', 'delivered', 'dead')", name="ck_outbox_status"),
        sa.ForeignKeyConstraint(
            ["handoff_reference"], ["handoffs.reference"], name="fk_outbox_handoff_reference_handoffs"
        ),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
    )
    op.create_index("ix_outbox_handoff_reference", "outbox", ["handoff_reference"])
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("transcript_messages")
    op.drop_table("handoffs")
