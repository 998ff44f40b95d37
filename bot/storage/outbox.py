"""The outbox's SQL: claim due events, record what happened to each send.

Used by bot/delivery/worker.py, which owns the HTTP side; keeping the SQL here keeps the
architecture's rule that only bot/storage talks to the database.

How a row is claimed so that two workers never send it at the same moment: in one
short transaction the worker selects due rows (PostgreSQL: FOR UPDATE SKIP LOCKED, so
a second worker skips rows the first is claiming instead of waiting for them) and
pushes each row's next_attempt_at forward by a lease. Nobody else sees the row as due
until the lease runs out, and no transaction stays open during the HTTP call. If the
worker dies mid-send the lease expires and the row is sent again: delivery is at least
once, and the receiver drops repeats by Idempotency-Key.

SQLite ignores FOR UPDATE; one worker per SQLite database is assumed (SQLite is for a
single machine anyway). The claim's UPDATE is also a compare-and-set on the
next_attempt_at it read, so a second worker started by mistake still cannot claim a
row twice; it can only waste a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker

from bot.storage.models import OutboxEvent, as_dict

MAX_ERROR_LENGTH = 1000


@dataclass(frozen=True)
class ClaimedEvent:
    """An outbox row this worker holds until `lease_until`."""

    id: int
    handoff_reference: str
    event_type: str
    idempotency_key: str
    payload: dict[str, Any]
    attempts: int
    lease_until: datetime


def claim_due(
    session_factory: sessionmaker, now: datetime, lease_seconds: float, limit: int = 20
) -> list[ClaimedEvent]:
    """Claim up to `limit` pending rows due at `now`, oldest due first, for `lease_seconds`."""
    lease_until = now + timedelta(seconds=lease_seconds)
    due = (
        select(
            OutboxEvent.id,
            OutboxEvent.handoff_reference,
            OutboxEvent.event_type,
            OutboxEvent.idempotency_key,
            OutboxEvent.payload,
            OutboxEvent.attempts,
            OutboxEvent.next_attempt_at,
        )
        .where(OutboxEvent.status == "pending", OutboxEvent.next_attempt_at <= now)
        .order_by(OutboxEvent.next_attempt_at, OutboxEvent.id)
        .limit(limit)
        # Rendered as FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's compiler leaves it out.
        .with_for_update(skip_locked=True)
    )
    claimed: list[ClaimedEvent] = []
    with session_factory.begin() as session:
        for row in session.execute(due).all():
            taken = session.execute(
                update(OutboxEvent)
                .where(
                    OutboxEvent.id == row.id,
                    OutboxEvent.status == "pending",
                    OutboxEvent.next_attempt_at == row.next_attempt_at,
                )
                .values(next_attempt_at=lease_until)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken == 1:
                claimed.append(
                    ClaimedEvent(
                        id=row.id,
                        handoff_reference=row.handoff_reference,
                        event_type=row.event_type,
                        idempotency_key=row.idempotency_key,
                        payload=row.payload,
                        attempts=row.attempts,
                        lease_until=lease_until,
                    )
                )
    return claimed


def mark_delivered(session_factory: sessionmaker, event_id: int, now: datetime) -> None:
    """The receiver answered 2xx: never send this row again."""
    with session_factory.begin() as session:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id, OutboxEvent.status == "pending")
            .values(status="delivered", delivered_at=now, attempts=OutboxEvent.attempts + 1, last_error=None)
            .execution_options(synchronize_session=False)
        )


def mark_failed(
    session_factory: sessionmaker, event_id: int, error: str, next_attempt_at: datetime, dead: bool
) -> None:
    """Count a failed send; try again at `next_attempt_at`, or give up (`dead`) for a person to look at."""
    with session_factory.begin() as session:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id, OutboxEvent.status == "pending")
            .values(
                status="dead" if dead else "pending",
                attempts=OutboxEvent.attempts + 1,
                last_error=error[:MAX_ERROR_LENGTH],
                next_attempt_at=next_attempt_at,
            )
            .execution_options(synchronize_session=False)
        )


def release(session_factory: sessionmaker, events: Iterable[ClaimedEvent], now: datetime) -> None:
    """Hand unfinished claims back (a worker stopping mid-round), so they need not wait out the lease.

    Only rows still carrying this worker's lease are touched; a row already marked is left alone.
    """
    with session_factory.begin() as session:
        for event in events:
            session.execute(
                update(OutboxEvent)
                .where(
                    OutboxEvent.id == event.id,
                    OutboxEvent.status == "pending",
                    OutboxEvent.next_attempt_at == event.lease_until,
                )
                .values(next_attempt_at=now)
                .execution_options(synchronize_session=False)
            )


def outbox_events(session_factory: sessionmaker, reference: Optional[str] = None) -> list[dict[str, Any]]:
    """Outbox rows as dicts (oldest first), for operators, the CLI and tests."""
    query = select(OutboxEvent).order_by(OutboxEvent.id)
    if reference is not None:
        query = query.where(OutboxEvent.handoff_reference == reference)
    with session_factory() as session:
        return [as_dict(row) for row in session.execute(query).scalars()]
