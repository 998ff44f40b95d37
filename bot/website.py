"""A tiny static server for the chat widget: connectors/static/, with demo.html at "/".

`helpline website --port 8000 --rasa-url http://localhost:5005` serves the demo page; the
widget in it talks socket.io straight to the Rasa server (connectors/website.py).

Quick exit goes to HELPLINE_QUICK_EXIT_URL, by default BBC Weather: like GOV.UK's "Exit this
page", it sends the person off the service's own domain, so neither the screen nor the address
bar says "helpline" to whoever walks in. The local neutral page (connectors/static/neutral.html)
is the widget's fallback when the browser reports it is offline; a site without internet access
(a training room, the tests) sets HELPLINE_QUICK_EXIT_URL=/neutral.html.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Mapping, Optional
from urllib.parse import urlsplit

from aiohttp import web

STATIC = Path(__file__).resolve().parent.parent / "connectors" / "static"
DEMO_SERVER = 'data-server="http://localhost:5005"'
DEFAULT_RASA_URL = "http://localhost:5005"
QUICK_EXIT_ENV = "HELPLINE_QUICK_EXIT_URL"
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"


def quick_exit_url(environ: Optional[Mapping[str, str]] = None) -> str:
    """Where Quick exit goes: HELPLINE_QUICK_EXIT_URL, or BBC Weather.

    Only an absolute http(s) URL or a path on this site ("/neutral.html") is accepted; anything
    else (a typo, "javascript:...") raises ValueError at start-up instead of leaving someone on
    the helpline's page when they need to leave it.
    """
    value = (os.environ if environ is None else environ).get(QUICK_EXIT_ENV, "").strip()
    if not value:
        return DEFAULT_QUICK_EXIT_URL
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if not parts.scheme and not parts.netloc and parts.path.startswith("/"):
        return value
    raise ValueError(f"{QUICK_EXIT_ENV} must be an http(s) URL or a path starting with /, not {value!r}")


def _security_headers(rasa_url: str) -> dict[str, str]:
    parts = urlsplit(rasa_url)
    ws = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}"
    origin = f"{parts.scheme}://{parts.netloc}"
    return {
        "Content-Security-Policy": (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {origin} {ws}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


def create_app(rasa_url: str = DEFAULT_RASA_URL, static_dir: Path = STATIC, exit_url: Optional[str] = None) -> web.Application:
    """The demo page at "/" (pointing the widget at `rasa_url`, Quick exit at `exit_url`, default
    quick_exit_url()) and every file in static_dir."""
    rasa_url = rasa_url.rstrip("/")
    headers = _security_headers(rasa_url)
    exit_to = quick_exit_url({QUICK_EXIT_ENV: exit_url}) if exit_url else quick_exit_url()
    widget_attributes = f'data-server="{rasa_url}" data-exit-url="{html.escape(exit_to, quote=True)}"'

    @web.middleware
    async def secure(request: web.Request, handler):
        response = await handler(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    async def demo(request: web.Request) -> web.Response:
        page = (static_dir / "demo.html").read_text(encoding="utf-8")
        page = page.replace(DEMO_SERVER, widget_attributes)
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    app = web.Application(middlewares=[secure])
    app.router.add_get("/", demo)
    app.router.add_get("/demo.html", demo)
    app.router.add_static("/", static_dir, show_index=False, follow_symlinks=False)
    return app


def serve(port: int = 8000, host: str = "127.0.0.1", rasa_url: str = DEFAULT_RASA_URL) -> None:
    app = create_app(rasa_url)  # a bad HELPLINE_QUICK_EXIT_URL stops it here, before anyone is served
    print(f"Chat widget demo on http://{host}:{port} (talking to {rasa_url}; Quick exit goes to "
          f"{quick_exit_url()}). Press Ctrl-C to stop.", flush=True)
    web.run_app(app, host=host, port=port, print=None, shutdown_timeout=5)
