"""Retention: delete conversations and closed handoffs older than the retention period.

../shared/handoff_summary.md: "Personal data follows the retention policy of the deployment (a
purge command deletes it after N days)". This is that deletion; `helpline purge`
(bot/privacy/purge_cli.py) runs it, HELPLINE_RETENTION_DAYS (bot/privacy/retention.py) sets N.

What goes, older than the cutoff (now minus N days):

- closed handoffs closed before the cutoff, with their internal notes, audit entries and
  delivered or dead outbox events. A closed handoff with an event still pending delivery is kept
  until the delivery worker has delivered it or given up (the case system must hear first).
- the transcript of each such handoff's conversation, unless another handoff that stays (open, or
  closed after the cutoff) refers to the same conversation: the transcript is stored once per
  conversation and every handoff of it shows it. Transcripts no handoff refers to at all (a
  handoff that failed to store) go when their last message is older than the cutoff.
- Rasa's tracker events (the conversations themselves, SQL tracker store, table `events`) of
  each conversation whose last event is older than the cutoff, unless a handoff that stays refers
  to it. So a conversation with an open handoff (collecting, waiting, claimed) is never deleted,
  however old, and neither is one whose handoff was closed recently.
- rotated log files (`<name>.log.<n>` in HELPLINE_LOG_DIR, bot/logs.py) last written before the
  cutoff: their lines are redacted, but redaction is a safety net, and on a quiet service a
  size-based rotation alone could keep them for years. The live `<name>.log` is never touched.

Every real purge writes a `purges` row (who, N, the cutoff, how many handoffs and conversations),
which outlives what it deleted. `dry_run=True` counts exactly the same things and changes nothing.

The handoff database and the tracker store are usually two databases (var/helpline.db and
var/tracker.db), so there is no transaction across both. The order makes every outcome safe to
repeat: (1) one transaction on the handoff database deletes the handoffs and their rows and
records the purge; (2) the tracker events go, each batch with a condition in the DELETE itself
that spares a conversation which got a new event meanwhile; (3) the purge row gets the number of
conversations. If (2) fails, running the purge again finishes it.

Not touched: files spooled under var/handoff-spool/ when the database was down (handoffs that
have not reached the database, so no counsellor has seen them; they are counted so that an
operator finds out why), the logs (they rotate away, bot/logs.py), the console's accounts.
"""

from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

import yaml
from sqlalchemy import and_, column, create_engine, delete, exists, func, inspect, or_, select, table, update
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot import project
from bot.storage.console_models import AuditEntry, HandoffNote
from bot.storage.models import Handoff, OutboxEvent, Purge, TranscriptMessage, utcnow

# Outbox events that are finished with: sent, or given up on after every retry.
FINISHED_OUTBOX = ("delivered", "dead")
# How many ids go into one IN (...): well under SQLite's and PostgreSQL's parameter limits.
BATCH = 500

# Rasa's SQLTrackerStore table (rasa/core/tracker_store.py, SQLTrackerStore.SQLEvent): one row per
# event; `timestamp` is seconds since the epoch (a float).
EVENTS = table("events", column("sender_id"), column("timestamp"))


class TrackerStoreError(ValueError):
    """endpoints.yml's tracker store cannot be read or is not one this purge can reach."""


@dataclass
class PurgeResult:
    """What a purge deleted (or, with dry_run, would delete)."""

    dry_run: bool
    older_than_days: int
    cutoff: datetime
    handoffs: int = 0
    transcript_messages: int = 0
    notes: int = 0
    audit_entries: int = 0
    outbox_events: int = 0
    conversations: int = 0
    tracker_events: int = 0
    # Closed before the cutoff but kept: an outbox event of theirs is still pending delivery.
    handoffs_kept_pending_delivery: int = 0
    # Where the conversations were looked for (password masked); None when not purged, see tracker_note.
    tracker_store: Optional[str] = None
    tracker_note: Optional[str] = None
    # Files in the spool older than the cutoff: never deleted here (nobody has seen those handoffs).
    spooled_files_older: int = 0
    # Rotated log files last written before the cutoff.
    log_files: int = 0
    purge_id: Optional[int] = None
    references: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the cutoff as ISO 8601 UTC)."""
        data = asdict(self)
        data["cutoff"] = self.cutoff.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        return data


def _expand(value: Any) -> Any:
    """${VAR} in endpoints.yml, expanded as Rasa expands it (os.path.expandvars); unset is an error."""
    if not isinstance(value, str) or "$" not in value:
        return value
    expanded = os.path.expandvars(value)
    missing = re.findall(r"\$\{?(\w+)\}?", expanded)
    if missing:
        raise TrackerStoreError(f"endpoints.yml uses {', '.join(missing)}, which is not set")
    return expanded


def tracker_store_url(endpoints: Path = project.ENDPOINTS, root: Path = project.ROOT) -> Optional[URL]:
    """The SQLAlchemy URL of the SQL tracker store configured in `endpoints`, as Rasa builds it.

    None when no tracker store is configured (Rasa then keeps conversations in memory only,
    gone at every restart). Raises TrackerStoreError for a store that is not SQL (Redis,
    MongoDB, DynamoDB: this purge cannot reach them; their own expiry settings apply).
    A relative SQLite path is relative to `root`, the directory the runner starts Rasa in.
    """
    try:
        document = yaml.safe_load(Path(endpoints).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise TrackerStoreError(f"cannot read {endpoints}: {error}") from error
    config = document.get("tracker_store") if isinstance(document, dict) else None
    if not config:
        return None
    if not isinstance(config, dict):
        raise TrackerStoreError(f"{endpoints}: tracker_store is not a mapping")
    config = {key: _expand(value) for key, value in config.items()}
    kind = str(config.get("type") or config.get("store_type") or "").lower()
    if kind != "sql":
        raise TrackerStoreError(f"{endpoints}: the tracker store is {kind or 'not set'!r}, not SQL; purge it with its own tools")
    host = config.get("url") or config.get("host")
    if host and "://" in str(host):  # Rasa accepts a whole database URL as the host
        return make_url(str(host))
    port = config.get("port")
    if host:
        match = re.match(r"^(?P<host>[^:/]+)(?::(?P<port>\d+))?$", str(host))
        if match:
            host = match.group("host")
            port = match.group("port") or port
    dialect = str(config.get("dialect") or "sqlite")
    database = str(config.get("db") or "rasa.db")
    if dialect.startswith("sqlite") and database != ":memory:" and not Path(database).is_absolute():
        database = str(root / database)
    return URL.create(
        dialect,
        username=config.get("username"),
        password=config.get("password"),
        host=host or None,
        port=int(port) if port else None,
        database=database,
        query=config.get("query") or {},
    )


def _batches(items: Sequence[str], size: int = BATCH) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _count(session: Session, model: Any, *conditions: Any) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one())


def _remove(session: Session, dry_run: bool, model: Any, *conditions: Any) -> int:
    """Delete the rows matching `conditions` (or only count them in a dry run); how many."""
    if dry_run:
        return _count(session, model, *conditions)
    return int(session.execute(delete(model).where(*conditions).execution_options(synchronize_session=False)).rowcount or 0)


def _closed_before(cutoff: datetime) -> Any:
    # closed_at is set on every close; updated_at covers a row closed by hand without it.
    return and_(
        Handoff.status == "closed",
        or_(Handoff.closed_at < cutoff, and_(Handoff.closed_at.is_(None), Handoff.updated_at < cutoff)),
    )


def _purge_handoffs(session: Session, result: PurgeResult, cutoff: datetime, dry_run: bool) -> set[str]:
    """Step 1 inside the caller's transaction; returns the conversations that still have a handoff."""
    pending = select(OutboxEvent.handoff_reference).where(OutboxEvent.status == "pending")
    old = session.execute(select(Handoff.reference, Handoff.conversation_id).where(_closed_before(cutoff))).all()
    blocked: set[str] = set()
    for batch in _batches([reference for reference, _ in old]):
        blocked.update(session.execute(pending.where(OutboxEvent.handoff_reference.in_(batch))).scalars())
    doomed = [(reference, conversation) for reference, conversation in old if reference not in blocked]
    result.handoffs_kept_pending_delivery = len(blocked)
    references = sorted(reference for reference, _ in doomed)
    result.references = references
    doomed_set = set(references)

    # Conversations a remaining handoff refers to: their transcript and their tracker events stay.
    remaining: set[str] = set()
    for reference, conversation in session.execute(select(Handoff.reference, Handoff.conversation_id)).all():
        if reference not in doomed_set:
            remaining.add(conversation)

    for batch in _batches(references):
        result.notes += _remove(session, dry_run, HandoffNote, HandoffNote.handoff_reference.in_(batch))
        result.audit_entries += _remove(session, dry_run, AuditEntry, AuditEntry.handoff_reference.in_(batch))
        result.outbox_events += _remove(
            session, dry_run, OutboxEvent,
            OutboxEvent.handoff_reference.in_(batch), OutboxEvent.status.in_(FINISHED_OUTBOX),
        )

    # Transcripts: those of the deleted handoffs, and old ones no handoff refers to at all.
    conversations = {conversation for _, conversation in doomed} - remaining
    referred = select(Handoff.conversation_id)
    orphans = session.execute(
        select(TranscriptMessage.conversation_id)
        .where(TranscriptMessage.conversation_id.not_in(referred))
        .group_by(TranscriptMessage.conversation_id)
        .having(func.max(TranscriptMessage.timestamp) < cutoff)
    ).scalars()
    conversations |= set(orphans)
    for batch in _batches(sorted(conversations)):
        result.transcript_messages += _remove(session, dry_run, TranscriptMessage, TranscriptMessage.conversation_id.in_(batch))

    for batch in _batches(references):
        # The same condition again, so a handoff reopened or given a pending event meanwhile stays.
        result.handoffs += _remove(
            session, dry_run, Handoff,
            Handoff.reference.in_(batch), _closed_before(cutoff), Handoff.reference.not_in(pending),
        )
    return remaining


def _tracker_engine(url: Union[str, URL]) -> Optional[Engine]:
    """An engine on the tracker store, or None for a SQLite file that does not exist yet.

    Not bot.storage.database.make_engine: that one switches SQLite to WAL, a lasting change to
    a file that belongs to Rasa.
    """
    url = make_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or not Path(url.database).exists():
            return None
        return create_engine(url, future=True, connect_args={"timeout": 15})
    return create_engine(url, future=True, pool_pre_ping=True)


def _purge_tracker(url: Union[str, URL], result: PurgeResult, cutoff: datetime, keep: set[str], dry_run: bool) -> None:
    """Step 2: Rasa's events of conversations whose last event is before the cutoff, except `keep`."""
    shown = url if isinstance(url, URL) else make_url(url)
    result.tracker_store = shown.render_as_string(hide_password=True)
    engine = _tracker_engine(url)
    if engine is None:
        result.tracker_note = "no conversations yet (the tracker database does not exist)"
        return
    try:
        if not inspect(engine).has_table("events"):
            result.tracker_note = "no conversations yet (the tracker store has no events table)"
            return
        moment = cutoff.timestamp()
        with engine.connect() as connection:
            candidates = connection.execute(
                select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id).having(func.max(EVENTS.c.timestamp) < moment)
            ).scalars().all()
        senders = sorted(s for s in candidates if s not in keep)
        # Checked again in the DELETE itself (by sender_id, which Rasa indexes): a conversation
        # that got a new event since the query above stays whole.
        later = EVENTS.alias("later")
        has_recent = exists().where(later.c.sender_id == EVENTS.c.sender_id, later.c.timestamp >= moment)
        for batch in _batches(senders):
            with engine.begin() as connection:
                if dry_run:
                    result.tracker_events += int(connection.execute(
                        select(func.count()).select_from(EVENTS).where(EVENTS.c.sender_id.in_(batch))
                    ).scalar_one())
                    result.conversations += len(batch)
                    continue
                result.tracker_events += int(connection.execute(
                    delete(EVENTS).where(EVENTS.c.sender_id.in_(batch), ~has_recent)
                ).rowcount or 0)
                left = set(connection.execute(
                    select(EVENTS.c.sender_id).where(EVENTS.c.sender_id.in_(batch)).distinct()
                ).scalars())
                result.conversations += len(batch) - len(left)
    finally:
        engine.dispose()


def default_spool() -> Path:
    """Where bot/handoff/spool.py writes: HELPLINE_SPOOL_DIR or var/handoff-spool/ (read here without
    importing the handoff service, which a purge does not need)."""
    return Path(os.environ.get("HELPLINE_SPOOL_DIR") or project.ROOT / "var" / "handoff-spool")


def _purge_logs(directory: Path, cutoff: datetime, dry_run: bool) -> int:
    """Rotated log files (`*.log.<n>`) whose last write is before the cutoff: deleted (or counted)."""
    moment = cutoff.timestamp()
    removed = 0
    try:
        candidates = [p for p in directory.glob("*.log.*") if p.name.rsplit(".", 1)[-1].isdigit()]
    except OSError:
        return 0
    for path in candidates:
        try:
            if path.is_file() and path.stat().st_mtime < moment:
                if not dry_run:
                    path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _spooled_older(directory: Path, cutoff: datetime) -> int:
    try:
        moment = cutoff.timestamp()
        return sum(1 for path in directory.glob("*.json") if path.stat().st_mtime < moment)
    except OSError:
        return 0


def purge(
    sessions: sessionmaker,
    older_than_days: int,
    *,
    tracker_url: Union[str, URL, None] = None,
    endpoints: Optional[Path] = None,
    actor: str = "helpline purge",
    dry_run: bool = False,
    now: Optional[datetime] = None,
    spool_directory: Optional[Path] = None,
    log_directory: Optional[Path] = None,
) -> PurgeResult:
    """Delete what is older than `older_than_days` (see the module docstring); what was (or would be) deleted.

    `sessions` is a session factory on the migrated handoff database. The tracker store is
    `tracker_url` if given, else the SQL tracker store in `endpoints` (default endpoints.yml);
    with none configured, only the handoff database is purged and `tracker_note` says why.
    Rotated logs are looked for in `log_directory` (default HELPLINE_LOG_DIR or var/log), the
    spool in `spool_directory`. `now` is for tests. Raises ValueError for fewer than 1 day (a slip of the finger must not
    delete every closed case) and TrackerStoreError for an unreadable endpoints file.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 1:
        raise ValueError(f"older_than_days must be a whole number of at least 1, not {older_than_days!r}")
    now = now or utcnow()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    cutoff = now - timedelta(days=older_than_days)
    result = PurgeResult(dry_run=dry_run, older_than_days=older_than_days, cutoff=cutoff)

    url: Union[str, URL, None] = tracker_url
    if url is None:
        url = tracker_store_url(endpoints or project.ENDPOINTS)
        if url is None:
            result.tracker_note = "no tracker store in endpoints.yml (Rasa keeps conversations in memory only)"

    session = sessions()
    try:
        keep = _purge_handoffs(session, result, cutoff, dry_run)
        if dry_run:
            session.rollback()
        else:
            record = Purge(
                actor=actor, older_than_days=older_than_days, cutoff=cutoff,
                handoffs_deleted=result.handoffs, conversations_deleted=0,
            )
            session.add(record)
            session.flush()
            result.purge_id = record.id
            session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

    if url is not None:
        _purge_tracker(url, result, cutoff, keep, dry_run)
        if not dry_run and result.conversations:
            with sessions.begin() as session:
                session.execute(
                    update(Purge).where(Purge.id == result.purge_id).values(conversations_deleted=result.conversations)
                )

    result.spooled_files_older = _spooled_older(spool_directory or default_spool(), cutoff)
    if log_directory is None:
        from bot.logs import log_directory as configured_log_directory

        log_directory = configured_log_directory()
    result.log_files = _purge_logs(log_directory, cutoff, dry_run)
    return result


def describe(result: PurgeResult) -> Iterable[str]:
    """The result in plain lines, for people (`helpline purge` without --json)."""
    verb = "Would delete" if result.dry_run else "Deleted"
    cutoff = result.cutoff.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    yield f"{verb} what is older than {result.older_than_days} days (before {cutoff}):"
    rows = [
        ("closed handoffs", result.handoffs),
        ("  their transcript messages", result.transcript_messages),
        ("  their notes", result.notes),
        ("  their audit entries", result.audit_entries),
        ("  their delivered or dead outbox events", result.outbox_events),
        ("conversations (Rasa tracker)", result.conversations),
        ("  their tracker events", result.tracker_events),
        ("rotated log files", result.log_files),
    ]
    for label, number in rows:
        yield f"  {label:<42} {number:>8}"
    if result.references:
        shown = ", ".join(result.references[:20]) + (" ..." if len(result.references) > 20 else "")
        yield f"Handoffs: {shown}"
    if result.handoffs_kept_pending_delivery:
        yield (f"Kept {result.handoffs_kept_pending_delivery} closed handoff(s) with an event still to deliver "
               "to the case system; a later purge deletes them once delivered.")
    if result.tracker_store:
        yield f"Tracker store: {result.tracker_store}"
    if result.tracker_note:
        yield f"Tracker store: {result.tracker_note}"
    if result.spooled_files_older:
        yield (f"Note: {result.spooled_files_older} spooled handoff file(s) in the spool (var/handoff-spool/) are older "
               "than the cutoff and were not deleted: they have not reached the database, so no counsellor has seen "
               "them. Find out why before removing them.")
    if result.dry_run:
        yield "Dry run: nothing was deleted."
    else:
        yield f"Recorded as purge #{result.purge_id}."
