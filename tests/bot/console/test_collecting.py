"""Issue 10 in the console: collecting handoffs (marked, live, claimable), urgency reasons, the
evidence beside each field, and the danger alert on every live page."""

from __future__ import annotations

import asyncio
import copy

from bot.handoff.service import HandoffService
from bot.storage import console as store
from bot.storage.handoffs import get_handoff
from tests.bot.console.conftest import add_collecting, add_handoff, next_event


def grown(sf, reference: str, **changes) -> dict:
    """The stored summary with the intake's next facts, as the bot would send it to record_intake."""
    document = get_handoff(sf, reference)
    summary = {k: v for k, v in document.items() if k not in ("transcript", "handling")}
    summary = copy.deepcopy(summary)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(summary.get(key), dict):
            summary[key].update(value)
        else:
            summary[key] = value
    return summary


async def test_a_collecting_handoff_is_in_the_queue_marked_in_words_and_can_be_claimed(sf, console):
    add_collecting(sf, "HO-COLL01")
    add_handoff(sf, "HO-WAIT01")

    alice = await console.login("Alice Smith")
    status, page = await alice.get("/")
    assert status == 200 and "HO-COLL01" in page and "HO-WAIT01" in page
    card = page[page.index('data-reference="HO-COLL01"'):]
    card = card[:card.index("</li>")]
    assert "Still being filled in by the assistant" in card
    assert "still being filled in by the assistant – not claimed" in card
    waiting_card = page[page.index('data-reference="HO-WAIT01"'):]
    assert "still being filled in" not in waiting_card[:waiting_card.index("</li>")]

    status, page = await alice.get("/handoffs/HO-COLL01")
    assert status == 200
    assert "Still being filled in by the assistant" in page
    assert "it is still asking the professional questions" in page  # intake_status in plain words
    assert 'action="/handoffs/HO-COLL01/claim"' in page  # a counsellor may take it before the intake ends


async def test_a_counsellor_can_claim_a_collecting_handoff(sf, console):
    add_collecting(sf, "HO-COLL01")

    alice = await console.login("Alice Smith")
    status, location, _ = await alice.post("/handoffs/HO-COLL01/claim")
    assert (status, location) == (303, "/handoffs/HO-COLL01?notice=claimed")
    assert get_handoff(sf, "HO-COLL01")["handling"]["claimed_by"] == "Alice Smith"


def test_a_summary_update_changes_both_signatures(sf):
    add_collecting(sf, "HO-COLL01")
    queue_before, handoff_before = store.queue_signature(sf), store.handoff_signature(sf, "HO-COLL01")
    HandoffService(sf).record_intake("HO-COLL01", grown(sf, "HO-COLL01", child={"location": "Leeds"}))
    assert store.queue_signature(sf) != queue_before
    assert store.handoff_signature(sf, "HO-COLL01") != handoff_before


async def test_queue_and_handoff_pages_update_live_as_the_intake_adds_facts(sf, console):
    add_collecting(sf, "HO-COLL01", child={**get_child(), "location": None, "local_authority": None})

    alice = await console.login("Alice Smith")
    async with alice.session.get("/queue/events") as queue, \
            alice.session.get("/handoffs/HO-COLL01/events") as handoff:
        first = await next_event(queue, "queue", timeout=2)
        assert "location unknown" in first["html"] and "Still being filled in" in first["html"]
        summary = await next_event(handoff, "summary", timeout=2)
        assert summary["status"] == "collecting"
        facts = grown(sf, "HO-COLL01", child={"location": "Leeds", "moving_to": "Birmingham"},
                      evidence={"child.location": "she's at school in Leeds",
                                "child.moving_to": "they're taking her to Birmingham"},
                      urgency="high", urgency_reasons=["being moved"])
        await asyncio.to_thread(HandoffService(sf).record_intake, "HO-COLL01", facts)
        update = await next_event(queue, "queue", timeout=2)
        assert "Leeds" in update["html"] and "being taken to Birmingham" in update["html"]
        assert update["items"][0]["urgency"] == "high" and update["items"][0]["urgency_reasons"] == ["being moved"]
        live = await next_event(handoff, "summary", timeout=2)
        assert live["urgency"] == "high" and live["updated_at"] != summary["updated_at"]
        assert "now at Leeds" in live["summary_html"] and "being taken to Birmingham" in live["summary_html"]
        assert "she&#39;s at school in Leeds" in live["summary_html"]
        assert "being moved" in live["head_html"]


def get_child() -> dict:
    from tests.bot.storage import examples

    return copy.deepcopy(examples.EXAMPLE_SUMMARY["child"])


async def test_evidence_urgency_reasons_moving_to_and_declined_contact_are_shown_escaped(sf, console):
    add_handoff(
        sf, "HO-EVID01", urgency="high", intake_status="left",
        urgency_reasons=["being moved <tonight>", "under 13"],
        child={**get_child(), "age": 12, "age_text": None, "age_disputed": None, "location": "Croydon",
               "moving_to": "Birmingham"},
        reporter={"role": "teacher", "organisation": None, "contact": None, "contact_declined": True},
        evidence={
            "child.age": "she's <b>12</b> I think",
            "child.moving_to": "they're taking her to <script>alert(1)</script> birmingham",
            "indicators.0": "a man <i>keeps</i> her passport",
            "reporter.contact_declined": "i'd rather not give my details",
            "something.new": "a path the console does not know",
        },
    )

    alice = await console.login("Alice Smith")
    status, page = await alice.get("/handoffs/HO-EVID01")
    assert status == 200
    for raw in ("<b>12</b>", "<script>alert(1)</script>", "<i>keeps</i>", "<tonight>"):
        assert raw not in page
    assert "she&#39;s &lt;b&gt;12&lt;/b&gt; I think" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; birmingham" in page
    assert "being moved &lt;tonight&gt;" in page and "under 13" in page
    assert "being taken to Birmingham" in page and "now at Croydon" in page
    assert "declined to give contact details" in page
    assert "i&#39;d rather not give my details" in page
    assert "a path the console does not know" in page  # unknown evidence is shown, not dropped
    assert "left or went quiet before the questions were finished" in page
    # evidence sits under its own field: the age quote inside the Child row, the passport by its indicator
    child_row = page[page.index(">Child<"):page.index(">Location<")]
    assert "&lt;b&gt;12&lt;/b&gt;" in child_row and "<q dir=\"auto\">" in child_row
    indicators = page[page.index(">Indicators<"):page.index(">Actions taken<")]
    assert "a man &lt;i&gt;keeps&lt;/i&gt; her passport" in indicators
    moving = page[page.index(">Being taken to<"):page.index(">Indicators<")]
    assert "birmingham" in moving
    status, queue = await alice.get("/")
    assert "being moved &lt;tonight&gt;; under 13" in queue and "being taken to Birmingham" in queue
    assert "<tonight>" not in queue


async def test_a_handoff_that_becomes_immediate_alerts_the_queue_and_an_open_handoff_page(sf, console):
    add_handoff(sf, "HO-READ01")  # the one the counsellor is reading
    add_collecting(sf, "HO-DANGER")
    add_handoff(sf, "HO-OLDIMM", urgency="immediate")

    alice = await console.login("Alice Smith")
    for path in ("/", "/handoffs/HO-READ01"):
        status, page = await alice.get(path)
        assert 'id="danger-alerts"' in page and 'role="alert"' in page
        assert 'data-immediate="HO-OLDIMM"' in page  # already immediate: no alert for it
        assert "/static/alerts.js" in page
    async with alice.session.get("/queue/events") as queue, \
            alice.session.get("/handoffs/HO-READ01/events") as handoff:
        for stream in (queue, handoff):
            first = await next_event(stream, "immediate", timeout=2)
            assert [i["reference"] for i in first["items"]] == ["HO-OLDIMM"]
        await asyncio.to_thread(HandoffService(sf).raise_to_immediate, "HO-DANGER", "men outside, <moving him> tonight")
        for stream in (queue, handoff):
            alert = await next_event(stream, "immediate", timeout=2)
            danger = next(i for i in alert["items"] if i["reference"] == "HO-DANGER")
            assert danger["reasons"] == ["men outside, <moving him> tonight"]  # shown with textContent
            assert "not claimed yet" in danger["who"] and danger["location"] == "Croydon"
        # a brand-new immediate handoff alerts too
        await asyncio.to_thread(add_handoff, sf, "HO-NEWIMM", "immediate")
        for stream in (queue, handoff):
            alert = await next_event(stream, "immediate", timeout=2)
            assert "HO-NEWIMM" in [i["reference"] for i in alert["items"]]
