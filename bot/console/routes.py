"""Every URL of the console, in one table: who may call it, and which module answers.

Public (no login): the login form, the health check and the static files. Everything else needs
a login (auth.py): pages redirect to /login, the API answers 401; and every cookie-authenticated
POST needs the session's CSRF token (csrf.py).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.console import api, live, login, pages
from bot.console.common import STATIC_PREFIX

STATIC_DIR = Path(__file__).resolve().parent / "static"
FORM_ACTIONS = ("claim", "release", "transfer", "notes", "messages", "close")  # the handoff page's forms

PUBLIC: list[web.AbstractRouteDef] = [
    web.get("/login", login.login_get),
    web.post("/login", login.login_post),
    web.get("/healthz", api.healthz),
    web.static(STATIC_PREFIX, STATIC_DIR),
]

SIGNED_IN: list[web.AbstractRouteDef] = [
    web.post("/logout", login.logout),
    web.post("/logout/everywhere", login.logout_everywhere),
    # pages (pages.py)
    web.get("/", pages.queue_page),
    web.get("/handoffs/{ref}", pages.handoff_get),
    web.post("/handoffs/{ref}/{action:" + "|".join(FORM_ACTIONS) + "}", pages.handoff_action),
    # live updates, server-sent events (live.py)
    web.get("/queue/events", live.queue_events),
    web.get("/handoffs/{ref}/events", live.handoff_events),
    # JSON API, bearer token or session (api.py)
    web.get("/api/presence", api.presence),
    web.get("/api/handoffs", api.list_handoffs),
    web.get("/api/handoffs/{ref}", api.get_handoff),
    web.post("/api/handoffs/{ref}/claim", api.claim),
    web.post("/api/handoffs/{ref}/messages", api.message),
    web.post("/api/handoffs/{ref}/close", api.close),
]

ROUTES = PUBLIC + SIGNED_IN

_PUBLIC_PATHS = frozenset(route.path for route in PUBLIC if isinstance(route, web.RouteDef))
_PUBLIC_PREFIXES = tuple(route.prefix for route in PUBLIC if isinstance(route, web.StaticDef))


def is_public(path: str) -> bool:
    """A path anyone may ask for without logging in (the PUBLIC routes above)."""
    return path in _PUBLIC_PATHS or path.startswith(_PUBLIC_PREFIXES)
