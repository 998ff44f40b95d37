"""Who is online: signed-in console sessions seen recently (page loads, open live streams)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import update

from bot.console import live
from bot.storage import console as store
from bot.storage.console_models import ConsoleSession
from bot.storage.models import utcnow
from tests.bot.console.conftest import next_event


def names(sf, within: timedelta = store.PRESENCE_WINDOW) -> list[str]:
    return [u["name"] for u in store.online_counsellors(sf, within)]


def forget_everyone(sf) -> None:
    """As if nobody had loaded a page for a long time."""
    with sf.begin() as session:
        session.execute(update(ConsoleSession).values(last_seen_at=None))


async def eventually(check, timeout: float = 3.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await asyncio.to_thread(check):
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_presence_follows_an_open_stream_and_ends_at_logout(sf, monkeypatch, console):
    monkeypatch.setattr(store, "PRESENCE_REFRESH", timedelta(seconds=0.3))
    monkeypatch.setattr(live, "SESSION_RECHECK_SECONDS", 0.2)
    monkeypatch.setattr(live, "PRESENCE_POLL_SECONDS", 0.2)
    assert store.PRESENCE_WINDOW == timedelta(minutes=2)

    assert names(sf) == []
    bob = await console.login("Bob Jones")
    assert names(sf) == ["Bob Jones"]  # the page load after logging in counts
    forget_everyone(sf)
    assert names(sf) == []
    alice = await console.login("Alice Smith")
    async with bob.session.get("/queue/events") as stream:
        presence = await next_event(stream, "presence", timeout=2)  # opening the stream counts
        assert [u["name"] for u in presence["online"]] == ["Alice Smith", "Bob Jones"]
        assert "Bob Jones" in presence["html"]
        # while the stream stays open it keeps Bob online by itself (no page loads)
        forget_everyone(sf)
        await eventually(lambda: names(sf) == ["Bob Jones"])
        while [u["name"] for u in presence["online"]] != ["Bob Jones"]:  # and the page shows it
            presence = await next_event(stream, "presence", timeout=2)
        assert "Alice Smith" not in presence["html"]
        status, page = await alice.get("/")  # Alice loads the queue: she is online, and sees Bob
        assert status == 200 and "Who is online" in page
        online = page[page.index('id="online"'):]
        assert "Alice Smith" in online and "Bob Jones" in online
        assert names(sf) == ["Alice Smith", "Bob Jones"]
        assert store.online_counsellors(sf) == [{"name": "Alice Smith", "role": "counsellor"},
                                                {"name": "Bob Jones", "role": "counsellor"}]
        assert (await bob.post("/logout"))[0] == 303
        assert names(sf) == ["Alice Smith"]  # gone at once, before his stream notices
        saw_logout = False
        while not saw_logout:
            line = (await asyncio.wait_for(stream.content.readline(), 2)).decode()
            saw_logout = line.startswith("event: logout")
        await asyncio.sleep(0.5)
        assert names(sf) == ["Alice Smith"]  # the closing stream did not bring him back


async def test_stale_and_expired_sessions_do_not_count_and_each_person_counts_once(sf, console):
    await console.login("Alice Smith")
    await console.login("Alice Smith")  # a second browser
    await console.login("Bob Jones")
    assert names(sf) == ["Alice Smith", "Bob Jones"]
    with sf.begin() as session:  # Bob's page was last seen 3 minutes ago
        session.execute(update(ConsoleSession).where(ConsoleSession.user_id == store.get_user(sf, "Bob Jones")["id"])
                        .values(last_seen_at=utcnow() - timedelta(minutes=3)))
    assert names(sf) == ["Alice Smith"]
    assert names(sf, timedelta(minutes=5)) == ["Alice Smith", "Bob Jones"]
    with sf.begin() as session:  # Alice's logins expire (seen just now, but no longer valid)
        session.execute(update(ConsoleSession).where(ConsoleSession.user_id == store.get_user(sf, "Alice Smith")["id"])
                        .values(expires_at=utcnow() - timedelta(seconds=1), last_seen_at=utcnow()))
    assert names(sf, timedelta(minutes=5)) == ["Bob Jones"]


def test_touch_session_is_cheap_and_refuses_unknown_or_expired_tokens(sf):
    token, _ = store.create_session(sf, store.get_user(sf, "Ada Admin")["id"])
    assert store.touch_session(sf, token) is True
    assert store.online_counsellors(sf) == [{"name": "Ada Admin", "role": "admin"}]
    with sf() as session:
        first = session.query(ConsoleSession.last_seen_at).scalar()
    assert store.touch_session(sf, token) is True
    with sf() as session:
        assert session.query(ConsoleSession.last_seen_at).scalar() == first  # within min_interval: no write
    assert store.touch_session(sf, "not-a-token") is False and store.touch_session(sf, "") is False
    with sf.begin() as session:
        session.execute(update(ConsoleSession).values(expires_at=utcnow() - timedelta(seconds=1), last_seen_at=None))
    assert store.touch_session(sf, token) is False and store.online_counsellors(sf) == []


async def test_api_presence_needs_a_token_and_lists_who_is_online(sf, console):
    token = store.create_api_token(sf, "Bob Jones")

    anonymous = console.client()
    async with anonymous.get("/api/presence") as response:
        assert response.status == 401 and "error" in await response.json()
    wrong = console.client(Authorization="Bearer hl_wrong")
    async with wrong.get("/api/presence") as response:
        assert response.status == 401
    api = console.client(Authorization=f"Bearer {token}")
    async with api.get("/api/presence") as response:
        assert response.status == 200
        assert await response.json() == {"online": []}  # a token is not a counsellor at the console
    await console.login("Alice Smith")
    async with api.get("/api/presence") as response:
        assert await response.json() == {"online": [{"name": "Alice Smith", "role": "counsellor"}]}
