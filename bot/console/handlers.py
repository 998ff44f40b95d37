"""Pages, actions, live streams and the JSON API of the console.

Actions (claim, release, transfer, note, message, close) are written once as `actions.*`
coroutines that raise Refused(status, message); the HTML handlers turn that into a
message on the handoff page, the API into {"error": ...} with the same status.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from datetime import timedelta
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import quote

import aiohttp
import aiohttp_jinja2
from aiohttp import web

from bot.console import views
from bot.console.common import (
    HEARTBEAT_SECONDS,
    HTTP,
    POLL_SECONDS,
    PRESENCE_POLL_SECONDS,
    RASA_TOKEN,
    RASA_URL,
    SESSION_COOKIE,
    SESSION_FACTORY,
    SESSION_RECHECK_SECONDS,
    STOPPING,
    api_error,
    db,
    error_page,
    render,
)
from bot.handoff.service import HandoffService, NotAllowed, holder_of
from bot.storage import console as store
from bot.storage import handoffs

MAX_TEXT = 4000


Refused = NotAllowed  # what an action answers when the rules say no: status and message


async def service_call(request: web.Request, method: str, *args: Any) -> Any:
    """A lifecycle change through the handoff service, off the event loop."""
    service = HandoffService(request.app[SESSION_FACTORY])
    return await asyncio.to_thread(getattr(service, method), *args)


# ---------------------------------------------------------------------------- reads


logger = logging.getLogger(__name__)


def open_handoffs(session_factory: Any) -> list[dict[str, Any]]:
    """Open handoffs (still collecting, waiting, claimed) in queue order."""
    documents = [d for d in handoffs.list_handoffs(session_factory) if d["status"] != "closed"]
    return views.queue_order(documents)


async def load(request: web.Request, reference: str) -> dict[str, Any]:
    document = await db(request, handoffs.get_handoff, reference)
    if document is None:
        raise Refused(404, f"There is no handoff {reference}. Check the reference (it looks like HO-7K2M9Q).")
    return document


holder = holder_of

# ---------------------------------------------------------------------------- actions


async def relay(app: web.Application, conversation_id: str, text: str, name: str) -> bool:
    """Append a bot event from the counsellor to the Rasa conversation; False if Rasa did not take it."""
    url = f"{app[RASA_URL]}/conversations/{quote(conversation_id, safe='')}/tracker/events"
    params = {"token": app[RASA_TOKEN]} if app[RASA_TOKEN] else None
    body: dict[str, Any] = {
        "event": "bot", "text": text, "metadata": {"from": "counsellor", "name": views.first_name(name)},
    }
    try:
        async with app[HTTP].post(url, json=body, params=params) as response:
            if response.status >= 300:
                return False
        await push_to_website(app, conversation_id, text, body["metadata"]["name"])
        return True
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


async def push_to_website(app: web.Application, conversation_id: str, text: str = "", name: str = "", status: str = "") -> None:
    """Show a counsellor's message, or that a person joined or left ("counsellor" / "bot"), in the
    professional's open website chat (connectors/website.py), if there is one."""
    secret = os.environ.get("RELAY_SECRET")
    if not secret:
        return
    body = {"conversation_id": conversation_id, "text": text, "name": name, "status": status}
    async with app[HTTP].post(f"{app[RASA_URL]}/webhooks/website/counsellor", json=body,
                              headers={"X-Helpline-Relay-Secret": secret}) as response:
        if response.status >= 300:
            logger.warning("website push for %s answered %s", conversation_id, response.status)


async def _tell_website(request: web.Request, document: dict[str, Any], status: str, name: str = "") -> None:
    """Best effort: the professional's open chat learns a person joined or left; never fails the action."""
    try:
        await push_to_website(request.app, document["conversation_id"], name=name, status=status)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        logger.warning("could not tell the website chat of %s about %s", document["conversation_id"], status)


class actions:
    @staticmethod
    async def claim(request: web.Request, reference: str) -> dict[str, Any]:
        user = request["user"]
        document = await service_call(request, "claim", reference, user)
        await _tell_website(request, document, status="counsellor", name=views.first_name(user["name"]))
        return document

    @staticmethod
    async def release(request: web.Request, reference: str) -> None:
        await service_call(request, "release", reference, request["user"])

    @staticmethod
    async def transfer(request: web.Request, reference: str, to: str) -> None:
        exists = bool(to) and await db(request, store.get_user, to) is not None
        await service_call(request, "transfer", reference, request["user"], to, exists)

    @staticmethod
    async def note(request: web.Request, reference: str, text: str) -> None:
        user = request["user"]
        await load(request, reference)
        text = text.strip()
        if not text:
            raise Refused(400, "The note is empty: write something first.")
        if len(text) > MAX_TEXT:
            raise Refused(400, f"The note is too long (at most {MAX_TEXT} characters).")
        await db(request, store.add_note, reference, user["name"], text)
        await db(request, store.audit, reference, user["name"], "noted")

    @staticmethod
    async def message(request: web.Request, reference: str, text: str) -> bool:
        """Store the counsellor's message, then relay it; True if Rasa took it."""
        user = request["user"]
        document = await load(request, reference)
        if holder(document) != user["name"]:
            who = holder(document)
            raise Refused(403, f"Only the counsellor who claimed {reference} can message the professional"
                          + (f" ({who} has it)." if who else "; claim it first."))
        text = text.strip()
        if not text:
            raise Refused(400, "The message is empty: write something first.")
        if len(text) > MAX_TEXT:
            raise Refused(400, f"The message is too long (at most {MAX_TEXT} characters).")
        await db(request, handoffs.append_message, document["conversation_id"], "counsellor", text)
        relayed = await relay(request.app, document["conversation_id"], text, user["name"])
        await db(request, store.audit, reference, user["name"], "messaged", None if relayed else "not delivered: bot server unreachable")
        return relayed

    @staticmethod
    async def close(request: web.Request, reference: str, outcome: str) -> dict[str, Any]:
        if outcome not in views.OUTCOMES:
            raise Refused(400, "Choose an outcome from the list: " + ", ".join(views.OUTCOMES) + ".")
        document = await service_call(request, "close", reference, request["user"], outcome)
        await _tell_website(request, document, status="bot")
        return document


# ---------------------------------------------------------------------------- pages


async def queue_page(request: web.Request) -> web.Response:
    documents = await db(request, open_handoffs)
    online = await db(request, store.online_counsellors, store.PRESENCE_WINDOW)
    return render(request, "queue.html", {"items": [views.queue_item(d) for d in documents], "online": online,
                                          "presence_minutes": int(store.PRESENCE_WINDOW.total_seconds() // 60),
                                          "immediate_refs": await _immediate_refs(request)})


async def _immediate_refs(request: web.Request) -> str:
    """The open immediate handoffs when the page was made: the page alerts only for ones that become immediate later."""
    return " ".join(r[0] for r in await db(request, store.immediate_signature))


def summary_context(document: dict[str, Any]) -> dict[str, Any]:
    """What _handoff_head.html and _summary.html need (the page and its live updates render the same)."""
    return {
        "h": document,
        "item": views.queue_item(document),
        "child": document.get("child") or {},
        "reporter": document.get("reporter") or {},
        "language": document.get("language") or {},
        "ev": views.evidence_view(document),
    }


async def handoff_page(
    request: web.Request, reference: str, error: Optional[str] = None, status: int = 200, draft: str = ""
) -> web.Response:
    document = await db(request, handoffs.get_handoff, reference)
    if document is None:
        return error_page(request, 404, "Handoff not found", f"There is no handoff {reference}.")
    user = request["user"]
    if status == 200 and request.method == "GET":
        await db(request, store.audit, reference, user["name"], "viewed")
    current = holder(document)
    context = {
        **summary_context(document),
        "immediate_refs": await _immediate_refs(request),
        "holder": current,
        "is_holder": current == user["name"],
        "can_manage": current is not None and (current == user["name"] or user["role"] == "admin"),
        "can_close": document["status"] != "closed" and (current == user["name"] or user["role"] == "admin"),
        "notes": await db(request, store.list_notes, reference),
        "audit": await db(request, store.list_audit, reference),
        "users": [u for u in await db(request, store.list_users) if u["name"] != current],
        "notice": views.NOTICES.get(request.query.get("notice", "")),
        "warning": request.query.get("notice") == "relay_failed",
        "error": error,
        "draft": draft,
    }
    return render(request, "handoff.html", context, status=status)


async def handoff_get(request: web.Request) -> web.Response:
    return await handoff_page(request, request.match_info["ref"])


def _after(reference: str, notice: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/handoffs/{quote(reference)}?notice={notice}")


async def handoff_action(request: web.Request) -> web.StreamResponse:
    reference, action = request.match_info["ref"], request.match_info["action"]
    form = await request.post()
    text = str(form.get("text", ""))
    try:
        if action == "claim":
            await actions.claim(request, reference)
            return _after(reference, "claimed")
        if action == "release":
            await actions.release(request, reference)
            return _after(reference, "released")
        if action == "transfer":
            await actions.transfer(request, reference, str(form.get("to", "")).strip())
            return _after(reference, "transferred")
        if action == "notes":
            await actions.note(request, reference, text)
            return _after(reference, "noted")
        if action == "messages":
            relayed = await actions.message(request, reference, text)
            return _after(reference, "sent" if relayed else "relay_failed")
        if action == "close":
            await actions.close(request, reference, str(form.get("outcome", "")))
            return _after(reference, "closed")
    except Refused as refused:
        if refused.status == 404:
            return error_page(request, 404, "Handoff not found", refused.message)
        return await handoff_page(request, reference, error=refused.message, status=refused.status,
                                  draft=text if action == "messages" else "")
    raise web.HTTPNotFound()


# ---------------------------------------------------------------------------- live updates (server-sent events)


class Feed:
    """One thing a live page follows: `signature(session_factory)` is polled every `every` seconds and,
    when it changes, `snapshot()` gives the SSE events to send: (event, data) or a list of them."""

    def __init__(self, signature: Callable[[Any], Any], snapshot: Callable[[], Awaitable[Any]],
                 every: float = POLL_SECONDS) -> None:
        self.signature, self.snapshot, self.every = signature, snapshot, every
        self.last: Any = object()
        self.due = 0.0


async def _stream(request: web.Request, *feeds: Feed) -> web.StreamResponse:
    """Poll each feed's signature; when one changes, send its snapshot as SSE events.

    While the stream is open the login counts as online (presence): the session is marked
    seen every PRESENCE_REFRESH. Ends when the client goes, the app shuts down, or the
    login is no longer valid.
    """
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    stopping: asyncio.Event = request.app[STOPPING]
    cookie = request.cookies.get(SESSION_COOKIE, "")
    refresh = store.PRESENCE_REFRESH.total_seconds()
    last_write = last_check = last_touch = time.monotonic()
    try:
        await response.write(b"retry: 2000\n\n")
        while not stopping.is_set():
            now = time.monotonic()
            if request["auth"] == "cookie" and now - last_check > SESSION_RECHECK_SECONDS:
                last_check = now
                if now - last_touch >= refresh:
                    last_touch = now
                    valid = await db(request, store.touch_session, cookie, timedelta(0))
                else:
                    valid = await db(request, store.session_user, cookie) is not None
                if not valid:
                    await response.write(b"event: logout\ndata: {}\n\n")
                    break
            for feed in feeds:
                if now < feed.due:
                    continue
                feed.due = now + feed.every
                current = await db(request, feed.signature)
                if current == feed.last:
                    continue
                feed.last = current
                events = await feed.snapshot()
                for event, data in events if isinstance(events, list) else [events]:
                    await response.write(f"event: {event}\ndata: {json.dumps(data)}\n\n".encode())
                last_write = now
            if now - last_write > HEARTBEAT_SECONDS:
                await response.write(b": keep-alive\n\n")
                last_write = now
            try:
                await asyncio.wait_for(stopping.wait(), POLL_SECONDS)
            except asyncio.TimeoutError:
                pass
    except ConnectionResetError:  # the browser went away
        pass
    return response


def _immediate_feed(request: web.Request) -> Feed:
    """The danger alert on every live page: the open immediate handoffs; the page alerts for each new one."""

    async def snapshot():
        rows = await db(request, store.open_immediate)
        return "immediate", {"items": [views.alert_item(r) for r in rows]}

    return Feed(store.immediate_signature, snapshot)


def _presence_feed(request: web.Request) -> Feed:
    async def snapshot():
        online = await db(request, store.online_counsellors, store.PRESENCE_WINDOW)
        html = aiohttp_jinja2.render_string("_presence.html", request, {"online": online})
        return "presence", {"html": html, "online": online}

    return Feed(lambda sf: tuple((u["name"], u["role"]) for u in store.online_counsellors(sf, store.PRESENCE_WINDOW)),
                snapshot, every=PRESENCE_POLL_SECONDS)


async def queue_events(request: web.Request) -> web.StreamResponse:
    async def snapshot():
        items = [views.queue_item(d) for d in await db(request, open_handoffs)]
        html = aiohttp_jinja2.render_string("_queue.html", request, {"items": items})
        brief = [
            {k: i[k] for k in ("reference", "urgency", "urgency_label", "urgency_reasons", "status", "age", "location",
                               "language")}
            for i in items
        ]
        return "queue", {"html": html, "count": len(items), "items": brief}

    return await _stream(request, Feed(store.queue_signature, snapshot), _immediate_feed(request), _presence_feed(request))


async def handoff_events(request: web.Request) -> web.StreamResponse:
    reference = request.match_info["ref"]
    if await db(request, handoffs.get_handoff, reference) is None:
        return error_page(request, 404, "Handoff not found", f"There is no handoff {reference}.")

    async def snapshot():
        document = await db(request, handoffs.get_handoff, reference)
        if document is None:
            return "gone", {}
        transcript = [
            {"sender": m["sender"], "text": m["text"], "time": views.time_text(m["timestamp"])}
            for m in document["transcript"]
        ]
        context = summary_context(document)
        summary = {
            "status": document["status"], "urgency": document["urgency"],
            "head_html": aiohttp_jinja2.render_string("_handoff_head.html", request, context),
            "summary_html": aiohttp_jinja2.render_string("_summary.html", request, context),
            "updated_at": document.get("updated_at"), "updated": views.time_text(document.get("updated_at")),
        }
        return [("handoff", {"status": document["status"], "claimed_by": holder(document), "transcript": transcript}),
                ("summary", summary)]

    return await _stream(request, Feed(lambda sf: store.handoff_signature(sf, reference), snapshot),
                         _immediate_feed(request))


# ---------------------------------------------------------------------------- JSON API


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Refused(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise Refused(400, "the body must be a JSON object")
    return body


def _api(call):
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            return await call(request)
        except Refused as refused:
            return api_error(refused.status, refused.message)
    return handler


async def _api_list(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is None:
        documents = await db(request, open_handoffs)
    elif status in ("collecting", "waiting", "claimed", "closed"):
        documents = await db(request, handoffs.list_handoffs, status)
    else:
        raise Refused(400, "status must be collecting, waiting, claimed or closed")
    return web.json_response({"handoffs": documents})


async def _api_presence(request: web.Request) -> web.Response:
    """Who is signed in to the console and active now (the bot tells a waiting professional honestly)."""
    return web.json_response({"online": await db(request, store.online_counsellors, store.PRESENCE_WINDOW)})


async def _api_get(request: web.Request) -> web.Response:
    reference = request.match_info["ref"]
    document = await load(request, reference)
    await db(request, store.audit, reference, request["user"]["name"], "viewed", "API")
    return web.json_response(
        {**document, "notes": await db(request, store.list_notes, reference),
         "audit": await db(request, store.list_audit, reference)}
    )


async def _api_claim(request: web.Request) -> web.Response:
    return web.json_response(await actions.claim(request, request.match_info["ref"]))


async def _api_message(request: web.Request) -> web.Response:
    text = (await _json_body(request)).get("text")
    if not isinstance(text, str):
        raise Refused(400, 'send {"text": "..."}')
    relayed = await actions.message(request, request.match_info["ref"], text)
    return web.json_response({"stored": True, "relayed": relayed}, status=201)


async def _api_close(request: web.Request) -> web.Response:
    outcome = (await _json_body(request)).get("outcome")
    return web.json_response(await actions.close(request, request.match_info["ref"], outcome if isinstance(outcome, str) else ""))


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/", queue_page)
    r.add_get("/queue/events", queue_events)
    r.add_get("/handoffs/{ref}", handoff_get)
    r.add_get("/handoffs/{ref}/events", handoff_events)
    r.add_post("/handoffs/{ref}/{action:claim|release|transfer|notes|messages|close}", handoff_action)
    r.add_get("/api/presence", _api(_api_presence))
    r.add_get("/api/handoffs", _api(_api_list))
    r.add_get("/api/handoffs/{ref}", _api(_api_get))
    r.add_post("/api/handoffs/{ref}/claim", _api(_api_claim))
    r.add_post("/api/handoffs/{ref}/messages", _api(_api_message))
    r.add_post("/api/handoffs/{ref}/close", _api(_api_close))
