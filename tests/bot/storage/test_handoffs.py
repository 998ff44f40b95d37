"""The handoff repository on SQLite and PostgreSQL: one transaction, the contract's shape, the queue order."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import jsonschema
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, StatementError

from bot.storage import handoffs
from bot.storage.handoffs import (
    HandoffExists,
    HandoffNotFound,
    InvalidSummary,
    InvalidTransition,
    append_message,
    get_handoff,
    list_handoffs,
    open_handoff_status,
    save_handoff,
    set_status,
)
from bot.storage.models import Handoff, OutboxEvent, TranscriptMessage
from bot.storage.outbox import outbox_events
from tests.bot.storage.examples import summary, transcript

SCHEMA = json.loads(handoffs.schema_path().read_text())


def counts(store) -> tuple[int, int, int]:
    with store() as session:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Handoff, TranscriptMessage, OutboxEvent)
        )


def test_a_saved_handoff_comes_back_as_the_contract_with_its_transcript(store):
    reference = save_handoff(store, summary(), transcript())
    assert reference == "HO-7K2M9Q"

    document = get_handoff(store, reference)
    jsonschema.validate(document, SCHEMA)
    expected = {**summary(), "transcript": transcript()}
    assert {k: v for k, v in document.items() if k not in ("handling", "updated_at")} == expected
    assert document["updated_at"] == document["handling"]["updated_at"]  # the stored row's last change
    assert document["handling"]["claimed_by"] is None and document["handling"]["closed_at"] is None
    assert get_handoff(store, "HO-NOPE22") is None


def test_save_writes_one_pending_outbox_event_with_the_whole_summary(store):
    save_handoff(store, summary(), transcript())
    [event] = outbox_events(store)
    assert event["idempotency_key"] == "HO-7K2M9Q:handoff.created"
    assert event["event_type"] == "handoff.created" and event["handoff_reference"] == "HO-7K2M9Q"
    assert event["status"] == "pending" and event["attempts"] == 0 and event["delivered_at"] is None
    assert event["payload"] == {**summary(), "transcript": transcript()}
    jsonschema.validate(event["payload"], SCHEMA)
    assert counts(store) == (1, 3, 1)


def test_a_summary_that_breaks_the_contract_is_refused_before_anything_is_written(store):
    broken = summary()
    broken["urgency"] = "whenever"
    with pytest.raises(InvalidSummary, match="urgency"):
        save_handoff(store, broken, transcript())
    with pytest.raises(InvalidSummary, match="created_at"):
        save_handoff(store, summary(created_at="yesterday teatime"), transcript())
    with pytest.raises(InvalidSummary, match="transcript/0/sender"):
        save_handoff(store, summary(), [{"sender": "robot", "text": "hi", "timestamp": "2026-11-23T18:10:00Z"}])
    with pytest.raises(InvalidSummary, match="waiting"):
        save_handoff(store, summary(status="closed"), transcript())
    assert counts(store) == (0, 0, 0)


def test_handoff_transcript_and_outbox_commit_together_or_not_at_all(store, monkeypatch):
    real_insert = handoffs._insert_messages

    def insert_then_crash(session, rows):
        real_insert(session, rows)
        raise RuntimeError("crash between the transcript and the outbox")

    monkeypatch.setattr(handoffs, "_insert_messages", insert_then_crash)
    with pytest.raises(RuntimeError):
        save_handoff(store, summary(), transcript())
    assert counts(store) == (0, 0, 0)


def test_a_reused_reference_is_refused_and_the_first_handoff_is_untouched(store):
    save_handoff(store, summary(), transcript())
    with pytest.raises(HandoffExists, match="HO-7K2M9Q"):
        save_handoff(store, summary(narrative="someone else's case"), [])
    assert get_handoff(store, "HO-7K2M9Q")["narrative"] == summary()["narrative"]
    assert counts(store) == (1, 3, 1)


def test_messages_are_appended_once_and_the_handoff_shows_the_whole_conversation(store):
    first = transcript()[0]
    assert append_message(store, "conv-HO-7K2M9Q", "user", first["text"], "en", first["timestamp"], external_id="m1")
    assert not append_message(store, "conv-HO-7K2M9Q", "user", first["text"], "en", first["timestamp"], external_id="m1")
    # The channel stored the bot's reply without an id; the handoff brings the same message again.
    second = transcript()[1]
    assert append_message(store, "conv-HO-7K2M9Q", "bot", second["text"], "en", second["timestamp"])
    assert not append_message(store, "conv-HO-7K2M9Q", "bot", second["text"], "en", second["timestamp"])

    items = transcript()
    items[0]["external_id"] = "m1"
    save_handoff(store, summary(), items)
    append_message(store, "conv-HO-7K2M9Q", "counsellor", "Hello, I'm Sam.", timestamp="2026-11-23T18:13:00Z")
    append_message(store, "another-conversation", "user", "not this one", timestamp="2026-11-23T18:12:30Z")

    texts = [(m["sender"], m["text"]) for m in get_handoff(store, "HO-7K2M9Q")["transcript"]]
    assert texts == [(m["sender"], m["text"]) for m in transcript()] + [("counsellor", "Hello, I'm Sam.")]
    with pytest.raises(ValueError, match="sender"):
        append_message(store, "conv-HO-7K2M9Q", "system", "nope")


def test_timestamps_are_stored_and_returned_in_utc(store):
    save_handoff(store, summary(created_at="2026-11-23T18:12:00.250000+00:00"), [])
    append_message(store, "conv-HO-7K2M9Q", "user", "offset", timestamp="2026-11-23T19:13:00+01:00")
    append_message(store, "conv-HO-7K2M9Q", "user", "epoch", timestamp=1795457640.5)  # what Rasa events carry
    append_message(store, "conv-HO-7K2M9Q", "user", "aware", timestamp=datetime(2026, 11, 23, 18, 15, tzinfo=timezone.utc))

    document = get_handoff(store, "HO-7K2M9Q")
    assert [(m["text"], m["timestamp"]) for m in document["transcript"]] == [
        ("offset", "2026-11-23T18:13:00Z"),
        ("epoch", "2026-11-23T18:14:00.500000Z"),
        ("aware", "2026-11-23T18:15:00Z"),
    ]
    with store() as session:
        created = session.get(Handoff, "HO-7K2M9Q").created_at
    assert created == datetime(2026, 11, 23, 18, 12, 0, 250000, tzinfo=timezone.utc)


def test_the_queue_is_most_urgent_first_then_oldest_first(store):
    for reference, urgency, created in [
        ("HO-AAAAA2", "standard", "2026-11-23T09:00:00Z"),
        ("HO-AAAAA3", "high", "2026-11-23T11:00:00Z"),
        ("HO-AAAAA4", "immediate", "2026-11-23T12:00:00Z"),
        ("HO-AAAAA5", "high", "2026-11-23T10:00:00Z"),
        ("HO-AAAAA6", "standard", "2026-11-23T08:00:00Z"),
        ("HO-AAAAA7", "immediate", "2026-11-23T12:30:00Z"),
    ]:
        save_handoff(store, summary(reference, urgency=urgency, created_at=created), transcript())

    queue = list_handoffs(store)
    assert [h["reference"] for h in queue] == [
        "HO-AAAAA4", "HO-AAAAA7", "HO-AAAAA5", "HO-AAAAA3", "HO-AAAAA6", "HO-AAAAA2",
    ]
    for document in queue:
        jsonschema.validate(document, SCHEMA)
        assert len(document["transcript"]) == 3

    set_status(store, "HO-AAAAA5", "claimed", by="sam")
    set_status(store, "HO-AAAAA6", "closed", by="sam", outcome="advice given")
    assert [h["reference"] for h in list_handoffs(store, status="waiting")] == [
        "HO-AAAAA4", "HO-AAAAA7", "HO-AAAAA3", "HO-AAAAA2",
    ]
    assert [h["reference"] for h in list_handoffs(store, status="claimed")] == ["HO-AAAAA5"]
    assert [h["reference"] for h in list_handoffs(store, status="closed")] == ["HO-AAAAA6"]
    with pytest.raises(ValueError):
        list_handoffs(store, status="lost")


def test_the_open_handoff_of_a_conversation_is_waiting_or_claimed(store):
    assert open_handoff_status(store, "conv-1") is None
    save_handoff(store, summary("HO-BBBBB2", conversation_id="conv-1", created_at="2026-11-23T09:00:00Z"), [])
    assert open_handoff_status(store, "conv-1")[0] == "HO-BBBBB2"
    set_status(store, "HO-BBBBB2", "claimed", by="sam")
    assert open_handoff_status(store, "conv-1")[1] == "claimed"
    set_status(store, "HO-BBBBB2", "closed", outcome="referred to the NRM")
    assert open_handoff_status(store, "conv-1") is None

    save_handoff(store, summary("HO-BBBBB3", conversation_id="conv-1", created_at="2026-11-23T10:00:00Z"), [])
    assert open_handoff_status(store, "conv-1")[0] == "HO-BBBBB3"
    assert open_handoff_status(store, "conv-2") is None


def test_status_changes_follow_the_counsellors_workflow(store):
    save_handoff(store, summary(), transcript())
    with pytest.raises(ValueError, match="by="):
        set_status(store, "HO-7K2M9Q", "claimed")

    claimed = set_status(store, "HO-7K2M9Q", "claimed", by="sam")
    assert claimed["status"] == "claimed" and claimed["handling"]["claimed_by"] == "sam"
    assert set_status(store, "HO-7K2M9Q", "claimed", by="sam")["status"] == "claimed"  # same person, second tab
    with pytest.raises(InvalidTransition, match="claimed by sam"):
        set_status(store, "HO-7K2M9Q", "claimed", by="alex")

    released = set_status(store, "HO-7K2M9Q", "waiting")
    assert released["status"] == "waiting" and released["handling"]["claimed_by"] is None
    set_status(store, "HO-7K2M9Q", "claimed", by="alex")

    closed = set_status(store, "HO-7K2M9Q", "closed", outcome="referred to children's social care")
    jsonschema.validate(closed, SCHEMA)
    assert closed["status"] == "closed" and closed["handling"]["claimed_by"] == "alex"
    assert closed["handling"]["outcome"] == "referred to children's social care"
    assert closed["handling"]["closed_at"].endswith("Z")
    for status in ("waiting", "claimed", "closed"):
        with pytest.raises(InvalidTransition, match="closed"):
            set_status(store, "HO-7K2M9Q", status, by="sam")

    with pytest.raises(HandoffNotFound):
        set_status(store, "HO-NOPE22", "closed")
    with pytest.raises(ValueError):
        set_status(store, "HO-7K2M9Q", "archived")


def test_the_database_itself_refuses_values_outside_the_contract(store):
    with pytest.raises(IntegrityError):
        with store.begin() as session:
            session.add(
                Handoff(
                    reference="HO-CCCCC2", conversation_id="c", created_at=datetime.now(timezone.utc),
                    status="lost", urgency="standard", reason="raise_concern", summary={},
                    updated_at=datetime.now(timezone.utc),
                )
            )
    with pytest.raises(IntegrityError):  # foreign keys are on, on SQLite too
        with store.begin() as session:
            session.add(
                OutboxEvent(
                    handoff_reference="HO-NOPE22", event_type="handoff.created", payload={},
                    idempotency_key="x", status="pending", attempts=0,
                    next_attempt_at=datetime.now(timezone.utc), created_at=datetime.now(timezone.utc),
                )
            )
    with pytest.raises(StatementError, match="naive"):
        with store.begin() as session:
            session.add(TranscriptMessage(conversation_id="c", sender="user", text="t", timestamp=datetime(2026, 1, 1)))


def test_open_reference_is_the_waiting_or_claimed_handoff_only(store):
    reference = save_handoff(store, summary(), transcript())
    assert open_handoff_status(store, "conv-HO-7K2M9Q")[0] == reference
    set_status(store, reference, "closed", by="Sam", outcome="advice given")
    assert open_handoff_status(store, "conv-HO-7K2M9Q") is None


def test_queue_position_puts_the_most_urgent_first(store):
    from bot.storage.handoffs import queue_position

    save_handoff(store, summary("HO-AAAA22", created_at="2026-11-23T18:00:00Z"), transcript())
    save_handoff(store, summary("HO-BBBB22", urgency="immediate", created_at="2026-11-23T18:05:00Z"), transcript())
    assert queue_position(store, "HO-BBBB22") == 1 and queue_position(store, "HO-AAAA22") == 2
    assert queue_position(store, "HO-NOPE22") is None
