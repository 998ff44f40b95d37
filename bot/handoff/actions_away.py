"""When the action server is away, the Rasa process itself answers and records the concern.

Everything about a concern runs in the action server (the intake form, the handoff, the safety
net after it). If that process has died, Rasa logs the failure and sends nothing, so a
professional describing a child at risk would get silence and the concern would be stored
nowhere. The channels call `answer_if_actions_away` when a message got no reply: if the action
server does not answer its health check, the professional gets `utter_handoff_failed` (the phone
number, the email and 999, in their language) and a concern is opened or brought up to date
through the handoff service directly, so the counsellor sees it and nothing said is lost. The
runner restarts the action server meanwhile (bot/stack.py); when it is back, the intake goes on
with the same reference.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List, Optional

import aiohttp

logger = logging.getLogger(__name__)
REPLY = "utter_handoff_failed"
CONCERN_INTENTS = {"raise_concern", "immediate_danger", "request_human"}
HEALTH_TIMEOUT = 1.0  # seconds; on loopback a live server answers in milliseconds
HEALTH_CACHE = 2.0  # seconds a health answer is trusted, so a burst of messages checks once

_last_check: Dict[str, tuple[float, bool]] = {}


async def actions_answer(webhook_url: str) -> bool:
    """Whether the action server behind `webhook_url` answers its health check now."""
    health = webhook_url.rsplit("/", 1)[0] + "/health"
    checked = _last_check.get(health)
    if checked and time.monotonic() - checked[0] < HEALTH_CACHE:
        return checked[1]
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HEALTH_TIMEOUT)) as session:
            async with session.get(health) as response:
                alive = response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        alive = False
    _last_check[health] = (time.monotonic(), alive)
    return alive


def is_a_concern(tracker: Any) -> bool:
    """A concern is being raised or is open in this conversation (a Rasa DialogueStateTracker)."""
    intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message else None
    return bool(
        intent in CONCERN_INTENTS
        or tracker.active_loop_name == "concern_form"
        or tracker.get_slot("handoff_reference")
    )


def record(tracker: Any) -> Optional[str]:
    """Open this conversation's handoff, or bring it up to date, from the Rasa tracker; its reference."""
    from rasa.shared.core.trackers import EventVerbosity
    from rasa_sdk import Tracker

    from actions.handoff import service, summary_of, transcript_of
    from bot.handoff.reference import new_reference
    from bot.handoff.spool import spool

    sdk_tracker = Tracker.from_dict(tracker.current_state(EventVerbosity.ALL))
    reference = tracker.get_slot("handoff_reference") or new_reference()
    transcript = transcript_of(sdk_tracker)
    summary = summary_of(sdk_tracker, reference, {}, transcript)
    try:
        return service().keep(summary, transcript)["reference"]
    except Exception:  # noqa: BLE001 - the database too: the spool keeps it
        logger.exception("handoff %s could not be stored while the action server is away; spooling it", reference)
        return reference if spool(summary, transcript) else None


async def answer_if_actions_away(agent: Any, sender_id: str, channel: str) -> List[Dict[str, Any]]:
    """The reply for a message that got none because the action server is away; [] if it is there."""
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None or await actions_answer(endpoint.url):
        return []  # silence was meant (a counsellor has the conversation)
    logger.error("the action server is not answering; answering %s from the Rasa process", sender_id)
    tracker = await agent.tracker_store.retrieve(sender_id)
    if tracker is None:
        return []
    if is_a_concern(tracker):
        reference = await asyncio.to_thread(record, tracker)
        if reference and not tracker.get_slot("handoff_reference"):
            from rasa.shared.core.events import SlotSet

            tracker.update(SlotSet("handoff_reference", reference))  # the intake goes on with it when actions are back
            await agent.tracker_store.save(tracker)
    reply = await agent.processor.nlg.generate(REPLY, tracker, channel)
    return [reply] if reply else []
