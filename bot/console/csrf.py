"""Cross-site request forgery: no state-changing request from another site's page.

Two checks, because there are two kinds of form:
- logged in: every cookie-authenticated request that is not GET/HEAD/OPTIONS carries the
  session's own token (bot.storage.console keeps it with the session), as the form field
  `csrf_token` or the X-CSRF-Token header (the API from a logged-in page). Bearer-token API
  calls need none: a token is never sent by a browser on its own.
- the login form (no session yet): a double-submit token, the same random value in a cookie
  only /login sees and in the form.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Mapping

from aiohttp import web

from bot.console.common import LOGIN_CSRF_COOKIE, Handler, error_page

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
FIELD = "csrf_token"
HEADER = "X-CSRF-Token"


def _same(sent: str, expected: str) -> bool:
    return bool(sent) and bool(expected) and hmac.compare_digest(sent, expected)


async def _sent_token(request: web.Request) -> str:
    sent = request.headers.get(HEADER, "")
    if not sent and request.content_type in FORM_TYPES:
        sent = str((await request.post()).get(FIELD, ""))
    return sent


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """After authentication: a cookie-authenticated change without the session's token is refused (403)."""
    needs_token = request.method not in SAFE_METHODS and request.get("auth") == "cookie"
    if needs_token and not _same(await _sent_token(request), request["user"]["csrf_token"]):
        return error_page(
            request, 403, "Form expired", "This form could not be checked (missing or old security token). "
            "Go back, reload the page and try again."
        )
    return await handler(request)


def login_token(request: web.Request) -> str:
    """The login form's token: the browser's current one (several open login tabs keep working), else a new one."""
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)


def login_token_ok(request: web.Request, form: Mapping[str, object]) -> bool:
    """The posted login form carries the token its cookie holds."""
    return _same(str(form.get(FIELD, "")), request.cookies.get(LOGIN_CSRF_COOKIE, ""))


def login_form_expired(request: web.Request) -> web.Response:
    return error_page(request, 403, "Form expired", "The login form had expired. Reload the page and log in again.")
