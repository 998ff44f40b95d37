"""A concern the database could not take is spooled whole and lands in the database later, once."""

from __future__ import annotations

import json
from pathlib import Path

from bot.handoff.service import HandoffService
from bot.handoff.spool import drain, spool
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import get_handoff, list_handoffs
from tests.bot.storage.examples import summary, transcript


def concern(reference: str = "HO-SPOOL1", **changes) -> dict:
    return summary(reference, status="collecting", intake_status="in_progress", **changes)


def away(tmp_path: Path) -> HandoffService:
    """A service whose database cannot be reached at all."""
    return HandoffService(session_factory(make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")))


def test_a_spooled_concern_lands_in_the_queue_with_its_transcript_and_the_file_goes(store, tmp_path):
    spool(concern(), transcript(), directory=tmp_path)
    assert drain(HandoffService(store), tmp_path) == ["HO-SPOOL1"]
    stored = get_handoff(store, "HO-SPOOL1")
    assert stored["status"] == "collecting"  # in the console's queue now
    assert [m["text"] for m in stored["transcript"]] == [m["text"] for m in transcript()]
    assert list(tmp_path.glob("HO-*")) == []
    assert drain(HandoffService(store), tmp_path) == []  # nothing twice


def test_any_text_is_spooled_readably_and_stored(store, tmp_path):
    words = "she is 13, lives in Bradford \ud800 \u202e نعم 😢"
    path = spool(concern(narrative=words), [{**transcript()[0], "text": words}], directory=tmp_path)
    assert path.stat().st_size > 0 and json.loads(path.read_text(encoding="ascii"))
    drain(HandoffService(store), tmp_path)
    stored = get_handoff(store, "HO-SPOOL1")
    assert stored["narrative"] == words.replace("\ud800", "\ufffd")
    assert stored["transcript"][0]["text"] == words.replace("\ud800", "\ufffd")


def test_while_the_database_is_away_the_spool_keeps_everything_and_drains_when_it_is_back(store, tmp_path):
    spool(concern("HO-SPOOL1"), transcript(), directory=tmp_path)
    spool(concern("HO-SPOOL2"), transcript(), directory=tmp_path)
    assert drain(away(tmp_path), tmp_path) == []
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["HO-SPOOL1.json", "HO-SPOOL2.json"]
    assert sorted(drain(HandoffService(store), tmp_path)) == ["HO-SPOOL1", "HO-SPOOL2"]
    assert list(tmp_path.glob("*.json")) == []


def test_the_latest_record_of_a_handoff_wins_and_danger_described_later_raises_it(store, tmp_path):
    spool(concern(), transcript()[:1], directory=tmp_path)
    spool(concern(), transcript(), danger=True, directory=tmp_path)  # the same handoff, a turn later
    assert drain(HandoffService(store), tmp_path) == ["HO-SPOOL1"]
    stored = get_handoff(store, "HO-SPOOL1")
    assert stored["urgency"] == "immediate"
    assert len(stored["transcript"]) == len(transcript())


def test_a_spooled_turn_of_an_existing_handoff_updates_it_and_makes_no_second_one(store, tmp_path):
    service = HandoffService(store)
    service.open(concern(), transcript()[:1])
    spool(concern(actions_taken=["told the DSL", "called the police"]), transcript(), directory=tmp_path)
    drain(service, tmp_path)
    assert [h["reference"] for h in list_handoffs(store)] == ["HO-SPOOL1"]
    stored = get_handoff(store, "HO-SPOOL1")
    assert "called the police" in stored["actions_taken"] and len(stored["transcript"]) == len(transcript())


def test_an_unreadable_file_is_kept_aside_for_a_person_and_does_not_block_the_rest(store, tmp_path):
    (tmp_path / "HO-BROKEN.json").write_text("{not json")
    spool(concern(), transcript(), directory=tmp_path)
    assert drain(HandoffService(store), tmp_path) == ["HO-SPOOL1"]
    assert (tmp_path / "HO-BROKEN.unreadable").exists()


def test_a_drain_that_died_mid_way_is_picked_up_again(store, tmp_path):
    path = spool(concern(), transcript(), directory=tmp_path)
    path.replace(path.with_suffix(".landing"))  # as if the process died after taking it
    assert drain(HandoffService(store), tmp_path) == ["HO-SPOOL1"]


def test_the_bot_and_the_drain_writing_the_same_reference_make_one_handoff(store, tmp_path):
    service = HandoffService(store)
    spool(concern(), transcript()[:1], directory=tmp_path)  # the first turn failed and was spooled
    service.keep(concern(), transcript()[:2])  # the next turn stores under the same reference
    drain(service, tmp_path)
    assert [h["reference"] for h in list_handoffs(store)] == ["HO-SPOOL1"]
    assert len(get_handoff(store, "HO-SPOOL1")["transcript"]) == 2
