"""What the console's app, pages and login share: cookie names, app keys, polling intervals and the
small helpers every handler uses (db, render, error pages).

A leaf module, so app.py can import handlers.py and login.py without either importing app.py back.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

import aiohttp
import aiohttp_jinja2
from aiohttp import web

from bot.console import views

SESSION_COOKIE = "helpline_session"
LOGIN_CSRF_COOKIE = "helpline_login_csrf"
POLL_SECONDS = 0.5
HEARTBEAT_SECONDS = 15.0
SESSION_RECHECK_SECONDS = 10.0
PRESENCE_POLL_SECONDS = 5.0  # how often the queue page's "who is online" is recomputed

SESSION_FACTORY = web.AppKey("session_factory", object)
RASA_URL = web.AppKey("rasa_url", str)
RASA_TOKEN = web.AppKey("rasa_token", object)
SECURE_COOKIES = web.AppKey("secure_cookies", object)
HTTP = web.AppKey("http", aiohttp.ClientSession)
STOPPING = web.AppKey("stopping", asyncio.Event)
SWEEPER = web.AppKey("sweeper", object)
TRUSTED_PROXIES = web.AppKey("trusted_proxies", frozenset)

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
