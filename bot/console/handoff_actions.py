"""What a counsellor does to a handoff (claim, release, transfer, note, message, close), written once.

Pages (pages.py) and the JSON API (api.py) both call these coroutines; each raises Refused(status,
message) when the rules say no, which the page shows on the handoff page and the API answers as
{"error": ...} with the same status. Lifecycle changes go through the handoff service (its rules,
its audit entries); notes and messages are stored here and audited.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from bot.console import views
from bot.console.common import db
from bot.console.keys import SESSION_FACTORY
from bot.console.relay import relay, tell_website
from bot.handoff.service import HandoffService, NotAllowed, holder_of
from bot.storage import console as store
from bot.storage import handoffs

MAX_TEXT = 4000

Refused = NotAllowed  # what an action answers when the rules say no: status and message
holder = holder_of


def open_handoffs(session_factory: Any) -> list[dict[str, Any]]:
    """Open handoffs (still collecting, waiting, claimed) in queue order."""
    documents = [d for d in handoffs.list_handoffs(session_factory) if d["status"] != "closed"]
    return views.queue_order(documents)


async def load(request: web.Request, reference: str) -> dict[str, Any]:
    document = await db(request, handoffs.get_handoff, reference)
    if document is None:
        raise Refused(404, f"There is no handoff {reference}. Check the reference (it looks like HO-7K2M9Q).")
    return document


async def _service_call(request: web.Request, method: str, *args: Any) -> Any:
    """A lifecycle change through the handoff service, off the event loop."""
    service = HandoffService(request.app[SESSION_FACTORY])
    return await asyncio.to_thread(getattr(service, method), *args)


def _written(text: str, what: str) -> str:
    """The note or message as stored: trimmed, not empty, not too long."""
    text = text.strip()
    if not text:
        raise Refused(400, f"The {what} is empty: write something first.")
    if len(text) > MAX_TEXT:
        raise Refused(400, f"The {what} is too long (at most {MAX_TEXT} characters).")
    return text


async def claim(request: web.Request, reference: str) -> dict[str, Any]:
    user = request["user"]
    document = await _service_call(request, "claim", reference, user)
    await tell_website(request, document, status="counsellor", name=views.first_name(user["name"]))
    return document


async def release(request: web.Request, reference: str) -> None:
    await _service_call(request, "release", reference, request["user"])


async def transfer(request: web.Request, reference: str, to: str) -> None:
    exists = bool(to) and await db(request, store.get_user, to) is not None
    await _service_call(request, "transfer", reference, request["user"], to, exists)


async def note(request: web.Request, reference: str, text: str) -> None:
    user = request["user"]
    await load(request, reference)
    text = _written(text, "note")
    await db(request, store.add_note, reference, user["name"], text)
    await db(request, store.audit, reference, user["name"], "noted")


async def message(request: web.Request, reference: str, text: str) -> bool:
    """Store the counsellor's message, then relay it; True if Rasa took it."""
    user = request["user"]
    document = await load(request, reference)
    if holder(document) != user["name"]:
        who = holder(document)
        raise Refused(403, f"Only the counsellor who claimed {reference} can message the professional"
                      + (f" ({who} has it)." if who else "; claim it first."))
    text = _written(text, "message")
    await db(request, handoffs.append_message, document["conversation_id"], "counsellor", text)
    relayed = await relay(request.app, document["conversation_id"], text, user["name"])
    await db(request, store.audit, reference, user["name"], "messaged", None if relayed else "not delivered: bot server unreachable")
    return relayed


async def close(request: web.Request, reference: str, outcome: str) -> dict[str, Any]:
    if outcome not in views.OUTCOMES:
        raise Refused(400, "Choose an outcome from the list: " + ", ".join(views.OUTCOMES) + ".")
    document = await _service_call(request, "close", reference, request["user"], outcome)
    await tell_website(request, document, status="bot")
    return document
