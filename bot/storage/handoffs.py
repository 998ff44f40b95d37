"""The handoff repository: every read and write of handoffs, transcripts and the outbox.

Callers (actions, the console, the CLI) pass a session factory and get plain dicts in
the contract's shape (../shared/handoff_summary.md), never ORM objects, so nothing
outside bot/storage needs to know there is SQL underneath.

Why `save_handoff` is one transaction: the architecture's rule is that a handoff is
committed before anyone is told about it. The handoff row, its transcript and the
outbox row that will tell the case system commit together or not at all, so a crash
can neither lose the notification nor send one for a handoff that does not exist.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import jsonschema
from sqlalchemy import case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot import project
from bot.storage.contract import VENDORED_SCHEMA
from bot.storage.models import (
    HANDOFF_STATUSES,
    OPEN_STATUSES,
    SENDERS,
    URGENCIES,
    Handoff,
    OutboxEvent,
    TranscriptMessage,
    utcnow,
)

# Re-exported: the console and the CLI have always found the timestamp helpers here.
from bot.timestamps import format_timestamp, parse_timestamp  # noqa: F401

SHARED_SCHEMA = project.ROOT.parent / "shared" / "handoff_summary.schema.json"

HANDOFF_CREATED = "handoff.created"

# Which status a handoff may move to from which; closed is final.
_ALLOWED_FROM = {
    "claimed": ("collecting", "waiting", "claimed"),  # claimed -> claimed only by the same counsellor (see set_status)
    "waiting": ("collecting", "claimed"),  # the intake ended, or a counsellor hands it back to the queue
    "closed": ("collecting", "waiting", "claimed"),
    "collecting": (),  # only ever the first status
}
NEW_STATUSES = ("collecting", "waiting")

Audit = tuple[str, str, Optional[str]]  # (actor, action, detail), written in the same transaction


class InvalidSummary(ValueError):
    """The summary does not satisfy handoff_summary.schema.json."""


class HandoffExists(ValueError):
    """A handoff with this reference is already stored."""


class HandoffNotFound(LookupError):
    """No handoff has this reference."""


class InvalidTransition(ValueError):
    """The status change is not allowed (closed is final; a claimed handoff belongs to one counsellor)."""


# ---------------------------------------------------------------------------- validation


def schema_path() -> Path:
    """The shared contract if this checkout sits beside ../shared, otherwise the vendored copy."""
    return SHARED_SCHEMA if SHARED_SCHEMA.is_file() else VENDORED_SCHEMA


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def validate_summary(document: dict[str, Any]) -> None:
    """Raise InvalidSummary, naming the field, if `document` breaks the contract."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
        raise InvalidSummary(f"handoff summary invalid at {where}: {errors[0].message}")
    # The schema's date-time format is not enforced without optional packages; the column needs it.
    try:
        parse_timestamp(document["created_at"])
    except ValueError as error:
        raise InvalidSummary(f"handoff summary invalid at created_at: {error}") from None


# ---------------------------------------------------------------------------- transcript


def _message_key(sender: str, text: str, timestamp: datetime) -> str:
    """Stand-in external_id: the same message saved twice (by the channel, then by the
    handoff) is recognised by who said what when."""
    digest = hashlib.sha256(f"{sender}\x1f{format_timestamp(timestamp)}\x1f{text}".encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def _message_row(
    conversation_id: str,
    sender: str,
    text: str,
    language: Optional[str],
    timestamp: Any,
    external_id: Optional[str],
) -> dict[str, Any]:
    if sender not in SENDERS:
        raise ValueError(f"sender must be one of {SENDERS}, not {sender!r}")
    moment = parse_timestamp(timestamp)
    return {
        "conversation_id": conversation_id,
        "sender": sender,
        "text": text,
        "language": language,
        "timestamp": moment,
        "external_id": external_id or _message_key(sender, text, moment),
    }


def _insert_messages(session: Session, rows: list[dict[str, Any]]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING: a message already stored is skipped, not an error.

    Both SQLite (3.24+) and PostgreSQL have it; unlike check-then-insert it cannot race,
    and unlike catching IntegrityError it does not abort the surrounding transaction.
    """
    inserted = 0
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"handoff storage supports SQLite and PostgreSQL, not {dialect}")
    for row in rows:
        statement = insert(TranscriptMessage).values(**row).on_conflict_do_nothing(
            index_elements=["conversation_id", "external_id"]
        )
        inserted += session.execute(statement).rowcount or 0
    return inserted


def append_message(
    session_factory: sessionmaker,
    conversation_id: str,
    sender: str,
    text: str,
    language: Optional[str] = None,
    timestamp: Any = None,
    external_id: Optional[str] = None,
) -> bool:
    """Add one message to a conversation's transcript; False if it was already there.

    Idempotent on `external_id` (e.g. Rasa's message id), so a retried delivery of the
    same message is stored once. Without one, sender + timestamp + text stand in for it.
    """
    row = _message_row(conversation_id, sender, text, language, timestamp or utcnow(), external_id)
    with session_factory.begin() as session:
        return _insert_messages(session, [row]) > 0


def append_messages(session_factory: sessionmaker, conversation_id: str, items: Iterable[dict[str, Any]]) -> int:
    """Add transcript items ({sender, text, timestamp, language?, external_id?}); returns how many were new."""
    rows = [
        _message_row(conversation_id, m["sender"], m["text"], m.get("language"), m["timestamp"], m.get("external_id"))
        for m in items
    ]
    if not rows:
        return 0
    with session_factory.begin() as session:
        return _insert_messages(session, rows)


def _transcripts(session: Session, conversation_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    ids = sorted(set(conversation_ids))
    result: dict[str, list[dict[str, Any]]] = {cid: [] for cid in ids}
    if not ids:
        return result
    rows = session.execute(
        select(TranscriptMessage)
        .where(TranscriptMessage.conversation_id.in_(ids))
        .order_by(TranscriptMessage.timestamp, TranscriptMessage.id)
    ).scalars()
    for message in rows:
        result[message.conversation_id].append(
            {
                "sender": message.sender,
                "text": message.text,
                "timestamp": format_timestamp(message.timestamp),
                "language": message.language,
            }
        )
    return result


# ---------------------------------------------------------------------------- handoffs


def save_handoff(
    session_factory: sessionmaker, summary: dict[str, Any], transcript: list[dict[str, Any]], audit: Optional[Audit] = None
) -> str:
    """Store a new handoff, its transcript and its "handoff.created" outbox event; return the reference.

    `summary` is the contract document (with or without a "transcript" key; `transcript`
    wins). Transcript items are {sender, text, timestamp, language?, external_id?};
    messages already stored for the conversation are not duplicated.
    Raises InvalidSummary before touching the database, HandoffExists on a reused reference.
    """
    document = {**summary, "transcript": list(transcript)}
    validate_summary(document)
    if document["status"] not in NEW_STATUSES:
        raise InvalidSummary(f"a new handoff is collecting or waiting, not {document['status']!r}")
    reference = document["reference"]
    conversation_id = document["conversation_id"]
    stored = {key: value for key, value in document.items() if key != "transcript"}
    messages = [
        _message_row(
            conversation_id,
            item["sender"],
            item["text"],
            item.get("language"),
            item["timestamp"],
            item.get("external_id"),
        )
        for item in transcript
    ]
    payload = {**stored, "transcript": [_contract_message(item) for item in transcript]}
    now = utcnow()
    try:
        with session_factory.begin() as session:
            session.add(
                Handoff(
                    reference=reference,
                    conversation_id=conversation_id,
                    created_at=parse_timestamp(document["created_at"]),
                    status=document["status"],
                    urgency=document["urgency"],
                    reason=document["reason"],
                    language_code=(document.get("language") or {}).get("code"),
                    summary=stored,
                    updated_at=now,
                )
            )
            # The parent row first: the outbox's foreign key is checked immediately.
            session.flush()
            _insert_messages(session, messages)
            session.add(
                OutboxEvent(
                    handoff_reference=reference,
                    event_type=HANDOFF_CREATED,
                    payload=payload,
                    idempotency_key=f"{reference}:{HANDOFF_CREATED}",
                    status="pending",
                    attempts=0,
                    next_attempt_at=now,
                    created_at=now,
                )
            )
            if audit:
                _add_audit(session, reference, audit)
    except IntegrityError as error:
        if _exists(session_factory, reference):
            raise HandoffExists(f"a handoff with reference {reference} already exists") from error
        raise
    return reference


def _contract_message(item: dict[str, Any]) -> dict[str, Any]:
    """A transcript item as the contract has it (storage's external_id stays inside)."""
    message = {
        "sender": item["sender"],
        "text": item["text"],
        "timestamp": format_timestamp(parse_timestamp(item["timestamp"])),
    }
    if "language" in item:
        message["language"] = item["language"]
    return message


def _exists(session_factory: sessionmaker, reference: str) -> bool:
    with session_factory() as session:
        return session.get(Handoff, reference) is not None


def _document(handoff: Handoff, transcript: list[dict[str, Any]]) -> dict[str, Any]:
    """The contract dict: the stored summary, the live status, the transcript, and how it was handled.

    `handling` is outside the contract's required fields (the schema allows extra keys):
    who claimed it, when it was closed, with what outcome.
    """
    document = dict(handoff.summary)
    document["status"] = handoff.status
    document["urgency"] = handoff.urgency
    document["updated_at"] = format_timestamp(handoff.updated_at)
    document["transcript"] = transcript
    document["handling"] = {
        "claimed_by": handoff.claimed_by,
        "closed_at": format_timestamp(handoff.closed_at),
        "outcome": handoff.outcome,
        "updated_at": format_timestamp(handoff.updated_at),
    }
    return document


def get_handoff(session_factory: sessionmaker, reference: str) -> Optional[dict[str, Any]]:
    """The handoff as the contract dict with its transcript, or None if there is no such reference."""
    with session_factory() as session:
        handoff = session.get(Handoff, reference)
        if handoff is None:
            return None
        return _document(handoff, _transcripts(session, [handoff.conversation_id])[handoff.conversation_id])


_URGENCY_RANK = case({level: rank for rank, level in enumerate(URGENCIES)}, value=Handoff.urgency, else_=len(URGENCIES))


def list_handoffs(session_factory: sessionmaker, status: Optional[str] = None) -> list[dict[str, Any]]:
    """Handoffs (optionally of one status), most urgent first, then oldest first: the queue order."""
    if status is not None and status not in HANDOFF_STATUSES:
        raise ValueError(f"status must be one of {HANDOFF_STATUSES}, not {status!r}")
    query = select(Handoff).order_by(_URGENCY_RANK, Handoff.created_at, Handoff.reference)
    if status is not None:
        query = query.where(Handoff.status == status)
    with session_factory() as session:
        handoffs = session.execute(query).scalars().all()
        transcripts = _transcripts(session, (h.conversation_id for h in handoffs))
        return [_document(h, transcripts[h.conversation_id]) for h in handoffs]


def queue_position(session_factory: sessionmaker, reference: str) -> Optional[int]:
    """Where a handoff no counsellor has picked up yet (collecting or waiting) stands in the queue
    (1 = next), most urgent first, then oldest. One query of references: the bot asks it while a
    professional waits, so no summaries or transcripts are loaded."""
    query = (
        select(Handoff.reference)
        .where(Handoff.status.in_(NEW_STATUSES))
        .order_by(_URGENCY_RANK, Handoff.created_at, Handoff.reference)
    )
    with session_factory() as session:
        queue = list(session.execute(query).scalars())
    return queue.index(reference) + 1 if reference in queue else None


def set_status(
    session_factory: sessionmaker,
    reference: str,
    status: str,
    by: Optional[str] = None,
    outcome: Optional[str] = None,
    audit: Optional[Audit] = None,
) -> dict[str, Any]:
    """Move a handoff to `status` and return it (with its audit entry, if given, in the same transaction).

    waiting -> claimed (needs `by`), claimed -> waiting (back to the queue), waiting or
    claimed -> closed (with an optional `outcome`). Closed is final. The change is one
    conditional UPDATE, so when two counsellors claim at the same moment exactly one
    wins and the other gets InvalidTransition.
    """
    if status not in HANDOFF_STATUSES:
        raise ValueError(f"status must be one of {HANDOFF_STATUSES}, not {status!r}")
    if status == "claimed" and not by:
        raise ValueError("claiming a handoff needs the counsellor's name (by=...)")
    now = utcnow()
    values: dict[str, Any] = {"status": status, "updated_at": now}
    condition = [Handoff.reference == reference, Handoff.status.in_(_ALLOWED_FROM[status])]
    if status == "claimed":
        values["claimed_by"] = by
        # Re-claiming is allowed only for the counsellor who holds it (e.g. a second tab).
        condition.append(Handoff.status.in_(("collecting", "waiting")) | (Handoff.claimed_by == by))
    elif status == "waiting":
        values["claimed_by"] = None
    else:  # closed
        values["closed_at"] = now
        values["outcome"] = outcome
        if by:
            values["claimed_by"] = by
    with session_factory.begin() as session:
        changed = session.execute(
            update(Handoff).where(*condition).values(**values).execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            current = session.get(Handoff, reference)
            if current is None:
                raise HandoffNotFound(f"no handoff with reference {reference}")
            holder = f" by {current.claimed_by}" if current.status == "claimed" and current.claimed_by else ""
            raise InvalidTransition(f"{reference} is {current.status}{holder}; it cannot become {status}")
        if audit:
            _add_audit(session, reference, audit)
    result = get_handoff(session_factory, reference)
    assert result is not None
    return result


def _add_audit(session: Session, reference: str, audit: Audit) -> None:
    from bot.storage.console_models import AUDIT_ACTIONS, AuditEntry

    actor, action, detail = audit
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"action must be one of {AUDIT_ACTIONS}, not {action!r}")
    session.add(AuditEntry(handoff_reference=reference, actor=actor, action=action, detail=detail, created_at=utcnow()))


@dataclass
class Change:
    """What a decision makes of a handoff: new column values and summary, audit entries, an outbox event."""

    status: Optional[str] = None
    summary: Optional[dict[str, Any]] = None
    audit: list[Audit] = field(default_factory=list)
    outbox_event: Optional[str] = None  # e.g. "handoff.updated"; the payload is the new document


def modify_handoff(
    session_factory: sessionmaker,
    reference: str,
    decide: Callable[[dict[str, Any]], Change],
    transcript: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Read a handoff, let `decide` say what changes, write it: one transaction, the row locked throughout.

    The row is "touched" first (an UPDATE that changes nothing), which takes PostgreSQL's row
    lock and SQLite's write lock before the read, so two concurrent changes (a danger message
    and the end of the intake, say) apply one after the other and neither is lost. `decide`
    gets {"status", "claimed_by", "summary"} and may raise to change nothing. New transcript
    messages are added in the same transaction.
    """
    with session_factory.begin() as session:
        touched = session.execute(
            update(Handoff).where(Handoff.reference == reference).values(reference=Handoff.reference)
            .execution_options(synchronize_session=False)
        ).rowcount
        handoff = session.get(Handoff, reference) if touched else None
        if handoff is None:
            raise HandoffNotFound(f"no handoff with reference {reference}")
        change = decide({"status": handoff.status, "claimed_by": handoff.claimed_by, "summary": dict(handoff.summary)})
        now = utcnow()
        if change.summary is not None:
            validate_summary({**change.summary, "transcript": []})
            handoff.summary = {k: v for k, v in change.summary.items() if k != "transcript"}
            handoff.urgency = change.summary["urgency"]
            handoff.language_code = (change.summary.get("language") or {}).get("code")
        if change.status is not None and change.status != handoff.status:
            if handoff.status not in _ALLOWED_FROM[change.status]:
                raise InvalidTransition(f"{reference} is {handoff.status}; it cannot become {change.status}")
            handoff.status = change.status
        handoff.updated_at = now
        rows = [
            _message_row(handoff.conversation_id, m["sender"], m["text"], m.get("language"), m["timestamp"], m.get("external_id"))
            for m in transcript
        ]
        if rows:
            _insert_messages(session, rows)
        for entry in change.audit:
            _add_audit(session, reference, entry)
        session.flush()
        document = _document(handoff, _transcripts(session, [handoff.conversation_id])[handoff.conversation_id])
        if change.outbox_event:
            count = session.execute(
                select(func.count(OutboxEvent.id)).where(OutboxEvent.handoff_reference == reference)
            ).scalar_one()
            session.add(
                OutboxEvent(
                    handoff_reference=reference, event_type=change.outbox_event,
                    payload={k: v for k, v in document.items() if k != "handling"},
                    idempotency_key=f"{reference}:{change.outbox_event}:{count}", status="pending",
                    attempts=0, next_attempt_at=now, created_at=now,
                )
            )
        return document


def stale_intakes(session_factory: sessionmaker, quiet_since: datetime) -> list[str]:
    """References of handoffs still collecting whose last change is older than `quiet_since`."""
    query = select(Handoff.reference).where(Handoff.status == "collecting", Handoff.updated_at < quiet_since)
    with session_factory() as session:
        return list(session.execute(query).scalars())


def open_handoff_status(session_factory: sessionmaker, conversation_id: str) -> Optional[tuple[str, str]]:
    """(reference, status) of the conversation's open handoff, newest first; one indexed lookup."""
    query = (
        select(Handoff.reference, Handoff.status)
        .where(Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN_STATUSES))
        .order_by(Handoff.created_at.desc())
        .limit(1)
    )
    with session_factory() as session:
        row = session.execute(query).first()
        return (row[0], row[1]) if row else None
