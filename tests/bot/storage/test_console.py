"""Console storage on SQLite and PostgreSQL: login throttles counted atomically, sessions capped
under concurrent logins, API tokens that expire and can be revoked."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Callable

import pytest
from sqlalchemy import func, select, update

from bot.storage import console
from bot.storage.console_models import ApiToken, ConsoleSession
from bot.storage.models import utcnow

PASSWORD = "correct horse battery"
QUICK = console.Backoff(free=3, first_delay=timedelta(seconds=10), max_delay=timedelta(seconds=60))


def throttle(name: str = "a", backoff: console.Backoff = QUICK, clear: bool = True) -> console.Throttle:
    return console.Throttle(console.throttle_key("test", name), backoff, clear_on_success=clear)


def at_once(count: int, call: Callable[[], object]) -> list[object]:
    """`call` from `count` threads released together: the parallel requests of an attack."""
    barrier, results, lock = threading.Barrier(count), [], threading.Lock()

    def worker() -> None:
        barrier.wait()
        result = call()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == count
    return results


def test_backoff_is_free_then_doubles_up_to_its_cap():
    waits = [QUICK.wait_after(n).total_seconds() for n in range(8)]
    assert waits == [0, 0, 0, 10, 20, 40, 60, 60]
    assert QUICK.wait_after(10**6) == QUICK.max_delay


def test_attempts_are_free_then_wait_a_doubling_delay_and_refusals_count_nothing(store):
    t0, limit = utcnow(), [throttle()]
    assert [console.take_attempt(store, limit, t0) for _ in range(4)] == [True, True, True, False]
    assert console.throttle_failures(store, limit[0].key) == 3
    assert console.take_attempt(store, limit, t0 + timedelta(seconds=9)) is False
    assert console.throttle_failures(store, limit[0].key) == 3  # refused: not counted, the wait not extended
    assert console.take_attempt(store, limit, t0 + timedelta(seconds=10)) is True
    t1 = t0 + timedelta(seconds=10)
    assert console.take_attempt(store, limit, t1 + timedelta(seconds=19)) is False
    assert console.take_attempt(store, limit, t1 + timedelta(seconds=20)) is True
    # A quiet day later it starts again from nothing.
    later = t1 + console.THROTTLE_FORGET_AFTER + timedelta(minutes=1)
    assert [console.take_attempt(store, limit, later) for _ in range(4)] == [True, True, True, False]


def test_one_refusing_throttle_refuses_the_attempt_and_charges_none(store):
    t0, free, blocked = utcnow(), throttle("free"), throttle("blocked")
    for _ in range(3):
        console.take_attempt(store, [blocked], t0)
    assert console.take_attempt(store, [free, blocked], t0) is False
    assert console.throttle_failures(store, free.key) == 0


def test_a_right_password_clears_its_place_and_gives_the_attempt_back_elsewhere(store):
    place, shared = throttle("place"), throttle("shared", clear=False)
    console.create_user(store, "Alice Smith", "counsellor", PASSWORD)
    for _ in range(2):
        assert console.check_login(store, "Alice Smith", "wrong password", [place, shared]).user is None
    outcome = console.check_login(store, "Alice Smith", PASSWORD, [place, shared])
    assert outcome.user["name"] == "Alice Smith" and not outcome.throttled
    assert console.throttle_failures(store, place.key) == 0
    assert console.throttle_failures(store, shared.key) == 2  # the two wrong ones stay counted


def test_an_unknown_name_is_counted_and_throttled_like_a_wrong_password(store):
    limit = [throttle()]
    outcomes = [console.check_login(store, "Nobody Here", PASSWORD, limit) for _ in range(4)]
    assert [o.user for o in outcomes] == [None] * 4
    assert [o.throttled for o in outcomes] == [False, False, False, True]


def test_parallel_attempts_are_counted_one_at_a_time(store):
    limit = [throttle()]
    allowed = at_once(12, lambda: console.take_attempt(store, limit))
    assert allowed.count(True) == QUICK.free
    assert console.throttle_failures(store, limit[0].key) == QUICK.free


def test_parallel_attempts_sharing_some_throttles_neither_deadlock_nor_slip_past(store):
    """Each attempt has its own (address, name) count but shares the name's: the name's limit holds."""
    counter, lock = [0], threading.Lock()

    def attempt() -> bool:
        with lock:
            counter[0] += 1
            own = throttle(f"pair-{counter[0]}")
        return console.take_attempt(store, [own, throttle("name", clear=False), throttle("address", console.Backoff(
            free=100, first_delay=timedelta(seconds=1), max_delay=timedelta(seconds=1)), clear=False)])

    allowed = at_once(10, attempt)
    assert allowed.count(True) == QUICK.free


def test_concurrent_logins_keep_at_most_the_cap_and_never_end_the_new_one(store):
    user = console.create_user(store, "Alice Smith", "counsellor", PASSWORD)
    tokens = at_once(10, lambda: console.create_session(store, user["id"])[0])
    with store() as session:
        live = session.execute(select(func.count()).select_from(ConsoleSession)).scalar_one()
    assert live == console.MAX_SESSIONS_PER_USER
    assert sum(console.session_user(store, t) is not None for t in tokens) == console.MAX_SESSIONS_PER_USER
    newest = console.create_session(store, user["id"], replacing=tokens[0])[0]
    assert console.session_user(store, newest)["name"] == "Alice Smith"
    assert console.end_all_sessions(store, user["id"]) == console.MAX_SESSIONS_PER_USER


def test_tokens_expire_can_be_revoked_once_and_say_when_they_were_last_used(store):
    console.create_user(store, "Alice Smith", "counsellor", PASSWORD)
    token = console.create_api_token(store, "Alice Smith", days=30, label="  case\nsystem ")
    info = console.api_token_info(store, token)
    assert info["label"] == "case system" and info["last_used_at"] is None
    assert console.token_user(store, token)["name"] == "Alice Smith"
    assert console.api_token_info(store, token)["last_used_at"] is not None
    first = console.revoke_api_token(store, info["id"])["revoked_at"]
    assert first and console.revoke_api_token(store, info["id"])["revoked_at"] == first
    assert console.token_user(store, token) is None
    with pytest.raises(console.TokenNotFound):
        console.revoke_api_token(store, 999)

    expired = console.create_api_token(store, "Alice Smith")
    with store.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == console._digest(expired))
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    assert console.token_user(store, expired) is None
    for days in (0, console.MAX_TOKEN_DAYS + 1):
        with pytest.raises(ValueError):
            console.create_api_token(store, "Alice Smith", days=days)
