"""The counsellor console: an aiohttp app over the handoff database.

    create_app(session_factory, rasa_url) -> web.Application

This module only wires the parts together. Where to look for the rest:

    routes.py           every URL, and which are public
    auth.py, csrf.py    who is asking (session cookie or API token), and no forged form posts
    middlewares.py      security headers and clear error pages
    login.py            logging in and out (throttle.py, devices.py: guessing never locks anyone out)
    pages.py, api.py    the HTML pages and the JSON API, over the same actions (handoff_actions.py)
    live.py             live updates: server-sent events fed by one database watcher per process
    relay.py            a counsellor's message to the professional (Rasa and the website chat)
    sweeper.py          quiet intakes end as `left`
    keys.py, common.py  what the app holds (typed keys) and the helpers every handler shares

Everything needs a login (unauthenticated pages redirect to /login, the API answers 401), every
cookie-authenticated POST carries the session's CSRF token, and every action on a handoff is
written to its audit log. Presence: every cookie-authenticated request and every open live stream
marks the login as seen (bot.storage.console.touch_session), so `online_counsellors` knows who
can answer.
"""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path
from typing import Optional

import aiohttp
import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.addresses import parse_trusted, trusted_from_env
from bot.console import auth, csrf, live, routes, sweeper, views
from bot.console.keys import HTTP, RASA_TOKEN, RASA_URL, SECURE_COOKIES, SESSION_FACTORY, STOPPING, TRUSTED_PROXIES
from bot.console.middlewares import error_middleware, headers_middleware

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


async def http_client(app: web.Application):
    """cleanup_ctx: one outgoing HTTP client for the app's lifetime (the relay to Rasa)."""
    app[HTTP] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))
    yield
    await app[HTTP].close()


def _templates(app: web.Application) -> None:
    env = aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=jinja2.ChainableUndefined,
    )
    env.filters["time"] = views.time_text
    env.globals["urgency_labels"] = views.URGENCY_LABELS


def create_app(
    session_factory: object,
    rasa_url: str = "http://localhost:5005",
    *,
    rasa_token: Optional[str] = None,
    secure_cookies: Optional[bool] = None,
    intake_idle: Optional[timedelta] = None,
    sweep_every: float = sweeper.SWEEP_SECONDS,
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
    app = web.Application(middlewares=[
        headers_middleware, error_middleware, auth.authentication(routes.is_public), csrf.csrf_middleware,
    ])
    app[SESSION_FACTORY] = session_factory
    app[RASA_URL] = rasa_url.rstrip("/")
    app[RASA_TOKEN] = rasa_token if rasa_token is not None else (os.environ.get("RASA_TOKEN") or None)
    app[SECURE_COOKIES] = secure_cookies
    app[TRUSTED_PROXIES] = parse_trusted(trusted_proxies) if trusted_proxies is not None else trusted_from_env()
    app[STOPPING] = asyncio.Event()
    _templates(app)

    quiet_for = intake_idle if intake_idle is not None else sweeper.intake_idle_from_env()
    app.cleanup_ctx.append(http_client)
    app.cleanup_ctx.append(live.watch)
    app.cleanup_ctx.append(sweeper.sweeping(quiet_for, sweep_every))
    # aiohttp 3.9 annotates on_shutdown for aiosignal<1.4, whose Signal took the callback type, not its arguments.
    app.on_shutdown.append(live.stop_streams)  # type: ignore[arg-type]

    app.add_routes(routes.ROUTES)
    return app
