"""bot/privacy/purge.py on real databases: Rasa's own SQL tracker store and the migrated handoff database,
on SQLite and on the throwaway PostgreSQL (there the tracker's `events` table sits in the same database)."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.orm import sessionmaker

from bot.privacy.purge import PurgeResult, TrackerStoreError, describe, purge, tracker_store_url
from bot.privacy.retention import DEFAULT_DAYS, retention_days
from bot.storage.console_models import AuditEntry, HandoffNote
from bot.storage.handoffs import append_messages, get_handoff, save_handoff, set_status
from bot.storage.models import Handoff, OutboxEvent, Purge, TranscriptMessage, utcnow
from bot.storage.outbox import mark_delivered
from tests.bot.storage.examples import summary, transcript

NOW = utcnow()
OLD = NOW - timedelta(days=200)
RECENT = NOW - timedelta(days=5)
DAYS = 90


class Tracker:
    """Conversations written by Rasa's SQLTrackerStore itself, with chosen event times."""

    def __init__(self, url: str) -> None:
        from rasa.core.tracker_store import SQLTrackerStore

        self.url = url
        self.store = SQLTrackerStore(host=url)

    def add(self, sender_id: str, *moments: datetime) -> None:
        from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
        from rasa.shared.core.trackers import DialogueStateTracker

        first = moments[0].timestamp()
        events: list[Any] = [ActionExecuted("action_session_start", timestamp=first), SessionStarted(timestamp=first)]
        for moment in moments:
            events += [UserUttered("my name is Sam, 07700 900417", timestamp=moment.timestamp()),
                       BotUttered("Call 0808 800 5000", timestamp=moment.timestamp() + 1)]
        asyncio.run(self.store.save(DialogueStateTracker.from_events(sender_id, events)))

    def senders(self) -> set[str]:
        with self.store.engine.connect() as connection:
            return set(connection.execute(text("SELECT DISTINCT sender_id FROM events")).scalars())

    def count(self) -> int:
        with self.store.engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM events")).scalar_one()

    def close(self) -> None:
        self.store.engine.dispose()


@pytest.fixture
def tracker(db_url: str, tmp_path: Path) -> Iterator[Tracker]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}" if db_url.startswith("sqlite") else db_url
    store = Tracker(url)
    yield store
    store.close()


def handoff(store: sessionmaker, reference: str, conversation: str, closed: datetime | None = None,
            delivered: bool = True, claimed: bool = False) -> None:
    """A handoff as the bot and the console make it: saved, audited, noted, its event sent, maybe closed."""
    save_handoff(store, summary(reference, conversation_id=conversation), transcript(), audit=("assistant", "opened", None))
    with store.begin() as session:
        session.add(HandoffNote(handoff_reference=reference, author="Sam Carter", text="rang the school", created_at=NOW))
    if delivered:
        with store() as session:
            [event_id] = session.execute(select(OutboxEvent.id).where(OutboxEvent.handoff_reference == reference)).scalars()
        mark_delivered(store, event_id, NOW)
    if claimed:
        set_status(store, reference, "claimed", by="Sam Carter", audit=("Sam Carter", "claimed", None))
    if closed is not None:
        set_status(store, reference, "closed", by="Sam Carter", outcome="advice given", audit=("Sam Carter", "closed", None))
        with store.begin() as session:  # closed back then
            session.execute(update(Handoff).where(Handoff.reference == reference).values(closed_at=closed, updated_at=closed))


def rows(store: sessionmaker, model: Any, **where: Any) -> int:
    with store() as session:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return session.execute(query).scalar_one()


@pytest.fixture
def world(store: sessionmaker, tracker: Tracker) -> sessionmaker:
    # Closed 200 days ago: goes, with its transcript, notes, audit, sent event and conversation.
    handoff(store, "HO-OLD001", "conv-old-closed", closed=OLD)
    tracker.add("conv-old-closed", OLD)
    # Open for 200 days (waiting), and claimed: never deleted, nor their conversations.
    handoff(store, "HO-OPEN01", "conv-old-waiting")
    tracker.add("conv-old-waiting", OLD)
    handoff(store, "HO-OPEN02", "conv-old-claimed", claimed=True)
    tracker.add("conv-old-claimed", OLD)
    # Closed 5 days ago: kept, and so is its conversation although its last event is old.
    handoff(store, "HO-RCNT01", "conv-recent-closed", closed=RECENT)
    tracker.add("conv-recent-closed", OLD)
    # Two handoffs of one conversation: the old closed one goes, the transcript stays for the open one.
    handoff(store, "HO-SHAR01", "conv-shared", closed=OLD)
    handoff(store, "HO-SHAR02", "conv-shared")
    tracker.add("conv-shared", OLD)
    # Closed long ago but its event never reached the case system: kept until delivered or dead.
    handoff(store, "HO-PEND01", "conv-pending", closed=OLD, delivered=False)
    tracker.add("conv-pending", OLD)
    # FAQ-only conversations: old goes; recent stays; old with one recent event stays.
    tracker.add("conv-old-faq", OLD, OLD + timedelta(minutes=3))
    tracker.add("conv-recent-faq", RECENT)
    tracker.add("conv-mixed", OLD, RECENT)
    # A transcript no handoff refers to (the handoff failed to store): old goes, recent stays.
    append_messages(store, "conv-orphan-old", [{"sender": "user", "text": "my name is Sam", "timestamp": OLD}])
    append_messages(store, "conv-orphan-new", [{"sender": "user", "text": "hello", "timestamp": RECENT}])
    return store


def snapshot(store: sessionmaker, tracker: Tracker) -> tuple:
    return (
        tuple(rows(store, model) for model in (Handoff, TranscriptMessage, HandoffNote, AuditEntry, OutboxEvent, Purge)),
        tracker.count(),
        frozenset(tracker.senders()),
    )


def check_counts(result: PurgeResult, dry_run: bool) -> None:
    assert result.dry_run is dry_run
    assert result.references == ["HO-OLD001", "HO-SHAR01"]
    assert result.handoffs == 2
    assert result.notes == 2
    assert result.audit_entries == 4  # opened + closed, for each
    assert result.outbox_events == 2  # their delivered handoff.created events
    assert result.transcript_messages == 3 + 1  # HO-OLD001's conversation and the old orphan (not conv-shared)
    assert result.conversations == 2  # conv-old-closed, conv-old-faq
    assert result.tracker_events == 4 + 6
    assert result.handoffs_kept_pending_delivery == 1
    assert result.cutoff == NOW - timedelta(days=DAYS)


def test_a_dry_run_counts_and_changes_nothing(world: sessionmaker, tracker: Tracker, tmp_path: Path) -> None:
    before = snapshot(world, tracker)
    result = purge(world, DAYS, tracker_url=tracker.url, dry_run=True, now=NOW, spool_directory=tmp_path / "spool", log_directory=tmp_path / 'no-logs')
    check_counts(result, dry_run=True)
    assert result.purge_id is None
    assert snapshot(world, tracker) == before
    assert "Dry run: nothing was deleted." in list(describe(result))


def test_a_purge_deletes_old_closed_handoffs_and_conversations_and_keeps_open_and_recent_ones(
    world: sessionmaker, tracker: Tracker, tmp_path: Path
) -> None:
    dry = purge(world, DAYS, tracker_url=tracker.url, dry_run=True, now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    result = purge(world, DAYS, tracker_url=tracker.url, actor="test (Sam)", now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    check_counts(result, dry_run=False)
    assert {k: v for k, v in result.as_dict().items() if k not in ("dry_run", "purge_id")} == \
        {k: v for k, v in dry.as_dict().items() if k not in ("dry_run", "purge_id")}  # the dry run told the truth

    # Gone: the old closed handoffs and everything hanging off them.
    for reference in ("HO-OLD001", "HO-SHAR01"):
        assert get_handoff(world, reference) is None
        assert rows(world, HandoffNote, handoff_reference=reference) == 0
        assert rows(world, AuditEntry, handoff_reference=reference) == 0
        assert rows(world, OutboxEvent, handoff_reference=reference) == 0
    assert rows(world, TranscriptMessage, conversation_id="conv-old-closed") == 0
    assert rows(world, TranscriptMessage, conversation_id="conv-orphan-old") == 0
    assert not {"conv-old-closed", "conv-old-faq"} & tracker.senders()

    # Kept: open handoffs (however old), the recently closed one, the one still to deliver.
    for reference in ("HO-OPEN01", "HO-OPEN02", "HO-RCNT01", "HO-SHAR02", "HO-PEND01"):
        document = get_handoff(world, reference)
        assert document is not None and len(document["transcript"]) == 3, reference
        assert rows(world, HandoffNote, handoff_reference=reference) == 1
    assert rows(world, TranscriptMessage, conversation_id="conv-orphan-new") == 1
    assert tracker.senders() == {
        "conv-old-waiting", "conv-old-claimed", "conv-recent-closed", "conv-shared", "conv-pending",
        "conv-recent-faq", "conv-mixed",
    }
    assert asyncio.run(tracker.store.retrieve("conv-old-waiting")) is not None
    assert asyncio.run(tracker.store.retrieve("conv-old-closed")) is None

    # Recorded, and the record outlives what it deleted.
    with world() as session:
        [record] = session.execute(select(Purge)).scalars()
    assert record.id == result.purge_id
    assert (record.actor, record.older_than_days, record.handoffs_deleted, record.conversations_deleted) == \
        ("test (Sam)", DAYS, 2, 2)
    assert record.cutoff == NOW - timedelta(days=DAYS)
    assert f"Recorded as purge #{record.id}." in list(describe(result))

    # Again: nothing left to delete, but the run is still recorded.
    again = purge(world, DAYS, tracker_url=tracker.url, now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    assert (again.handoffs, again.conversations, again.transcript_messages) == (0, 0, 0)
    assert rows(world, Purge) == 2


def test_an_open_handoff_protects_its_conversation_whatever_the_retention(
    store: sessionmaker, tracker: Tracker, tmp_path: Path
) -> None:
    handoff(store, "HO-OPEN01", "conv-1")
    tracker.add("conv-1", OLD)
    result = purge(store, 1, tracker_url=tracker.url, now=NOW + timedelta(days=3650), spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    assert (result.handoffs, result.conversations, result.transcript_messages) == (0, 0, 0)
    assert tracker.senders() == {"conv-1"}


def test_a_dead_event_does_not_keep_a_handoff(store: sessionmaker, tracker: Tracker, tmp_path: Path) -> None:
    handoff(store, "HO-DEAD01", "conv-dead", closed=OLD, delivered=False)
    with store.begin() as session:
        session.execute(update(OutboxEvent).values(status="dead", last_error="410 Gone"))
    result = purge(store, DAYS, tracker_url=tracker.url, now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    assert (result.handoffs, result.outbox_events, result.handoffs_kept_pending_delivery) == (1, 1, 0)


def test_old_spooled_files_are_counted_never_deleted(store: sessionmaker, tracker: Tracker, tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "HO-SPOOL1.json").write_text("{}")
    (spool / "HO-SPOOL2.json").write_text("{}")
    os.utime(spool / "HO-SPOOL1.json", (OLD.timestamp(), OLD.timestamp()))
    result = purge(store, DAYS, tracker_url=tracker.url, now=NOW, spool_directory=spool, log_directory=tmp_path / 'no-logs')
    assert result.spooled_files_older == 1
    assert sorted(p.name for p in spool.iterdir()) == ["HO-SPOOL1.json", "HO-SPOOL2.json"]
    assert any("spooled handoff file(s)" in line for line in describe(result))


def test_no_tracker_database_yet_is_not_an_error_and_creates_nothing(store: sessionmaker, tmp_path: Path) -> None:
    missing = tmp_path / "tracker.db"
    result = purge(store, DAYS, tracker_url=f"sqlite:///{missing}", now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    assert result.conversations == 0 and "does not exist" in (result.tracker_note or "")
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    create_engine(f"sqlite:///{empty}").connect().close()
    result = purge(store, DAYS, tracker_url=f"sqlite:///{empty}", now=NOW, spool_directory=tmp_path, log_directory=tmp_path / 'no-logs')
    assert "no events table" in (result.tracker_note or "")


def test_fewer_than_one_day_is_refused(store: sessionmaker) -> None:
    for days in (0, -5, 1.5, True):
        with pytest.raises(ValueError):
            purge(store, days, tracker_url="sqlite://", dry_run=True)  # type: ignore[arg-type]


def test_the_tracker_store_url_comes_from_endpoints_yml_as_rasa_builds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: var/tracker.db\n")
    assert tracker_store_url(endpoints, root=tmp_path).database == str(tmp_path / "var" / "tracker.db")

    monkeypatch.setenv("TRACKER_PASSWORD", "s3cret")
    endpoints.write_text(
        "tracker_store:\n  type: sql\n  dialect: postgresql\n  url: db.internal:6543\n  db: rasa\n"
        "  username: rasa\n  password: ${TRACKER_PASSWORD}\n"
    )
    url = tracker_store_url(endpoints)
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == \
        ("postgresql", "db.internal", 6543, "rasa", "rasa", "s3cret")

    endpoints.write_text("tracker_store:\n  type: SQL\n  url: postgresql://u:p@h/db\n")
    assert tracker_store_url(endpoints).render_as_string(hide_password=False) == "postgresql://u:p@h/db"

    endpoints.write_text("action_endpoint:\n  url: http://localhost:5055/webhook\n")
    assert tracker_store_url(endpoints) is None

    endpoints.write_text("tracker_store:\n  type: redis\n  url: localhost\n")
    with pytest.raises(TrackerStoreError, match="redis"):
        tracker_store_url(endpoints)

    endpoints.write_text("tracker_store:\n  type: SQL\n  password: ${NOT_SET_ANYWHERE_42}\n")
    with pytest.raises(TrackerStoreError, match="NOT_SET_ANYWHERE_42"):
        tracker_store_url(endpoints)


def test_the_projects_endpoints_yml_points_at_var_tracker_db() -> None:
    from bot import project

    assert tracker_store_url().database == str(project.ROOT / "var" / "tracker.db")


def test_retention_days_from_the_environment() -> None:
    assert retention_days({}) == DEFAULT_DAYS == 90
    assert retention_days({"HELPLINE_RETENTION_DAYS": " 30 "}) == 30
    for bad in ("0", "-1", "thirty", "1.5"):
        with pytest.raises(ValueError, match="HELPLINE_RETENTION_DAYS"):
            retention_days({"HELPLINE_RETENTION_DAYS": bad})


def test_rotated_log_files_older_than_the_cutoff_go_and_the_live_log_stays(store: sessionmaker, tracker: Tracker,
                                                                            tmp_path: Path) -> None:
    logs = tmp_path / "log"
    logs.mkdir()
    for name in ("rasa.log", "rasa.log.1", "rasa.log.2", "rasa.log.notes", "actions.log.1"):
        (logs / name).write_text("a line\n")
    for name in ("rasa.log", "rasa.log.2", "rasa.log.notes", "actions.log.1"):
        os.utime(logs / name, (OLD.timestamp(), OLD.timestamp()))
    dry = purge(store, DAYS, tracker_url=tracker.url, now=NOW, spool_directory=tmp_path, log_directory=logs, dry_run=True)
    assert dry.log_files == 2 and len(list(logs.iterdir())) == 5
    result = purge(store, DAYS, tracker_url=tracker.url, now=NOW, spool_directory=tmp_path, log_directory=logs)
    assert result.log_files == 2
    assert sorted(p.name for p in logs.iterdir()) == ["rasa.log", "rasa.log.1", "rasa.log.notes"]
