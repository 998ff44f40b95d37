"""What every console handler shares: cookie names and the small helpers (db, render, error pages).

A leaf under the handlers (it imports only views and keys), so pages, API, live streams, login
and the app factory can all use it without importing each other.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

import aiohttp_jinja2
from aiohttp import web

from bot.console import views
from bot.console.keys import SECURE_COOKIES, SESSION_FACTORY

SESSION_COOKIE = "helpline_session"
LOGIN_CSRF_COOKIE = "helpline_login_csrf"
STATIC_PREFIX = "/static/"  # the stylesheet and scripts: public, and cacheable

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


async def pause(stopping: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if the app starts stopping meanwhile (background loops end promptly)."""
    try:
        await asyncio.wait_for(stopping.wait(), seconds)
    except asyncio.TimeoutError:
        pass
