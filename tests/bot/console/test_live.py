"""Live updates: one database watcher per console, however many tabs are open; every tab updates by itself."""

from __future__ import annotations

import asyncio
import logging
import threading

import aiohttp
import pytest

from bot.console import live
from bot.storage import console as store
from tests.bot.console.conftest import add_handoff, next_event

QUIET_SECONDS = 1.5  # a window with no change in the database: three watcher intervals


class Counting:
    """Wraps a storage function to count its calls (they run in worker threads)."""

    def __init__(self, function) -> None:
        self.function, self.calls, self._lock = function, 0, threading.Lock()

    def __call__(self, *args, **kwargs):
        with self._lock:
            self.calls += 1
        return self.function(*args, **kwargs)

    def reset(self) -> None:
        with self._lock:
            self.calls = 0


@pytest.fixture
def polls(monkeypatch) -> Counting:
    """The watcher's database polls."""
    counting = Counting(live.change_marker)
    monkeypatch.setattr(live, "change_marker", counting)
    return counting


@pytest.fixture
def rereads(monkeypatch) -> Counting:
    """What an open handoff page re-reads (its handoff's signature) when the watcher sees a change."""
    counting = Counting(store.handoff_signature)
    monkeypatch.setattr(store, "handoff_signature", counting)
    return counting


async def open_tab(browser, path: str, first: str) -> aiohttp.ClientResponse:
    """A live page's stream, once its first `first` event has arrived."""
    stream = await browser.session.get(path)
    await next_event(stream, first, timeout=2)
    return stream


async def test_many_open_tabs_cost_one_database_poll_per_interval(sf, console, polls, rereads):
    add_handoff(sf)
    alice, bob = await console.login("Alice Smith"), await console.login("Bob Jones")
    tabs = [await open_tab(alice, "/queue/events", "queue")]
    polls.reset()
    await asyncio.sleep(QUIET_SECONDS)
    with_one_tab = polls.calls

    for browser, path, first in [(alice, "/queue/events", "queue"), (bob, "/queue/events", "queue"),
                                 (bob, "/queue/events", "queue"), (alice, "/handoffs/HO-7K2M9Q/events", "handoff"),
                                 (bob, "/handoffs/HO-7K2M9Q/events", "handoff")]:
        tabs.append(await open_tab(browser, path, first))
    polls.reset()
    rereads.reset()
    await asyncio.sleep(QUIET_SECONDS)
    with_six_tabs = polls.calls

    assert 1 <= with_one_tab <= QUIET_SECONDS / live.POLL_SECONDS + 1
    assert with_six_tabs <= with_one_tab + 1  # not six times as many
    assert rereads.calls == 0  # nothing changed, so no tab read anything
    for tab in tabs:
        tab.close()


async def test_a_new_handoff_and_a_claim_reach_every_open_tab(sf, console):
    add_handoff(sf)
    alice, bob = await console.login("Alice Smith"), await console.login("Bob Jones")
    queues = [await open_tab(b, "/queue/events", "queue") for b in (alice, alice, bob)]
    handoff_page = await open_tab(bob, "/handoffs/HO-7K2M9Q/events", "handoff")

    await asyncio.to_thread(add_handoff, sf, "HO-NEW001", "immediate")
    for queue in queues:
        update = await next_event(queue, "queue", timeout=2)
        assert update["count"] == 2 and update["items"][0]["reference"] == "HO-NEW001"

    assert (await alice.post("/handoffs/HO-7K2M9Q/claim"))[0] == 303
    assert (await next_event(handoff_page, "handoff", timeout=2))["claimed_by"] == "Alice Smith"
    for queue in queues:
        update = await next_event(queue, "queue", timeout=2)
        assert "claimed by <strong>Alice Smith</strong>" in update["html"]
    for tab in [*queues, handoff_page]:
        tab.close()


async def test_an_idle_console_does_not_poll(console, polls):
    await console.login("Alice Smith")
    await asyncio.sleep(3 * live.POLL_SECONDS)
    assert polls.calls == 0


async def test_a_quiet_stream_gets_heartbeats(console, monkeypatch):
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 0.3)
    alice = await console.login("Alice Smith")
    async with alice.session.get("/queue/events") as stream:

        async def heartbeat() -> None:
            while (await stream.content.readline()) != b": keep-alive\n":
                pass

        await asyncio.wait_for(heartbeat(), 3)


async def test_shutting_down_ends_every_open_stream_at_once(console):
    alice = await console.login("Alice Smith")
    tabs = [await open_tab(alice, "/queue/events", "queue") for _ in range(3)]
    await live.stop_streams(console.app)  # the app's on_shutdown
    for tab in tabs:
        await asyncio.wait_for(tab.content.read(), 1)  # the stream ends: no waiting for a heartbeat
        assert tab.content.at_eof()
        tab.close()


async def test_the_watcher_outlives_a_database_error_and_tabs_catch_up(sf, console, monkeypatch, caplog):
    real = live.change_marker
    failures = {"left": 3}

    def flaky(session_factory):
        if failures["left"]:
            failures["left"] -= 1
            raise OSError("database is away")
        return real(session_factory)

    monkeypatch.setattr(live, "change_marker", flaky)
    alice = await console.login("Alice Smith")
    with caplog.at_level(logging.INFO, logger="bot.console.live"):
        async with alice.session.get("/queue/events") as queue:
            assert (await next_event(queue, "queue", timeout=2))["count"] == 0
            await asyncio.to_thread(add_handoff, sf, "HO-LATE01")
            assert (await next_event(queue, "queue", timeout=5))["count"] == 1
    assert failures["left"] == 0
    assert caplog.text.count("could not poll the database") == 1  # logged once, not every half second
    assert "the database answers again" in caplog.text
