"""The counsellor console: an aiohttp app over the handoff database.

    create_app(session_factory, rasa_url) -> web.Application

Everything needs a login (unauthenticated pages redirect to /login, the API answers
401), every cookie-authenticated POST carries the session's CSRF token, and every
action on a handoff is written to its audit log. Logging in and out is login.py, its
throttle throttle.py. Live updates are server-sent events
fed by polling the database every 0.5 s: the database is the source of truth, and a
handoff saved by the action server shows up without any other process telling us.

Presence: every cookie-authenticated request and every open live stream marks the login as
seen (bot.storage.console.touch_session), so `online_counsellors` knows who can answer.
The app also ends quiet intakes: every SWEEP_SECONDS a background task asks the handoff
service to end, as `left`, intakes nobody has added to for HELPLINE_INTAKE_IDLE_MINUTES.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.addresses import parse_trusted, trusted_from_env
from bot.console import handlers, login, views
from bot.console.common import (
    HTTP,
    RASA_TOKEN,
    RASA_URL,
    SECURE_COOKIES,
    SESSION_COOKIE,
    SESSION_FACTORY,
    STOPPING,
    SWEEPER,
    TRUSTED_PROXIES,
    Handler,
    api_error,
    db,
    error_page,
    is_api,
)
from bot.storage import console as store

HERE = Path(__file__).resolve().parent
SWEEP_SECONDS = 15.0  # how often quiet intakes are looked for
DEFAULT_INTAKE_IDLE_MINUTES = 5.0

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------- middlewares


@web.middleware
async def headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Clear pages for 4xx (404 names what was not found), never a bare traceback."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status >= 400 and not error.headers.get("Location"):
            titles = {404: "Not found", 405: "Not allowed", 403: "Not allowed", 400: "Bad request"}
            message = error.text if error.text and not error.text.startswith(f"{error.status}:") else {
                404: "There is no page at this address.",
                405: "This address does not accept that kind of request.",
            }.get(error.status, error.reason)
            return error_page(request, error.status, titles.get(error.status, error.reason), message)
        raise


def _public(request: web.Request) -> bool:
    return request.path in ("/login", "/healthz") or request.path.startswith("/static/")


@web.middleware
async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Who is asking: a bearer token (API only) or the session cookie. No one: /login or 401.

    A token that is unknown, expired or revoked gets the same 401 (bot.storage.console.token_user).
    """
    if _public(request):
        return await handler(request)
    user: Optional[dict[str, Any]] = None
    via = None
    authorization = request.headers.get("Authorization", "")
    if is_api(request) and authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            user = await db(request, store.token_user, token.strip())
        if user is None:
            return api_error(401, "invalid, expired or revoked API token",
                             **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
        via = "token"
    else:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        if cookie:
            user = await db(request, store.session_user, cookie)
            via = "cookie"
    if user is None:
        if is_api(request):
            return api_error(401, "log in or send Authorization: Bearer <token>", **{"WWW-Authenticate": "Bearer"})
        target = request.path_qs if request.method == "GET" and not request.path.endswith("/events") else "/"
        raise web.HTTPFound(f"/login?next={quote(target, safe='')}")
    request["user"] = user
    request["auth"] = via
    if via == "cookie":  # presence: this counsellor is here now
        await db(request, store.touch_session, cookie)
    if request.method not in ("GET", "HEAD", "OPTIONS") and via == "cookie":
        sent = request.headers.get("X-CSRF-Token", "")
        if not sent and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            sent = str((await request.post()).get("csrf_token", ""))
        if not sent or not hmac.compare_digest(sent, user["csrf_token"]):
            return error_page(
                request, 403, "Form expired", "This form could not be checked (missing or old security token). "
                "Go back, reload the page and try again."
            )
    return await handler(request)


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


# ---------------------------------------------------------------------------- quiet intakes


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
    from bot.handoff.service import HandoffService

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
        try:
            await asyncio.wait_for(app[STOPPING].wait(), every)
        except asyncio.TimeoutError:
            pass


# ---------------------------------------------------------------------------- the app


def create_app(
    session_factory: Any,
    rasa_url: str = "http://localhost:5005",
    *,
    rasa_token: Optional[str] = None,
    secure_cookies: Optional[bool] = None,
    intake_idle: Optional[timedelta] = None,
    sweep_every: float = SWEEP_SECONDS,
    trusted_proxies: Optional[str] = None,
) -> web.Application:
    """The console over `session_factory` (a migrated database), relaying to Rasa at `rasa_url`.

    `secure_cookies`: None = Secure when the request came over https; CONSOLE_SECURE_COOKIES=1 forces it
    (behind a TLS-terminating proxy). `rasa_token` (or RASA_TOKEN) is Rasa's --auth-token, if any.
    `intake_idle` (default HELPLINE_INTAKE_IDLE_MINUTES, else 5 minutes): how long an intake may be
    quiet before it ends as `left`; checked every `sweep_every` seconds. `trusted_proxies` (default
    HELPLINE_TRUSTED_PROXIES, e.g. "127.0.0.1, ::1"): the proxies whose X-Forwarded-For
    names the client for the login throttle; none by default (bot/addresses.py).
    """
    if secure_cookies is None and os.environ.get("CONSOLE_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes"):
        secure_cookies = True
    app = web.Application(middlewares=[headers_middleware, error_middleware, auth_middleware])
    app[SESSION_FACTORY] = session_factory
    app[RASA_URL] = rasa_url.rstrip("/")
    app[RASA_TOKEN] = rasa_token if rasa_token is not None else (os.environ.get("RASA_TOKEN") or None)
    app[SECURE_COOKIES] = secure_cookies
    app[TRUSTED_PROXIES] = parse_trusted(trusted_proxies) if trusted_proxies is not None else trusted_from_env()
    app[STOPPING] = asyncio.Event()
    env = aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["time"] = views.time_text
    env.globals["urgency_labels"] = views.URGENCY_LABELS

    async def http_client(app: web.Application):
        app[HTTP] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
        yield
        await app[HTTP].close()

    async def stop_streams(app: web.Application) -> None:
        app[STOPPING].set()

    quiet_for = intake_idle if intake_idle is not None else intake_idle_from_env()

    async def sweeper(app: web.Application):
        logger.info("quiet intakes end as left after %s (checked every %.0f s)", quiet_for, sweep_every)
        task = asyncio.create_task(_sweep_forever(app, quiet_for, sweep_every))
        app[SWEEPER] = task
        yield
        app[STOPPING].set()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    app.cleanup_ctx.append(http_client)
    app.cleanup_ctx.append(sweeper)
    # aiohttp 3.9 annotates on_shutdown for aiosignal<1.4, whose Signal took the callback type, not its arguments.
    app.on_shutdown.append(stop_streams)  # type: ignore[arg-type]

    r = app.router
    login.add_routes(app)
    r.add_get("/healthz", healthz)
    handlers.add_routes(app)
    r.add_static("/static/", HERE / "static")
    return app
