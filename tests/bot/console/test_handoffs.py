"""The queue, the handoff view and its actions, live updates, and relaying messages to Rasa."""

from __future__ import annotations

import asyncio
import time

from bot.storage import console as store
from bot.storage.handoffs import get_handoff
from tests.bot.console.conftest import add_handoff, next_event


async def test_queue_shows_open_handoffs_most_urgent_first_with_text_and_icon(sf, console):
    add_handoff(sf, "HO-STAND1", created_at="2026-11-23T10:00:00Z")
    add_handoff(sf, "HO-IMMED1", urgency="immediate", created_at="2026-11-23T12:00:00Z",
                language={"code": "ro", "name": "Romanian", "interpreter_needed": True})
    add_handoff(sf, "HO-HIGH01", urgency="high", created_at="2026-11-23T11:00:00Z")
    add_handoff(sf, "HO-CLOSED", created_at="2026-11-23T09:00:00Z")
    from bot.storage.handoffs import set_status
    set_status(sf, "HO-CLOSED", "closed", outcome="no further action")
    set_status(sf, "HO-HIGH01", "claimed", by="Bob Jones")

    alice = await console.login("Alice Smith")
    status, page = await alice.get("/")
    assert status == 200
    order = [page.index(ref) for ref in ("HO-IMMED1", "HO-HIGH01", "HO-STAND1")]
    assert order == sorted(order)
    assert "HO-CLOSED" not in page
    assert "⚠" in page and "Immediate – child at risk now" in page
    assert "interpreter needed" in page and "Romanian" in page
    assert "claimed by <strong>Bob Jones</strong>" in page
    assert "Croydon" in page and "15 (says 17, looks younger)" in page


async def test_queue_stream_delivers_a_newly_saved_handoff_within_a_second(sf, console):
    add_handoff(sf, "HO-FIRST1")

    alice = await console.login("Alice Smith")
    async with alice.session.get("/queue/events") as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        first = await next_event(stream, "queue", timeout=2)
        assert first["count"] == 1 and "HO-FIRST1" in first["html"]
        started = time.monotonic()
        await asyncio.to_thread(add_handoff, sf, "HO-NEW001", "immediate")
        update = await next_event(stream, "queue", timeout=1.0)
        elapsed = time.monotonic() - started
        assert elapsed < 1.0
        assert update["count"] == 2
        assert update["items"][0]["reference"] == "HO-NEW001"  # immediate goes first
        assert update["items"][0]["urgency"] == "immediate"


async def test_handoff_view_shows_the_summary_in_order_and_escapes_html(sf, console):
    transcript = [
        {"sender": "user", "text": "<script>alert('x')</script><b>bold</b>", "timestamp": "2026-11-23T18:10:00Z"},
    ]
    add_handoff(sf, transcript=transcript, narrative="A <img src=x onerror=alert(1)> narrative")

    alice = await console.login("Alice Smith")
    status, page = await alice.get("/handoffs/HO-7K2M9Q")
    assert status == 200
    assert "<script>alert" not in page and "<b>bold</b>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    labels = ["Urgency", "Child", "Location", "Indicators", "Actions taken", "Reporter and contact",
              "Language", "Questions asked", "Narrative", "Conversation", "Audit log"]
    positions = [page.index(f">{label}<") for label in labels]
    assert positions == sorted(positions)
    assert "nurse@oak.sch.uk" in page and "do I need the child&#39;s consent?" in page
    assert "Content-Security-Policy" not in page  # (header, not body)


async def test_unknown_reference_is_a_404_page_not_an_error(sf, console):
    alice = await console.login("Alice Smith")
    status, page = await alice.get("/handoffs/HO-NOPE99")
    assert status == 404 and "There is no handoff HO-NOPE99" in page
    status, _, page = await alice.post("/handoffs/HO-NOPE99/claim")
    assert status == 404
    status, page = await alice.get("/nowhere")
    assert status == 404 and "<html" in page


async def test_claim_race_exactly_one_counsellor_wins(sf, console):
    for n in range(5):
        add_handoff(sf, f"HO-RACE0{n}")

    alice, bob = await console.login("Alice Smith"), await console.login("Bob Jones")
    for n in range(5):
        ref = f"HO-RACE0{n}"
        results = await asyncio.gather(alice.post(f"/handoffs/{ref}/claim"), bob.post(f"/handoffs/{ref}/claim"))
        statuses = sorted(r[0] for r in results)
        assert statuses == [303, 409], statuses
        winner = get_handoff(sf, ref)["handling"]["claimed_by"]
        loser_page = next(r[2] for r in results if r[0] == 409)
        assert f"{winner} has already claimed {ref}" in loser_page
        assert [a["action"] for a in store.list_audit(sf, ref)] == ["claimed"]


async def test_only_the_counsellor_who_claimed_it_can_message(sf, rasa, start_console):
    add_handoff(sf)

    console = await start_console(rasa.url)
    alice, bob = await console.login("Alice Smith"), await console.login("Bob Jones")
    status, _, _ = await bob.post("/handoffs/HO-7K2M9Q/messages", {"text": "before anyone claims"})
    assert status == 403
    assert (await alice.post("/handoffs/HO-7K2M9Q/claim"))[0] == 303
    status, _, page = await bob.post("/handoffs/HO-7K2M9Q/messages", {"text": "hijack"})
    assert status == 403 and "Alice Smith has it" in page
    status, page = await bob.get("/handoffs/HO-7K2M9Q")
    assert "Alice Smith</strong> has this handoff" in page and "/claim" not in page
    assert rasa.events == []
    assert all(m["sender"] != "counsellor" for m in get_handoff(sf, "HO-7K2M9Q")["transcript"])


async def test_a_counsellor_message_is_stored_relayed_and_streamed(sf, rasa, start_console):
    add_handoff(sf)

    console = await start_console(rasa.url)
    alice = await console.login("Alice Smith")
    await alice.post("/handoffs/HO-7K2M9Q/claim")
    async with alice.session.get("/handoffs/HO-7K2M9Q/events") as stream:
        first = await next_event(stream, "handoff", timeout=2)
        assert len(first["transcript"]) == 3 and first["claimed_by"] == "Alice Smith"
        status, location, _ = await alice.post("/handoffs/HO-7K2M9Q/messages", {"text": "Hello, I'm <Alice>."})
        assert (status, location) == (303, "/handoffs/HO-7K2M9Q?notice=sent")
        update = await next_event(stream, "handoff", timeout=1.5)
        assert update["transcript"][-1]["sender"] == "counsellor"
        assert update["transcript"][-1]["text"] == "Hello, I'm <Alice>."
    assert rasa.events == [
        ("conv-HO-7K2M9Q", {"event": "bot", "text": "Hello, I'm <Alice>.", "metadata": {"from": "counsellor", "name": "Alice"}})
    ]
    status, page = await alice.get("/handoffs/HO-7K2M9Q?notice=sent")
    assert "Hello, I&#39;m &lt;Alice&gt;." in page and "Message sent" in page
    status, _, page = await alice.post("/handoffs/HO-7K2M9Q/messages", {"text": "   "})
    assert status == 400 and "The message is empty" in page
    assert get_handoff(sf, "HO-7K2M9Q")["transcript"][-1]["text"] == "Hello, I'm <Alice>."


async def test_when_rasa_is_unreachable_the_message_is_kept_and_a_warning_shown(sf, console):
    add_handoff(sf)

    # the console's rasa_url points at a closed port
    alice = await console.login("Alice Smith")
    await alice.post("/handoffs/HO-7K2M9Q/claim")
    status, location, _ = await alice.post("/handoffs/HO-7K2M9Q/messages", {"text": "are you there?"})
    assert status == 303 and location.endswith("notice=relay_failed")
    status, page = await alice.get(location)
    assert "could NOT be delivered" in page and 'role="alert"' in page
    assert get_handoff(sf, "HO-7K2M9Q")["transcript"][-1]["text"] == "are you there?"


async def test_release_transfer_notes_close_and_the_audit_log(sf, console):
    add_handoff(sf)

    alice, bob, admin = [await console.login(n) for n in ("Alice Smith", "Bob Jones", "Ada Admin")]
    ref = "/handoffs/HO-7K2M9Q"
    assert (await alice.post(f"{ref}/claim"))[0] == 303
    assert (await bob.post(f"{ref}/release"))[0] == 403
    assert (await bob.post(f"{ref}/transfer", {"to": "Bob Jones"}))[0] == 403
    assert (await alice.post(f"{ref}/transfer", {"to": "Nobody"}))[0] == 400
    assert (await alice.post(f"{ref}/transfer", {"to": "Bob Jones"}))[0] == 303
    assert get_handoff(sf, "HO-7K2M9Q")["handling"]["claimed_by"] == "Bob Jones"
    assert (await admin.post(f"{ref}/release"))[0] == 303
    assert get_handoff(sf, "HO-7K2M9Q")["status"] == "waiting"
    assert (await alice.post(f"{ref}/notes", {"text": "Called DSL <b>back</b>"}))[0] == 303
    assert (await alice.post(f"{ref}/notes", {"text": ""}))[0] == 400
    assert (await alice.post(f"{ref}/claim"))[0] == 303
    status, _, page = await alice.post(f"{ref}/close", {"outcome": "sorted it"})
    assert status == 400 and "Choose an outcome" in page
    assert (await bob.post(f"{ref}/close", {"outcome": "NRM referral made"}))[0] == 403
    assert (await alice.post(f"{ref}/close", {"outcome": "NRM referral made"}))[0] == 303
    status, page = await bob.get(ref)
    assert "Closed: NRM referral made" in page
    assert "Called DSL &lt;b&gt;back&lt;/b&gt;" in page
    audit = page[page.index("Audit log"):]
    for action in ("viewed", "claimed", "released", "transferred", "noted", "closed"):
        assert f"<td>{action}</td>" in audit
    assert "from Alice Smith to Bob Jones" in audit
    handoff = get_handoff(sf, "HO-7K2M9Q")
    assert (handoff["status"], handoff["handling"]["outcome"]) == ("closed", "NRM referral made")
