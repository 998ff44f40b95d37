"""The outbox worker against a real receiver on 127.0.0.1, on SQLite and PostgreSQL.

Fault tests: the receiver is down when handoffs are made, one answer gets lost on the
way back, a receiver that always fails. Every handoff must reach the case system
exactly once (by Idempotency-Key), signed, and the outbox must say so.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import text

from bot.delivery.worker import DeliveryConfig, RetryPolicy, deliver_due, run_forever
from bot.stack import free_port
from bot.storage import outbox
from bot.storage.handoffs import save_handoff
from bot.storage.models import utcnow
from tests.bot.delivery.receiver import Receiver
from tests.bot.storage.examples import summary, transcript

SECRET = "test-secret"
REFERENCES = ["HO-AAAAA2", "HO-AAAAA3", "HO-AAAAA4", "HO-AAAAA5", "HO-AAAAA6"]
KEYS = [f"{ref}:handoff.created" for ref in REFERENCES]


def make_handoffs(store) -> None:
    for i, ref in enumerate(REFERENCES):
        save_handoff(store, summary(ref, created_at=f"2026-11-23T18:1{i}:00Z"), transcript())


def statuses(store) -> dict[str, str]:
    return {e["idempotency_key"]: e["status"] for e in outbox.outbox_events(store)}


async def wait_for(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(condition):
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        await asyncio.sleep(0.05)


def test_handoffs_made_while_the_receiver_is_down_arrive_exactly_once_when_it_returns(store):
    port = free_port()
    receiver = Receiver(SECRET, port, lose_first_answer_for={KEYS[0]})
    config = DeliveryConfig(
        url=receiver.url, secret=SECRET, retry=RetryPolicy(base=0.05, cap=0.2, max_attempts=100),
        timeout=2.0, poll_interval=0.02,
    )

    async def scenario() -> None:
        make_handoffs(store)
        worker = asyncio.create_task(run_forever(store, config))
        try:
            # Receiver down: every send is refused, nothing is lost, everything waits.
            await wait_for(lambda: all(e["attempts"] >= 2 for e in outbox.outbox_events(store)))
            assert set(statuses(store).values()) == {"pending"}
            assert all("Connect" in (e["last_error"] or "") for e in outbox.outbox_events(store))

            await receiver.start()
            await wait_for(lambda: set(statuses(store).values()) == {"delivered"})
        finally:
            worker.cancel()
            with pytest.raises(asyncio.CancelledError):
                await worker
            await receiver.stop()

    asyncio.run(scenario())

    assert receiver.bad_signatures == 0
    assert sorted(receiver.accepted) == KEYS
    assert all(count == 1 for count in receiver.stored_times.values())
    # The lost answer made the worker send that handoff again; the receiver recognised it.
    assert receiver.duplicates == 1 and receiver.requests.count(KEYS[0]) == 2
    assert all(receiver.requests.count(key) == 1 for key in KEYS[1:])
    for key, ref in zip(KEYS, REFERENCES, strict=True):
        assert receiver.accepted[key]["reference"] == ref
        assert len(receiver.accepted[key]["transcript"]) == 3
    for event in outbox.outbox_events(store):
        assert event["status"] == "delivered" and event["delivered_at"] is not None and event["last_error"] is None


def test_a_receiver_that_always_fails_ends_in_dead_after_max_attempts(store):
    save_handoff(store, summary(), transcript())
    receiver = Receiver(SECRET, free_port(), status=500)
    policy = RetryPolicy(base=1.0, cap=1.5, max_attempts=3)

    class Highest:
        def uniform(self, a, b):
            return b

    async def scenario() -> list[int]:
        await receiver.start()
        start = utcnow() + timedelta(seconds=1)
        sent = []
        try:
            async with aiohttp.ClientSession() as session:
                for hour in range(5):  # a deterministic clock: one round an hour
                    now = start + timedelta(hours=hour)
                    report = await deliver_due(store, receiver.url, SECRET, now, client_session=session,
                                               retry=policy, rng=Highest())
                    sent.append(report.claimed)
                    [event] = outbox.outbox_events(store)
                    if hour < 2:
                        delay = event["next_attempt_at"] - now
                        assert delay == timedelta(seconds=[1.0, 1.5][hour])  # base, then 2*base capped
                        assert event["status"] == "pending"
        finally:
            await receiver.stop()
        return sent

    assert asyncio.run(scenario()) == [1, 1, 1, 0, 0]
    [event] = outbox.outbox_events(store)
    assert event["status"] == "dead" and event["attempts"] == 3
    assert event["last_error"].startswith("HTTP 500") and event["delivered_at"] is None
    assert receiver.requests == ["HO-7K2M9Q:handoff.created"] * 3


def test_a_claimed_event_is_not_claimed_again_until_its_lease_runs_out(store):
    make_handoffs(store)
    now = utcnow() + timedelta(seconds=1)
    first = outbox.claim_due(store, now, lease_seconds=60, limit=3)
    second = outbox.claim_due(store, now, lease_seconds=60, limit=10)
    assert len(first) == 3 and len(second) == 2
    assert not {e.id for e in first} & {e.id for e in second}
    assert outbox.claim_due(store, now, lease_seconds=60) == []
    # A worker that stopped mid-round hands its claims back; a crashed one's lapse after the lease.
    outbox.release(store, first, now)
    assert len(outbox.claim_due(store, now, lease_seconds=60)) == 3
    assert len(outbox.claim_due(store, now + timedelta(seconds=61), lease_seconds=60)) == 5


def test_on_postgresql_a_second_worker_skips_rows_another_is_claiming(store, db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite has no row locks; one worker per SQLite database is assumed")
    make_handoffs(store)
    now = utcnow() + timedelta(seconds=1)
    with store() as other_worker, ThreadPoolExecutor(1) as pool:
        # Another worker is in the middle of claiming two rows: it holds their row locks.
        other_worker.execute(text("SELECT id FROM outbox ORDER BY id LIMIT 2 FOR UPDATE"))
        claiming = pool.submit(outbox.claim_due, store, now, 60)
        try:
            claimed = claiming.result(timeout=5)
        except FuturesTimeout:
            pytest.fail("the claim waited for the other worker's locks instead of skipping those rows")
        finally:
            other_worker.rollback()
    assert len(claimed) == 3
    assert {e.handoff_reference for e in claimed} == set(REFERENCES[2:])


def test_the_worker_stops_cleanly_on_cancel_or_on_its_stop_event(store):
    make_handoffs(store)
    receiver = Receiver(SECRET, free_port())
    config = DeliveryConfig(url=receiver.url, secret=SECRET, poll_interval=0.02)

    async def scenario() -> None:
        await receiver.start()
        try:
            stop = asyncio.Event()
            worker = asyncio.create_task(run_forever(store, config, stop=stop))
            await wait_for(lambda: set(statuses(store).values()) == {"delivered"})
            stop.set()
            await asyncio.wait_for(worker, timeout=2)  # returns normally

            worker = asyncio.create_task(run_forever(store, config))
            await asyncio.sleep(0.1)
            worker.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(worker, timeout=2)
        finally:
            await receiver.stop()

    asyncio.run(scenario())
    assert sorted(receiver.accepted) == KEYS and receiver.duplicates == 0


def test_run_forever_refuses_to_start_without_a_url(store):
    with pytest.raises(ValueError, match="HANDOFF_WEBHOOK_URL"):
        asyncio.run(run_forever(store, DeliveryConfig(url=None)))
