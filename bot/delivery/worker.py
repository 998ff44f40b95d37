"""The outbox worker: send every due outbox event to the case system's webhook until it lands.

Why a worker instead of posting from the action: the handoff must be saved even when
the case system is down, and the case system must hear about it when it comes back.
The action commits the handoff and its outbox row together (bot.storage.handoffs);
this worker sends pending rows, marks them delivered on 2xx, and otherwise retries
with capped exponential backoff and jitter until max_attempts, then marks them dead
for a person to look at (`last_error` says why). Claiming is in bot.storage.outbox.

Configuration (environment, safe defaults):
  HANDOFF_WEBHOOK_URL     where to POST; unset = delivery disabled (events wait in the outbox)
  HANDOFF_WEBHOOK_SECRET  the HMAC key; required when the URL is set
Backoff: the n-th retry waits min(base * 2**(n-1), cap) scaled by a random factor in
[0.5, 1], base 1 s, cap 300 s, 12 attempts in all (about 25 minutes of trying).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Mapping, Optional

import aiohttp
from sqlalchemy.orm import sessionmaker

from bot.delivery.webhook import encode, headers
from bot.storage import outbox
from bot.storage.models import utcnow

logger = logging.getLogger(__name__)

URL_ENV = "HANDOFF_WEBHOOK_URL"
SECRET_ENV = "HANDOFF_WEBHOOK_SECRET"


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, and when to give up."""

    base: float = 1.0
    cap: float = 300.0
    max_attempts: int = 12

    def delay(self, attempts: int, rng: random.Random) -> float:
        """Seconds to wait after the `attempts`-th failed send (1 = the first send failed).

        Jitter (a factor in [0.5, 1]) spreads retries out so a receiver coming back up
        is not hit by every waiting event in the same instant; it never exceeds the cap.
        """
        raw = min(self.base * 2 ** max(attempts - 1, 0), self.cap)
        return raw * rng.uniform(0.5, 1.0)


@dataclass(frozen=True)
class DeliveryConfig:
    """Where and how to deliver; `url is None` means delivery is switched off."""

    url: Optional[str]
    secret: str = ""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 10.0
    poll_interval: float = 0.5
    batch_size: int = 20

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> DeliveryConfig:
        """Read HANDOFF_WEBHOOK_URL and HANDOFF_WEBHOOK_SECRET; refuse a URL without a secret."""
        url = environ.get(URL_ENV, "").strip() or None
        secret = environ.get(SECRET_ENV, "")
        if url and not secret:
            # Unsigned handoffs could not be told apart from forged ones by the receiver.
            raise ValueError(f"{URL_ENV} is set but {SECRET_ENV} is empty; set a shared secret")
        return cls(url=url, secret=secret)

    @property
    def enabled(self) -> bool:
        return self.url is not None


@dataclass
class DeliveryReport:
    """What one round did (for logs and tests)."""

    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    dead: int = 0


async def _send(
    client_session: aiohttp.ClientSession, url: str, secret: str, event: outbox.ClaimedEvent, timeout: float
) -> Optional[str]:
    """POST one event; None on 2xx, otherwise a short description of what went wrong."""
    body = encode(event.payload)
    try:
        async with client_session.post(
            url,
            data=body,
            headers=headers(body, secret, event.idempotency_key, event.event_type),
            timeout=aiohttp.ClientTimeout(total=timeout),
            # A redirect is not a delivery; following it could also send the body elsewhere.
            allow_redirects=False,
        ) as response:
            if 200 <= response.status < 300:
                return None
            detail = (await response.read())[:200].decode("utf-8", "replace")
            return f"HTTP {response.status}: {detail}".strip()
    except asyncio.TimeoutError:
        return f"timed out after {timeout:g} s"
    except aiohttp.ClientError as error:
        return f"{type(error).__name__}: {error}"


async def deliver_due(
    session_factory: sessionmaker,
    url: str,
    secret: str,
    now: Optional[datetime] = None,
    *,
    client_session: aiohttp.ClientSession,
    retry: RetryPolicy = RetryPolicy(),
    timeout: float = 10.0,
    batch_size: int = 20,
    rng: Optional[random.Random] = None,
) -> DeliveryReport:
    """One round: claim up to `batch_size` due events, send them concurrently, record each outcome.

    Database calls run in a thread so a worker sharing an event loop (the console) stays
    responsive. If the round is cancelled mid-send, unsent claims are handed back at once.
    """
    now = now or utcnow()
    rng = rng or random.Random()
    # Long enough that a claim never lapses while its request may still be in flight.
    lease = timeout + 30.0
    claimed = await asyncio.to_thread(outbox.claim_due, session_factory, now, lease, batch_size)
    report = DeliveryReport(claimed=len(claimed))
    if not claimed:
        return report
    try:
        errors = await asyncio.gather(*(_send(client_session, url, secret, e, timeout) for e in claimed))
    except asyncio.CancelledError:
        outbox.release(session_factory, claimed, utcnow())
        raise

    def record() -> None:
        for event, error in zip(claimed, errors, strict=True):
            if error is None:
                outbox.mark_delivered(session_factory, event.id, now)
                report.delivered += 1
                logger.info("delivered %s (%s)", event.idempotency_key, event.handoff_reference)
                continue
            attempts = event.attempts + 1
            dead = attempts >= retry.max_attempts
            next_attempt = now + timedelta(seconds=retry.delay(attempts, rng))
            outbox.mark_failed(session_factory, event.id, error, next_attempt, dead)
            if dead:
                report.dead += 1
                # Never log the payload: it holds personal data about a child.
                logger.error("gave up on %s after %d attempts: %s", event.idempotency_key, attempts, error)
            else:
                report.retrying += 1
                logger.warning("delivery of %s failed (attempt %d): %s", event.idempotency_key, attempts, error)

    await asyncio.to_thread(record)
    return report


async def run_forever(
    session_factory: sessionmaker,
    config: DeliveryConfig,
    *,
    client_session: Optional[aiohttp.ClientSession] = None,
    stop: Optional[asyncio.Event] = None,
) -> None:
    """Deliver due events every `config.poll_interval` seconds until cancelled or `stop` is set.

    A failing round (database briefly unreachable, say) is logged and retried on the next
    tick rather than ending the worker. A full batch means more may be due, so the next
    round starts at once.
    """
    if not config.url:
        raise ValueError(f"delivery is disabled: {URL_ENV} is not set")
    own_session = client_session is None
    session = client_session or aiohttp.ClientSession()
    stop = stop or asyncio.Event()
    try:
        while not stop.is_set():
            try:
                report = await deliver_due(
                    session_factory,
                    config.url,
                    config.secret,
                    client_session=session,
                    retry=config.retry,
                    timeout=config.timeout,
                    batch_size=config.batch_size,
                )
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("delivery round failed; trying again in %g s", config.poll_interval)
                report = DeliveryReport()
            if report.claimed < config.batch_size:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=config.poll_interval)
                except asyncio.TimeoutError:
                    pass
    finally:
        if own_session:
            await session.close()
