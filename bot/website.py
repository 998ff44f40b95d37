"""A tiny static server for the chat widget: connectors/static/, with demo.html at "/".

`helpline website --port 8000 --rasa-url http://localhost:5005` serves the demo page; the
widget in it talks socket.io straight to the Rasa server (connectors/website.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

STATIC = Path(__file__).resolve().parent.parent / "connectors" / "static"
DEMO_SERVER = 'data-server="http://localhost:5005"'
DEFAULT_RASA_URL = "http://localhost:5005"


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


def create_app(rasa_url: str = DEFAULT_RASA_URL, static_dir: Path = STATIC) -> web.Application:
    """The demo page at "/" (pointing the widget at `rasa_url`) and every file in static_dir."""
    rasa_url = rasa_url.rstrip("/")
    headers = _security_headers(rasa_url)

    @web.middleware
    async def secure(request: web.Request, handler):
        response = await handler(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    async def demo(request: web.Request) -> web.Response:
        page = (static_dir / "demo.html").read_text(encoding="utf-8")
        page = page.replace(DEMO_SERVER, f'data-server="{rasa_url}"')
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    app = web.Application(middlewares=[secure])
    app.router.add_get("/", demo)
    app.router.add_get("/demo.html", demo)
    app.router.add_static("/", static_dir, show_index=False, follow_symlinks=False)
    return app


def serve(port: int = 8000, host: str = "127.0.0.1", rasa_url: str = DEFAULT_RASA_URL) -> None:
    print(f"Chat widget demo on http://{host}:{port} (talking to {rasa_url}). Press Ctrl-C to stop.", flush=True)
    web.run_app(create_app(rasa_url), host=host, port=port, print=None, shutdown_timeout=5)
