"""The three tables behind handoffs: the handoff, the conversation's transcript, the outbox.

Why these three: a handoff is committed before anyone is told about it, so the row
that tells the case system (`outbox`) is written in the same transaction as the
handoff, and a worker (bot/delivery) sends it later, as often as it takes. The
transcript is stored once per conversation and every handoff of that conversation
refers to it (../shared/handoff_summary.md, "Rules").

Any change here needs a new Alembic revision in bot/storage/migrations/versions/;
tests/bot/storage/test_migrations.py fails until the migrated schema matches.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)

# Shared with console_models.py; re-exported here, where callers have always found them.
from bot.storage.base import Base, UTCDateTime, _one_of, metadata, utcnow  # noqa: F401

# The contract's closed lists (bot/storage/contract.py reads them from the schema); re-exported here.
from bot.storage.contract import HANDOFF_STATUSES, INTAKE_STATUSES, OPEN_STATUSES, REASONS, SENDERS, URGENCIES  # noqa: F401

OUTBOX_STATUSES = ("pending", "delivered", "dead")


class Handoff(Base):
    """One handoff to a counsellor. Columns hold what is queried or changes; `summary` the rest."""

    __tablename__ = "handoffs"

    reference = Column(String(16), primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    created_at = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default="collecting", index=True)
    urgency = Column(String(16), nullable=False)
    reason = Column(String(32), nullable=False)
    language_code = Column(String(16))
    # The full contract document without the transcript, exactly as it was handed off.
    summary = Column(JSON, nullable=False)
    claimed_by = Column(String(255))
    closed_at = Column(UTCDateTime)
    outcome = Column(Text)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (
        CheckConstraint(_one_of("status", HANDOFF_STATUSES), name="status"),
        CheckConstraint(_one_of("urgency", URGENCIES), name="urgency"),
        CheckConstraint(_one_of("reason", REASONS), name="reason"),
    )


class TranscriptMessage(Base):
    """One message of a conversation; `external_id` makes re-appending the same message a no-op."""

    __tablename__ = "transcript_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    sender = Column(String(16), nullable=False)
    text = Column(Text, nullable=False)
    language = Column(String(16))
    timestamp = Column(UTCDateTime, nullable=False)
    external_id = Column(String(255))

    __table_args__ = (
        CheckConstraint(_one_of("sender", SENDERS), name="sender"),
        # NULLs are distinct on SQLite and PostgreSQL, so only messages with an id are deduplicated.
        UniqueConstraint("conversation_id", "external_id"),
    )


class OutboxEvent(Base):
    """An event the case system must hear about; written with the change, sent by bot/delivery."""

    __tablename__ = "outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    handoff_reference = Column(String(16), ForeignKey("handoffs.reference"), nullable=False, index=True)
    event_type = Column(String(64), nullable=False)
    payload = Column(JSON, nullable=False)
    # Sent as the Idempotency-Key header, so the receiver can drop redeliveries.
    idempotency_key = Column(String(255), nullable=False, unique=True)
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(UTCDateTime, nullable=False, default=utcnow)
    last_error = Column(Text)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    delivered_at = Column(UTCDateTime)

    __table_args__ = (
        CheckConstraint(_one_of("status", OUTBOX_STATUSES), name="status"),
        # The worker's question: which pending rows are due?
        Index(None, "status", "next_attempt_at"),
    )


class Purge(Base):
    """One run of `helpline purge`: who deleted what was older than the retention period, and when.

    The handoffs it deleted take their own audit entries with them, so the purge is recorded here.
    """

    __tablename__ = "purges"

    id = Column(Integer, primary_key=True, autoincrement=True)
    actor = Column(String(255), nullable=False)
    older_than_days = Column(Integer, nullable=False)
    cutoff = Column(UTCDateTime, nullable=False)
    handoffs_deleted = Column(Integer, nullable=False, default=0)
    conversations_deleted = Column(Integer, nullable=False, default=0)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


def as_dict(row: Any) -> dict[str, Any]:
    """A row's columns as a plain dict, so callers outside storage never hold ORM objects."""
    return {c.name: getattr(row, c.key) for c in row.__table__.columns}


# The console's tables share this metadata so Alembic sees them (revision 0002_console).
from bot.storage import console_models  # noqa: E402,F401
