"""A migrated temp SQLite database with three accounts, the console on a test server, and a fake Rasa.

Tests are coroutines (pytest-aiohttp, asyncio_mode = "auto"): `console` is the console with its
defaults, `start_console(rasa_url, **create_app options)` one with other options, `rasa` a fake
Rasa that records what the console relays. Each `console.browser()` has its own cookie jar.
`Console` also works on its own as an async context manager (tests/browser use it that way).
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from typing import Any, Awaitable, Callable, Optional

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import BaseTestServer, TestServer

from bot.console.app import create_app
from bot.storage import console as store
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import save_handoff
from bot.storage.migrate import upgrade
from tests.bot.storage import examples

PASSWORD = "correct horse battery"
USERS = {"Alice Smith": "counsellor", "Bob Jones": "counsellor", "Ada Admin": "admin"}
REFERENCE = "HO-7K2M9Q"  # the handoff add_handoff saves unless told otherwise
SHUTDOWN_SECONDS = 1  # how long stopping a test console waits for its open requests

Serve = Callable[..., Awaitable[BaseTestServer]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sf(tmp_path):
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    for name, role in USERS.items():
        store.create_user(factory, name, role, PASSWORD)
    yield factory
    engine.dispose()


def add_handoff(sf, reference: str = REFERENCE, urgency: str = "standard", transcript=None, **changes: Any) -> str:
    return save_handoff(
        sf, examples.summary(reference=reference, urgency=urgency, **changes),
        examples.transcript() if transcript is None else transcript,
    )


def add_collecting(sf, reference: str = "HO-COLL01", urgency: str = "standard", **changes: Any) -> str:
    """A handoff the intake is still filling in (contract v2: status collecting, intake in progress)."""
    fields = {"status": "collecting", "intake_status": "in_progress", "urgency_reasons": [], "evidence": {}}
    return add_handoff(sf, reference, urgency, **{**fields, **changes})


class FakeRasa:
    """Records what the console POSTs to /conversations/{id}/tracker/events."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []
        self.app = web.Application()
        self.app.router.add_post("/conversations/{cid}/tracker/events", self._events)
        self.url = ""

    async def _events(self, request: web.Request) -> web.Response:
        self.events.append((request.match_info["cid"], await request.json()))
        return web.json_response({"sender_id": request.match_info["cid"], "events": []})

    async def start(self, serve: Serve) -> FakeRasa:
        self.url = str((await serve(self.app)).make_url("")).rstrip("/")
        return self


class Console:
    """The console app on a test server; `.client()` gives a fresh browser (own cookie jar)."""

    def __init__(self, sf, rasa_url: Optional[str] = None, **app_options: Any) -> None:
        self.sf = sf
        self.app = create_app(sf, rasa_url=rasa_url or f"http://127.0.0.1:{free_port()}",  # nothing listens there
                              **app_options)
        self.url = ""
        self._server: Optional[BaseTestServer] = None
        self._clients: list[aiohttp.ClientSession] = []

    async def start(self, serve: Serve) -> Console:
        """Serve the app with `serve` (pytest-aiohttp's aiohttp_server, which also stops it)."""
        self._server = await serve(self.app, shutdown_timeout=SHUTDOWN_SECONDS)
        self.url = str(self._server.make_url("")).rstrip("/")
        return self

    async def close_clients(self) -> None:
        for client in self._clients:
            await client.close()

    async def __aenter__(self) -> Console:
        async def serve(app: web.Application, **kwargs: Any) -> BaseTestServer:
            server = TestServer(app)
            await server.start_server(**kwargs)
            return server

        return await self.start(serve)

    async def __aexit__(self, *exc: Any) -> None:
        await self.close_clients()
        if self._server is not None:
            await self._server.close()

    def client(self, **headers: str) -> aiohttp.ClientSession:
        session = aiohttp.ClientSession(
            base_url=self.url, cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers or None
        )
        self._clients.append(session)
        return session

    def browser(self, address: Optional[str] = None) -> Browser:
        """A fresh browser; `address` is sent as X-Forwarded-For (believed only with trusted_proxies="127.0.0.1")."""
        return Browser(self.client(**({"X-Forwarded-For": address} if address else {})))

    async def login(self, name: str, password: str = PASSWORD, address: Optional[str] = None) -> Browser:
        browser = self.browser(address)
        response = await browser.login(name, password)
        assert response.status == 303, await response.text()
        return browser


@pytest.fixture
async def start_console(sf, aiohttp_server):
    """start_console(rasa_url=None, **create_app options) -> a running Console over `sf`."""
    consoles: list[Console] = []

    async def start(rasa_url: Optional[str] = None, **app_options: Any) -> Console:
        console = await Console(sf, rasa_url, **app_options).start(aiohttp_server)
        consoles.append(console)
        return console

    yield start
    for console in consoles:
        await console.close_clients()


@pytest.fixture
async def console(start_console) -> Console:
    """The console with its defaults (relaying to a Rasa that is not there)."""
    return await start_console()


@pytest.fixture
async def rasa(aiohttp_server) -> FakeRasa:
    return await FakeRasa().start(aiohttp_server)


async def next_event(response: aiohttp.ClientResponse, name: str, timeout: float) -> dict:
    """The data of the next SSE event called `name`."""
    event = None

    async def read():
        nonlocal event
        while True:
            line = (await response.content.readline()).decode()
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == name:
                return json.loads(line[6:])

    return await asyncio.wait_for(read(), timeout)


def concrete_paths(route: web.RouteDef) -> list[str]:
    """The addresses a route answers: {ref} is a real handoff, {name:a|b} each of its alternatives."""
    paths = [route.path]
    for placeholder in re.findall(r"\{[^}]+\}", route.path):
        _, _, pattern = placeholder[1:-1].partition(":")
        values = pattern.split("|") if pattern else [REFERENCE]
        paths = [p.replace(placeholder, value, 1) for p in paths for value in values]
    return paths


def table(routes_: list[web.AbstractRouteDef]) -> list[tuple[str, str]]:
    """(method, address) of every request the routes answer (routes.py's tables), static files left out."""
    return [(r.method, path) for r in routes_ if isinstance(r, web.RouteDef) for path in concrete_paths(r)]


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Browser:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session
        self.csrf: Optional[str] = None

    async def login_token(self) -> str:
        """The login form's CSRF token (the login page sets its cookie)."""
        async with self.session.get("/login") as page:
            return CSRF.search(await page.text()).group(1)

    async def login(self, name: str, password: str, next: str = "/", token: Optional[str] = None) -> aiohttp.ClientResponse:
        """POST the login form (fetching its token first unless given); the response is read, not followed."""
        token = token or await self.login_token()
        response = await self.session.post(
            "/login", data={"name": name, "password": password, "csrf_token": token, "next": next}, allow_redirects=False
        )
        await response.read()
        if response.status == 303:
            async with self.session.get("/") as queue:
                self.csrf = CSRF.search(await queue.text()).group(1)
        return response

    async def get(self, path: str) -> tuple[int, str]:
        async with self.session.get(path, allow_redirects=False) as response:
            return response.status, await response.text()

    async def post(self, path: str, data: Optional[dict] = None, csrf: bool = True) -> tuple[int, str, str]:
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = self.csrf
        async with self.session.post(path, data=form, allow_redirects=False) as response:
            return response.status, response.headers.get("Location", ""), await response.text()
