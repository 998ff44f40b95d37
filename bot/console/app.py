"""The counsellor console: an aiohttp app over the handoff database.

    create_app(session_factory, rasa_url) -> web.Application

Everything needs a login (unauthenticated pages redirect to /login, the API answers
401), every cookie-authenticated POST carries the session's CSRF token, and every
action on a handoff is written to its audit log. Live updates are server-sent events
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
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import quote

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.console import views
from bot.storage import console as store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "helpline_session"
LOGIN_CSRF_COOKIE = "helpline_login_csrf"
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0
SESSION_RECHECK_SECONDS = 10.0
PRESENCE_POLL_SECONDS = 5.0  # how often the queue page's "who is online" is recomputed
SWEEP_SECONDS = 15.0  # how often quiet intakes are looked for
DEFAULT_INTAKE_IDLE_MINUTES = 5.0

logger = logging.getLogger(__name__)

SESSION_FACTORY = web.AppKey("session_factory", object)
RASA_URL = web.AppKey("rasa_url", str)
RASA_TOKEN = web.AppKey("rasa_token", object)
SECURE_COOKIES = web.AppKey("secure_cookies", object)
HTTP = web.AppKey("http", aiohttp.ClientSession)
STOPPING = web.AppKey("stopping", asyncio.Event)
SWEEPER = web.AppKey("sweeper", object)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def db(request_or_app: Any, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a storage call in a worker thread so a slow database never freezes every open page."""
    app = request_or_app.app if isinstance(request_or_app, web.Request) else request_or_app
    return await asyncio.to_thread(function, app[SESSION_FACTORY], *args, **kwargs)


def is_api(request: web.Request) -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def api_error(status: int, message: str, **headers: str) -> web.Response:
    return web.json_response({"error": message}, status=status, headers=headers or None)


def render(request: web.Request, template: str, context: dict[str, Any], status: int = 200) -> web.Response:
    user = request.get("user")
    base = {"user": user, "csrf_token": user.get("csrf_token") if user else None, "outcomes": views.OUTCOMES}
    return aiohttp_jinja2.render_template(template, request, {**base, **context}, status=status)


def error_page(request: web.Request, status: int, title: str, message: str) -> web.Response:
    if is_api(request):
        return api_error(status, message)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def secure_cookies(request: web.Request) -> bool:
    configured = request.app[SECURE_COOKIES]
    return bool(configured) if configured is not None else request.secure


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
    """Who is asking: a bearer token (API only) or the session cookie. No one: /login or 401."""
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
            return api_error(401, "invalid API token", **{"WWW-Authenticate": 'Bearer error="invalid_token"'})
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


# ---------------------------------------------------------------------------- login


def _safe_next(value: str) -> str:
    return value if value.startswith("/") and not value.startswith("//") and "\\" not in value else "/"


async def login_form(request: web.Request, error: Optional[str] = None, status: int = 200) -> web.Response:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        {"login_csrf": token, "error": error, "next": _safe_next(request.query.get("next", "/")),
         "name": request.get("login_name", "")},
        status=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=secure_cookies(request), path="/login"
    )
    return response


async def login_get(request: web.Request) -> web.Response:
    return await login_form(request)


async def login_post(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    sent = str(form.get("csrf_token", ""))
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        return error_page(request, 403, "Form expired", "The login form had expired. Reload the page and log in again.")
    name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    request["login_name"] = name
    if not name or not password:
        return await login_form(request, "Enter your name and your password.", status=400)
    user, result = await asyncio.to_thread(store.check_login, request.app[SESSION_FACTORY], name, password)
    if result == "locked":
        return await login_form(
            request,
            f"Too many failed attempts: this account is locked for {int(store.LOCKOUT.total_seconds() // 60)} "
            "minutes. Ask an admin if you need in sooner.",
            status=429,
        )
    if user is None:
        return await login_form(request, "That name and password do not match.", status=401)
    token, _ = await db(request, store.create_session, user["id"])
    response = web.HTTPSeeOther(_safe_next(str(form.get("next", "/"))))
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="Strict", secure=secure_cookies(request), path="/",
        max_age=int(store.SESSION_LIFETIME.total_seconds()),
    )
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    await db(request, store.end_session, request.cookies.get(SESSION_COOKIE, ""))
    response = web.HTTPSeeOther("/login")
    response.del_cookie(SESSION_COOKIE, path="/")
    return response


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
) -> web.Application:
    """The console over `session_factory` (a migrated database), relaying to Rasa at `rasa_url`.

    `secure_cookies`: None = Secure when the request came over https; CONSOLE_SECURE_COOKIES=1 forces it
    (behind a TLS-terminating proxy). `rasa_token` (or RASA_TOKEN) is Rasa's --auth-token, if any.
    `intake_idle` (default HELPLINE_INTAKE_IDLE_MINUTES, else 5 minutes): how long an intake may be
    quiet before it ends as `left`; checked every `sweep_every` seconds.
    """
    from bot.console import handlers

    if secure_cookies is None and os.environ.get("CONSOLE_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes"):
        secure_cookies = True
    app = web.Application(middlewares=[headers_middleware, error_middleware, auth_middleware])
    app[SESSION_FACTORY] = session_factory
    app[RASA_URL] = rasa_url.rstrip("/")
    app[RASA_TOKEN] = rasa_token if rasa_token is not None else (os.environ.get("RASA_TOKEN") or None)
    app[SECURE_COOKIES] = secure_cookies
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
    app.on_shutdown.append(stop_streams)

    r = app.router
    r.add_get("/login", login_get)
    r.add_post("/login", login_post)
    r.add_post("/logout", logout)
    r.add_get("/healthz", healthz)
    handlers.add_routes(app)
    r.add_static("/static/", HERE / "static")
    return app
