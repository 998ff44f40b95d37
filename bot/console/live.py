"""Live updates: the queue and handoff pages' server-sent event streams, fed by one watcher per process.

The database is the source of truth (a handoff saved by the action server shows up without any
other process telling the console), so something must poll it. One background task, the
`Watcher`, polls for the whole process: every POLL_SECONDS a change marker of the handoffs and
their transcripts, every PRESENCE_POLL_SECONDS who is online. When what it polls changes it
wakes every open stream, and each stream re-reads only what its page shows (its feeds'
signatures) and sends what changed. N open tabs cost one poll per interval, not N.

Each stream also keeps its own login honest: every SESSION_RECHECK_SECONDS it checks the session
is still valid (a logout elsewhere ends the stream with a `logout` event) and, while open, marks
it seen every PRESENCE_REFRESH (presence). A comment line every HEARTBEAT_SECONDS keeps proxies
from closing a quiet stream. Streams end when the browser goes, the login ends, or the app stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Awaitable, Callable, Iterator, Optional

import aiohttp_jinja2
from aiohttp import web
from sqlalchemy import func, select

from bot.console import handoff_actions as actions
from bot.console import views
from bot.console.common import SESSION_COOKIE, db, error_page, pause
from bot.console.keys import SESSION_FACTORY, STOPPING, WATCHER
from bot.storage import console as store
from bot.storage import handoffs
from bot.storage.models import Handoff, TranscriptMessage

POLL_SECONDS = 0.5  # how soon a change in the database reaches every open page
PRESENCE_POLL_SECONDS = 5.0  # how often "who is online" is recomputed
HEARTBEAT_SECONDS = 15.0
SESSION_RECHECK_SECONDS = 10.0

logger = logging.getLogger(__name__)

Events = Any  # (event, data) or a list of them


# ---------------------------------------------------------------------------- what the watcher polls


def change_marker(session_factory: Any) -> tuple:
    """Changes whenever a live page may need refreshing: an open handoff appears, moves, changes or goes
    (bot.storage.console.queue_signature), any handoff is added or updated, or a transcript grows.

    Every change to a handoff row sets its updated_at (bot.storage.handoffs); transcript messages
    are rows of their own, so their count and newest id are part of the marker too.
    """
    totals = select(func.count(Handoff.reference), func.max(Handoff.updated_at))
    messages = select(func.count(TranscriptMessage.id), func.max(TranscriptMessage.id))
    with session_factory() as session:
        marker = (tuple(session.execute(totals).one()), tuple(session.execute(messages).one()))
    return store.queue_signature(session_factory), marker


def online_now(session_factory: Any) -> list[dict[str, Any]]:
    return store.online_counsellors(session_factory, store.PRESENCE_WINDOW)


def _handoffs_every() -> float:
    return POLL_SECONDS


def _presence_every() -> float:
    return PRESENCE_POLL_SECONDS


_UNSEEN = object()


@dataclass
class Topic:
    """One thing the watcher polls, `poll(session_factory)` every `every()` seconds (read at each poll, so
    the interval can be changed while running); `version` goes up each time the polled value changes."""

    name: str
    poll: Callable[[Any], Any]
    every: Callable[[], float]
    version: int = 0
    value: Any = field(default=_UNSEEN, repr=False)
    due: float = 0.0


class Watcher:
    """The process's one poller: streams subscribe, wait for `changed()`, and compare topic versions.

    It polls only while a stream is subscribed, and outlives a database outage (logged once; the
    streams stay open and catch up when the database answers again).
    """

    def __init__(self, session_factory: Any, stopping: asyncio.Event) -> None:
        self.session_factory, self.stopping = session_factory, stopping
        # looked up at each poll (not bound now), so a test can count the polls by replacing change_marker
        self.handoffs = Topic("handoffs", lambda sf: change_marker(sf), _handoffs_every)
        self.presence = Topic("presence", lambda sf: online_now(sf), _presence_every)
        self.subscribers = 0
        self._changed = asyncio.Event()
        self._failing = False

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.handoffs, self.presence

    def changed(self) -> asyncio.Event:
        """An event set at the next change (or at stop). Take it before reading topic versions, so a
        change that happens while the stream is busy still wakes it."""
        return self._changed

    def wake(self) -> None:
        """Wake every waiting stream."""
        woken, self._changed = self._changed, asyncio.Event()
        woken.set()

    @contextlib.contextmanager
    def subscription(self) -> Iterator[None]:
        self.subscribers += 1
        try:
            yield
        finally:
            self.subscribers -= 1

    async def poll_due(self) -> None:
        """Poll each topic whose interval has passed; wake the streams if any value changed."""
        changed = False
        for topic in self.topics:
            now = time.monotonic()
            if now < topic.due:
                continue
            topic.due = now + topic.every()
            value = await asyncio.to_thread(topic.poll, self.session_factory)
            if value != topic.value:
                topic.value, topic.version, changed = value, topic.version + 1, True
        if changed:
            self.wake()

    async def run(self) -> None:
        """Until the app stops: poll while anyone is watching, a tick every POLL_SECONDS."""
        try:
            while not self.stopping.is_set():
                if self.subscribers:
                    await self._poll_safely()
                await pause(self.stopping, POLL_SECONDS)
        finally:
            self.wake()  # every stream sees the app stopping now, not at its next heartbeat

    async def _poll_safely(self) -> None:
        try:
            await self.poll_due()
        except Exception:  # noqa: BLE001 - live pages must outlive a database outage
            if not self._failing:
                logger.exception("live updates: could not poll the database (will keep trying)")
            self._failing = True
            return
        if self._failing:
            logger.info("live updates: the database answers again")
            self._failing = False


async def watch(app: web.Application):
    """cleanup_ctx: the app's watcher runs from startup to cleanup."""
    watcher = app[WATCHER] = Watcher(app[SESSION_FACTORY], app[STOPPING])
    task = asyncio.create_task(watcher.run())
    yield
    app[STOPPING].set()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def stop_streams(app: web.Application) -> None:
    """on_shutdown: open streams end now, so shutting down does not wait for them."""
    app[STOPPING].set()
    if WATCHER in app:
        app[WATCHER].wake()


# ---------------------------------------------------------------------------- streams


class Feed:
    """One thing a live page follows: when the watcher's `topic` changes, `signature(session_factory)` is
    re-read and, when that changed, `snapshot()` gives the SSE events to send: (event, data) or a list."""

    def __init__(self, topic: Topic, signature: Callable[[Any], Any], snapshot: Callable[[], Awaitable[Events]]) -> None:
        self.topic, self.signature, self.snapshot = topic, signature, snapshot
        self.seen: Optional[int] = None  # the topic version last looked at; None: read at once
        self.last: Any = _UNSEEN


def _sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


async def _stream(request: web.Request, *feeds: Feed) -> web.StreamResponse:
    """Send each feed's snapshot at once and whenever its signature changes, until the stream ends."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    )
    await response.prepare(request)
    watcher: Watcher = request.app[WATCHER]
    stopping = request.app[STOPPING]
    cookie = request.cookies.get(SESSION_COOKIE, "")
    refresh = store.PRESENCE_REFRESH.total_seconds()
    last_write = last_check = last_touch = time.monotonic()
    with watcher.subscription():
        try:
            await response.write(b"retry: 2000\n\n")
            while not stopping.is_set():
                changed = watcher.changed()
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
                    if feed.seen == feed.topic.version:
                        continue
                    feed.seen = feed.topic.version
                    current = await db(request, feed.signature)
                    if current == feed.last:
                        continue
                    feed.last = current
                    events = await feed.snapshot()
                    for event, data in events if isinstance(events, list) else [events]:
                        await response.write(_sse(event, data))
                    last_write = now
                if now - last_write > HEARTBEAT_SECONDS:
                    await response.write(b": keep-alive\n\n")
                    last_write = now
                due = min(HEARTBEAT_SECONDS - (now - last_write), SESSION_RECHECK_SECONDS - (now - last_check))
                try:
                    await asyncio.wait_for(changed.wait(), max(due, POLL_SECONDS))
                except asyncio.TimeoutError:
                    pass
        except ConnectionResetError:  # the browser went away
            pass
    return response


def _immediate_feed(request: web.Request) -> Feed:
    """The danger alert on every live page: the open immediate handoffs; the page alerts for each new one."""

    async def snapshot() -> Events:
        rows = await db(request, store.open_immediate)
        return "immediate", {"items": [views.alert_item(r) for r in rows]}

    return Feed(request.app[WATCHER].handoffs, store.immediate_signature, snapshot)


def _presence_feed(request: web.Request) -> Feed:
    async def snapshot() -> Events:
        online = await db(request, online_now)
        html = aiohttp_jinja2.render_string("_presence.html", request, {"online": online})
        return "presence", {"html": html, "online": online}

    return Feed(request.app[WATCHER].presence, lambda sf: tuple((u["name"], u["role"]) for u in online_now(sf)),
                snapshot)


async def queue_events(request: web.Request) -> web.StreamResponse:
    """GET /queue/events: the queue (html and a brief of each item), the danger alert, who is online."""

    async def snapshot() -> Events:
        items = [views.queue_item(d) for d in await db(request, actions.open_handoffs)]
        html = aiohttp_jinja2.render_string("_queue.html", request, {"items": items})
        brief = [
            {k: i[k] for k in ("reference", "urgency", "urgency_label", "urgency_reasons", "status", "age", "location",
                               "language")}
            for i in items
        ]
        return "queue", {"html": html, "count": len(items), "items": brief}

    queue = Feed(request.app[WATCHER].handoffs, store.queue_signature, snapshot)
    return await _stream(request, queue, _immediate_feed(request), _presence_feed(request))


async def handoff_events(request: web.Request) -> web.StreamResponse:
    """GET /handoffs/{ref}/events: one handoff's status, holder, transcript and summary, and the danger alert."""
    reference = request.match_info["ref"]
    if await db(request, handoffs.get_handoff, reference) is None:
        return error_page(request, 404, "Handoff not found", f"There is no handoff {reference}.")

    async def snapshot() -> Events:
        document = await db(request, handoffs.get_handoff, reference)
        if document is None:
            return "gone", {}
        transcript = [
            {"sender": m["sender"], "text": m["text"], "time": views.time_text(m["timestamp"])}
            for m in document["transcript"]
        ]
        context = views.summary_context(document)
        summary = {
            "status": document["status"], "urgency": document["urgency"],
            "head_html": aiohttp_jinja2.render_string("_handoff_head.html", request, context),
            "summary_html": aiohttp_jinja2.render_string("_summary.html", request, context),
            "updated_at": document.get("updated_at"), "updated": views.time_text(document.get("updated_at")),
        }
        return [("handoff", {"status": document["status"], "claimed_by": actions.holder(document),
                             "transcript": transcript}),
                ("summary", summary)]

    this_handoff = Feed(request.app[WATCHER].handoffs, lambda sf: store.handoff_signature(sf, reference), snapshot)
    return await _stream(request, this_handoff, _immediate_feed(request))
