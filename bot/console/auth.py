"""Who is asking, and what their role lets them do.

Authentication: a bearer token (API only) or the session cookie; no one gets /login (pages) or
401 (API). Which routes are public is declared in the route table (routes.py) and handed to
`authentication`, so this module does not import the handlers it guards.

Permissions: what the handoff page offers. The handoff service enforces the same rules on
every action (bot.handoff.service); these only decide which buttons to show.
"""

from __future__ import annotations

from typing import Any, Callable, Optional
from urllib.parse import quote

from aiohttp import web

from bot.console.common import SESSION_COOKIE, Handler, api_error, db, is_api
from bot.storage import console as store

Middleware = Callable[[web.Request, Handler], Any]


def authentication(is_public: Callable[[str], bool]) -> Middleware:
    """The middleware that puts request["user"] and request["auth"] ("token" / "cookie") on every
    non-public request. A token that is unknown, expired or revoked gets the same 401
    (bot.storage.console.token_user). A cookie login is also presence: the counsellor is here now.
    """

    @web.middleware
    async def auth_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if is_public(request.path):
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
        return await handler(request)

    return auth_middleware


def may_manage(user: dict[str, Any], holder: Optional[str]) -> bool:
    """Release or transfer a claimed handoff: its holder, or an admin."""
    return holder is not None and (holder == user["name"] or user["role"] == "admin")


def may_close(user: dict[str, Any], holder: Optional[str], status: str) -> bool:
    """Close a handoff that is still open: its holder, or an admin."""
    return status != "closed" and (holder == user["name"] or user["role"] == "admin")
