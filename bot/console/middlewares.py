"""What every console response gets: security headers, and a clear page (never a bare traceback) for a 4xx.

Authentication (auth.py) and the CSRF check (csrf.py) are middlewares of their own; app.py puts
them all in order.
"""

from __future__ import annotations

from aiohttp import web

from bot.console.common import STATIC_PREFIX, Handler, error_page

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
TITLES = {404: "Not found", 405: "Not allowed", 403: "Not allowed", 400: "Bad request"}
MESSAGES = {
    404: "There is no page at this address.",
    405: "This address does not accept that kind of request.",
}


@web.middleware
async def headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.path.startswith(STATIC_PREFIX):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Clear pages for 4xx (404 names what was not found), never a bare traceback."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status >= 400 and not error.headers.get("Location"):
            message = error.text if error.text and not error.text.startswith(f"{error.status}:") else (
                MESSAGES.get(error.status, error.reason))
            return error_page(request, error.status, TITLES.get(error.status, error.reason), message)
        raise
