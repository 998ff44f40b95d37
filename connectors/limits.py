"""Rate limits at the edge, before a message reaches Rasa: in-process, bounded in memory.

Why: 60 anonymous requests in 7.6 s once made 30 fake "immediate" handoffs, because every new
sender id is a new conversation and every conversation can open a handoff. Three limits, each a
token bucket (up to N at once, refilling at N per window), checked by both channels:

| limit | default | env |
|---|---|---|
| messages per conversation (REST sender / website session) | 30 a minute | HELPLINE_LIMIT_CONVERSATION_PER_MINUTE |
| messages per client address | 300 a minute | HELPLINE_LIMIT_ADDRESS_PER_MINUTE |
| new conversations per client address | 60 per 10 minutes | HELPLINE_LIMIT_NEW_CONVERSATIONS_PER_10_MINUTES |
| entries kept per table (memory bound) | 20,000 | HELPLINE_LIMIT_MAX_ENTRIES |

A professional typing fast sends a message every few seconds (30 a minute is one every 2 s, with a
burst of 30); a school or a hospital behind one NAT address has a handful of people on the helpline
at once (300 messages a minute is 20 busy conversations; 60 new conversations in 10 minutes is more
than a whole region's professionals start). The new-conversation limit is what bounds handoffs from
one address: each conversation opens at most one. `0` turns a limit off (never in production).

The client address comes from bot/addresses.py (as for the console's login throttle): the peer's,
or, when the peer is one of HELPLINE_TRUSTED_PROXIES, the nearest X-Forwarded-For hop that is not a
trusted proxy; IPv6 clients by their /64. Behind a reverse proxy that is not listed, every client
has the proxy's address and shares one set of limits: list the proxy.

Memory: every table keeps at most HELPLINE_LIMIT_MAX_ENTRIES keys and forgets a key once its
bucket would be full again (idle for its window). When a table is full the least recently used key
is forgotten, so rotating sender ids or addresses costs the attacker, never memory; the price is
that a forgotten key starts afresh. One process (Rasa runs one Sanic worker): counts are not shared
between processes or kept across restarts.
"""

from __future__ import annotations

import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Mapping, Optional, Tuple

Clock = Callable[[], float]

MINUTE = 60.0
TEN_MINUTES = 600.0


class Buckets:
    """Token buckets keyed by a string: `count` per `per` seconds each, at most `max_entries` keys.

    A key idle for `keep_for` seconds (default `per`: its bucket is full again, so forgetting it
    changes nothing) is dropped; the table is ordered by last use, so dropping is cheap and the
    least recently used key goes first when the table is full."""

    def __init__(self, count: int, per: float, max_entries: int, keep_for: Optional[float] = None,
                 clock: Clock = time.monotonic) -> None:
        self.count, self.per, self.max_entries = count, per, max(1, max_entries)
        self.keep_for = max(per, keep_for or 0.0)
        self.clock = clock
        self._entries: OrderedDict[str, Tuple[float, float]] = OrderedDict()  # key -> (tokens, updated)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        self._expire(self.clock())
        return key in self._entries

    def _expire(self, now: float) -> None:
        entries = self._entries
        while entries:
            _, (_, updated) = next(iter(entries.items()))
            if now - updated < self.keep_for:
                return
            entries.popitem(last=False)

    def _refilled(self, key: str, now: float) -> Tuple[float, float]:
        tokens, updated = self._entries.get(key, (float(self.count), now))
        return min(float(self.count), tokens + (now - updated) * self.count / self.per), now

    def take(self, key: str) -> float:
        """Take one for `key`: 0.0 if it was allowed, otherwise the seconds until one is available.
        With the limit off (count 0) everything is allowed, and the key is still remembered."""
        now = self.clock()
        self._expire(now)
        tokens, _ = self._refilled(key, now) if self.count > 0 else (1.0, now)
        allowed = tokens >= 1
        if allowed:
            tokens -= 1
        if key in self._entries:
            self._entries.move_to_end(key)
        elif len(self._entries) >= self.max_entries:
            self._entries.popitem(last=False)
        self._entries[key] = (tokens, now)
        return 0.0 if allowed else (1 - tokens) * self.per / self.count


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        return max(0, int(value))
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


@dataclass(frozen=True)
class LimitSettings:
    """The numbers (see the module docstring for why these defaults)."""

    conversation_per_minute: int = 30
    address_per_minute: int = 300
    new_conversations_per_10_minutes: int = 60
    max_entries: int = 20_000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> LimitSettings:
        """The defaults, each overridable by its HELPLINE_LIMIT_* variable (a bad value fails at start-up)."""
        d = cls()
        return cls(
            conversation_per_minute=_int(environ, "HELPLINE_LIMIT_CONVERSATION_PER_MINUTE", d.conversation_per_minute),
            address_per_minute=_int(environ, "HELPLINE_LIMIT_ADDRESS_PER_MINUTE", d.address_per_minute),
            new_conversations_per_10_minutes=_int(
                environ, "HELPLINE_LIMIT_NEW_CONVERSATIONS_PER_10_MINUTES", d.new_conversations_per_10_minutes),
            max_entries=_int(environ, "HELPLINE_LIMIT_MAX_ENTRIES", d.max_entries) or d.max_entries,
        )


class EdgeLimits:
    """The three limits together; `check` is called once per message by each channel."""

    def __init__(self, settings: Optional[LimitSettings] = None, clock: Clock = time.monotonic) -> None:
        self.settings = s = settings or LimitSettings.from_env()
        # The conversation table also remembers which conversations are not new: for the whole
        # new-conversation window, so a professional pausing for a few minutes is not counted again.
        self.conversations = Buckets(s.conversation_per_minute, MINUTE, s.max_entries, keep_for=TEN_MINUTES, clock=clock)
        self.addresses = Buckets(s.address_per_minute, MINUTE, s.max_entries, clock=clock)
        self.new_conversations = Buckets(s.new_conversations_per_10_minutes, TEN_MINUTES, s.max_entries, clock=clock)

    def check(self, conversation: str, address: str) -> float:
        """0.0 if this message may go on to Rasa, else the seconds to wait before sending it again.

        Every message counts against its address (a limited one too: hammering keeps it limited); a
        conversation this process has not seen lately counts once against its address's new ones and
        is remembered only when allowed; then the conversation's own limit."""
        wait = self.addresses.take(address)
        if wait:
            return wait
        if conversation not in self.conversations:
            wait = self.new_conversations.take(address)
            if wait:
                return wait
        return self.conversations.take(conversation)


def retry_after(seconds: float) -> str:
    """The Retry-After header's whole seconds (at least 1)."""
    return str(max(1, math.ceil(seconds)))


@lru_cache(maxsize=1)
def limited_reply() -> str:
    """What a limited message gets instead of silence: wait and resend, 999, and the helpline's phone
    and email from domain/contacts.yml (bot.content, the one place contacts live), never typed here."""
    from bot.content import load_contacts

    contacts = load_contacts()
    return (
        "You're sending messages faster than I can take them. Wait a moment and send it again. "
        "If a child is in immediate danger, call 999 now. "
        f"You can also call the helpline on {contacts['helpline_phone']} or email {contacts['helpline_email']}."
    )
