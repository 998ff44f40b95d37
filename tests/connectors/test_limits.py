"""Rate limits at the edge (connectors/limits.py): the numbers, the memory bound, the client address."""

from __future__ import annotations

import ipaddress

import pytest

from bot.content import load_contacts
from connectors.limits import Buckets, EdgeLimits, LimitSettings, limited_reply, retry_after


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_count_at_once_then_refills_at_its_rate():
    clock = Clock()
    buckets = Buckets(30, 60.0, max_entries=10, clock=clock)
    assert [buckets.take("a") for _ in range(30)] == [0.0] * 30
    wait = buckets.take("a")
    assert wait == pytest.approx(2.0)  # one more every 2 s at 30 a minute
    assert buckets.take("b") == 0.0  # keys are independent
    clock.now += 2.0
    assert buckets.take("a") == 0.0 and buckets.take("a") > 0


def test_idle_keys_are_forgotten_once_their_bucket_is_full_again():
    clock = Clock()
    buckets = Buckets(5, 60.0, max_entries=10, clock=clock)
    buckets.take("a")
    clock.now += 59
    assert "a" in buckets
    clock.now += 1
    assert "a" not in buckets and len(buckets) == 0


def test_a_table_never_holds_more_than_its_cap_of_100000_distinct_keys():
    buckets = Buckets(30, 60.0, max_entries=5000, clock=Clock())
    for n in range(100_000):
        buckets.take(f"sender-{n}")
    assert len(buckets) == 5000
    assert "sender-99999" in buckets and "sender-0" not in buckets  # the least recently used went first


def test_zero_turns_a_limit_off():
    buckets = Buckets(0, 60.0, max_entries=10, clock=Clock())
    assert all(buckets.take("a") == 0.0 for _ in range(1000))


def settings(**numbers: int) -> LimitSettings:
    return LimitSettings(**{**dict(conversation_per_minute=30, address_per_minute=300,
                                   new_conversations_per_10_minutes=60, max_entries=20_000), **numbers})


def test_a_conversation_is_limited_on_its_own():
    limits = EdgeLimits(settings(conversation_per_minute=3), clock=Clock())
    assert [limits.check("c1", "203.0.113.5") for _ in range(3)] == [0.0] * 3
    assert limits.check("c1", "203.0.113.5") > 0
    assert limits.check("c2", "203.0.113.5") == 0.0  # another conversation from the same address goes on


def test_an_address_is_limited_across_its_conversations():
    limits = EdgeLimits(settings(address_per_minute=10), clock=Clock())
    assert all(limits.check(f"c{n % 3}", "203.0.113.5") == 0.0 for n in range(10))
    assert limits.check("c0", "203.0.113.5") > 0
    assert limits.check("c0", "198.51.100.7") == 0.0


def test_new_conversations_per_address_are_bounded_and_open_ones_carry_on():
    """Each conversation can open one handoff, so this bounds handoffs from one address."""
    clock = Clock()
    limits = EdgeLimits(settings(new_conversations_per_10_minutes=5), clock=clock)
    assert [limits.check(f"new-{n}", "203.0.113.5") for n in range(5)] == [0.0] * 5
    wait = limits.check("new-5", "203.0.113.5")
    assert wait == pytest.approx(120.0)  # 5 per 10 minutes: one more every 2 minutes
    assert limits.check("new-0", "203.0.113.5") == 0.0  # a professional already chatting is not blocked
    assert limits.check("elsewhere", "198.51.100.7") == 0.0
    clock.now += 120
    assert limits.check("new-5", "203.0.113.5") == 0.0


def test_a_professional_pausing_for_minutes_is_not_a_new_conversation_again():
    clock = Clock()
    limits = EdgeLimits(settings(new_conversations_per_10_minutes=1), clock=clock)
    assert limits.check("c1", "203.0.113.5") == 0.0
    clock.now += 5 * 60
    assert limits.check("c1", "203.0.113.5") == 0.0


def test_memory_stays_bounded_under_100000_distinct_senders_and_addresses():
    limits = EdgeLimits(settings(max_entries=2000), clock=Clock())
    for n in range(100_000):
        limits.check(f"sender-{n}", str(ipaddress.IPv4Address(0x0A000000 + n)))  # all different
    assert max(len(limits.conversations), len(limits.addresses), len(limits.new_conversations)) <= 2000
    # one address rotating sender ids is stopped after its new conversations; nothing more is kept
    rotating = EdgeLimits(settings(new_conversations_per_10_minutes=60), clock=Clock())
    refused = sum(bool(rotating.check(f"sender-{n}", "203.0.113.5")) for n in range(100_000))
    assert len(rotating.conversations) == 60 and refused >= 100_000 - 300


def test_the_numbers_come_from_the_environment():
    assert LimitSettings.from_env({}) == LimitSettings()
    got = LimitSettings.from_env({
        "HELPLINE_LIMIT_CONVERSATION_PER_MINUTE": "10", "HELPLINE_LIMIT_ADDRESS_PER_MINUTE": "0",
        "HELPLINE_LIMIT_NEW_CONVERSATIONS_PER_10_MINUTES": " 7 ", "HELPLINE_LIMIT_MAX_ENTRIES": "100",
    })
    assert got == LimitSettings(10, 0, 7, 100)
    with pytest.raises(ValueError, match="HELPLINE_LIMIT_ADDRESS_PER_MINUTE"):
        LimitSettings.from_env({"HELPLINE_LIMIT_ADDRESS_PER_MINUTE": "lots"})


def test_the_defaults_leave_room_for_a_fast_typist_and_a_school_behind_one_address():
    s = LimitSettings()
    assert s.conversation_per_minute >= 20  # a message every 3 s, with a burst of as many
    assert s.address_per_minute >= 10 * s.conversation_per_minute / 2  # 20 busy conversations
    assert 20 <= s.new_conversations_per_10_minutes <= 100  # generous, yet a bound on handoffs


def test_the_limited_reply_says_wait_999_and_the_helplines_own_number_and_email():
    contacts = load_contacts()
    reply = limited_reply()
    assert reply.startswith("You're sending messages faster than I can take them. Wait a moment and send it again.")
    assert "call 999 now" in reply
    assert contacts["helpline_phone"] in reply and contacts["helpline_email"] in reply
    assert retry_after(0.2) == "1" and retry_after(119.1) == "120"
