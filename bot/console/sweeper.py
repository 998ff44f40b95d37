"""Quiet intakes end as `left`: a background task of the console asks the handoff service, every
SWEEP_SECONDS, to end the intakes nobody has added to for HELPLINE_INTAKE_IDLE_MINUTES.

Why the console: it is the process that is always running while counsellors work, and an intake
the professional walked away from must still reach the queue as waiting (never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from datetime import timedelta
from typing import Any

from aiohttp import web

from bot.console.common import pause
from bot.console.keys import SESSION_FACTORY, STOPPING, SWEEPER
from bot.handoff.service import HandoffService

SWEEP_SECONDS = 15.0  # how often quiet intakes are looked for
DEFAULT_INTAKE_IDLE_MINUTES = 5.0

logger = logging.getLogger(__name__)


def intake_idle_from_env() -> timedelta:
    """HELPLINE_INTAKE_IDLE_MINUTES (fractions allowed, e.g. 0.1), default 5; a bad value falls back to 5."""
    raw = os.environ.get("HELPLINE_INTAKE_IDLE_MINUTES", "").strip()
    if not raw:
        return timedelta(minutes=DEFAULT_INTAKE_IDLE_MINUTES)
    try:
        minutes = float(raw)
        if not minutes > 0 or minutes == float("inf"):
            raise ValueError(raw)
    except ValueError:
        logger.warning("HELPLINE_INTAKE_IDLE_MINUTES=%r is not a positive number of minutes; using %s",
                       raw, DEFAULT_INTAKE_IDLE_MINUTES)
        return timedelta(minutes=DEFAULT_INTAKE_IDLE_MINUTES)
    return timedelta(minutes=minutes)


def sweep_quiet_intakes(session_factory: Any, quiet_for: timedelta) -> list[str]:
    """One sweep: intakes quiet for `quiet_for` end as `left` (waiting for a counsellor); returns their references.

    Never raises: a database error is logged and the next sweep tries again.
    """
    try:
        ended = HandoffService(session_factory).end_quiet_intakes(quiet_for)
    except Exception:  # noqa: BLE001 - the sweeper must outlive a database outage
        logger.exception("could not end quiet intakes (will try again)")
        return []
    if ended:
        logger.info("ended %d quiet intake(s) as left after %s: %s", len(ended), quiet_for, ", ".join(ended))
    return ended


async def _sweep_forever(app: web.Application, quiet_for: timedelta, every: float) -> None:
    while not app[STOPPING].is_set():
        await asyncio.to_thread(sweep_quiet_intakes, app[SESSION_FACTORY], quiet_for)
        await pause(app[STOPPING], every)


def sweeping(quiet_for: timedelta, every: float = SWEEP_SECONDS):
    """cleanup_ctx: sweep from startup to cleanup."""

    async def sweeper(app: web.Application):
        logger.info("quiet intakes end as left after %s (checked every %.0f s)", quiet_for, every)
        task = app[SWEEPER] = asyncio.create_task(_sweep_forever(app, quiet_for, every))
        yield
        app[STOPPING].set()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    return sweeper
