"""The website channel served for real (tests/connectors/server.py): CORS, rate limits, `/intent` text.

socket.io over long-polling with a plain python-socketio client, as tests/e2e/test_website_protocol.py
does (this engineio client's websocket transport needs a newer aiohttp than Rasa 3.6 allows).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, List, Optional

import aiohttp
import pytest
import socketio
import yaml

from bot import project
from connectors.edge import NEUTRALISER
from connectors.limits import EdgeLimits, LimitSettings, limited_reply
from connectors.website import WebsiteInput, WidgetOrigins
from tests.connectors.server import serve

HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def channel(origins: Optional[List[str]] = None, **numbers: int) -> WebsiteInput:
    limits = EdgeLimits(LimitSettings(**{**dict(conversation_per_minute=30, address_per_minute=300,
                                                new_conversations_per_10_minutes=60), **numbers}))
    return WebsiteInput(secret=b"test", origins=WidgetOrigins(origins or []), limits=limits, trusted=frozenset())


async def handshake(url: str, origin: Optional[str]) -> tuple[int, Optional[str]]:
    """Engine.IO's first long-polling request, as a browser on `origin` makes it."""
    async with aiohttp.ClientSession() as http:
        async with http.get(url + HANDSHAKE, headers={"Origin": origin} if origin else {}) as response:
            return response.status, response.headers.get("Access-Control-Allow-Origin")


def test_a_disallowed_origin_is_refused_and_the_configured_one_accepted():
    async def scenario() -> dict:
        async with serve(channel(["https://www.helpline.example"])) as server:
            return {
                "evil": await handshake(server.url, "https://evil.example"),
                "configured": await handshake(server.url, "https://www.helpline.example"),
                "same origin": await handshake(server.url, server.url),
                "no origin (not a browser)": await handshake(server.url, None),
            }

    got = asyncio.run(scenario())
    assert got["evil"] == (400, None)
    assert got["configured"] == (200, "https://www.helpline.example")  # CORS header: long-polling works cross-origin
    assert got["same origin"][0] == 200
    assert got["no origin (not a browser)"] == (200, None)


def test_by_default_only_the_same_origin_may_connect(monkeypatch):
    monkeypatch.delenv("HELPLINE_WIDGET_ORIGINS", raising=False)

    async def scenario() -> tuple:
        website = WebsiteInput(secret=b"test", limits=EdgeLimits(LimitSettings()), trusted=frozenset())
        async with serve(website) as server:
            port = server.url.rsplit(":", 1)[1]
            return (await handshake(server.url, f"http://localhost:{int(port) + 1}"), await handshake(server.url, server.url))

    other_port, same = asyncio.run(scenario())
    assert other_port[0] == 400 and same[0] == 200


def test_a_socketio_client_from_a_disallowed_origin_cannot_connect():
    async def scenario() -> None:
        async with serve(channel(["https://www.helpline.example"])) as server:
            client = socketio.AsyncClient(reconnection=False)
            with pytest.raises(socketio.exceptions.ConnectionError):
                await client.connect(server.url, socketio_path="/socket.io", transports=["polling"],
                                     headers={"Origin": "https://evil.example"}, wait_timeout=5)

    asyncio.run(scenario())


def test_origins_come_from_the_environment_instead_of_credentials():
    listed = ["http://localhost:*"]
    from_env = WidgetOrigins.configured(listed, {"HELPLINE_WIDGET_ORIGINS": "https://a.example, https://b.example/"})
    assert from_env("https://a.example") and from_env("https://b.example") and not from_env("http://localhost:8000")
    from_credentials = WidgetOrigins.configured(listed, {})
    assert from_credentials("http://localhost:8000") and from_credentials("http://localhost:41234")
    assert not from_credentials("http://localhost.evil.example:8000") and not from_credentials("https://evil.example")
    nothing = WidgetOrigins.configured(None, {})
    assert not nothing("http://localhost:8000") and nothing("http://h:1", {"HTTP_HOST": "h:1", "wsgi.url_scheme": "http"})
    with pytest.raises(ValueError):
        WidgetOrigins(["www.example.org"])  # not an origin: no scheme


def test_the_shipped_credentials_let_the_demo_page_in_and_nobody_else():
    """`make run`'s demo page is http://localhost:8000 (bot/website.py), the tests' pages any local port."""
    website = yaml.safe_load(Path(project.CREDENTIALS).read_text())["connectors.website.WebsiteInput"]
    origins = WidgetOrigins.configured(website.get("cors_allowed_origins"), {})
    assert origins("http://localhost:8000") and origins("http://127.0.0.1:8000")
    assert not origins("https://evil.example") and not origins("http://localhost.evil.example")


async def chat(url: str, messages: List[str], origin: str = "http://localhost:8000") -> tuple[List[Any], str]:
    """Each message in turn; returns every bot_uttered frame received and the session id."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Queue = asyncio.Queue()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    await client.connect(url, socketio_path="/socket.io", transports=["polling"], headers={"Origin": origin})
    try:
        await client.emit("session_request", {"session_id": None})
        session = await asyncio.wait_for(confirmed.get(), 10)
        received = []
        for text in messages:
            await client.emit("user_uttered", {"message": text, "session_id": session})
            received.append(await asyncio.wait_for(replies.get(), 10))
        return received, session
    finally:
        try:
            await asyncio.wait_for(client.disconnect(), 2)
        except asyncio.TimeoutError:
            pass


def test_typed_intent_syntax_reaches_rasa_as_ordinary_text():
    async def scenario() -> List[str]:
        async with serve(channel(["http://localhost:*"])) as server:
            await chat(server.url, ["/request_human", "&#47;restart", "hello"])
            return server.agent.texts

    assert asyncio.run(scenario()) == [NEUTRALISER + "/request_human", NEUTRALISER + "&#47;restart", "hello"]


def test_a_session_over_its_limit_gets_a_bot_uttered_frame_not_silence():
    async def scenario() -> tuple[List[Any], List[str]]:
        async with serve(channel(["http://localhost:*"], conversation_per_minute=2)) as server:
            frames, _ = await chat(server.url, ["one", "two", "three"])
            return frames, server.agent.texts

    frames, reached = asyncio.run(scenario())
    assert reached == ["one", "two"]
    assert frames[:2] == [{"text": "ok"}, {"text": "ok"}]
    assert frames[2] == {"text": limited_reply(), "metadata": {"lang": "en", "dir": "ltr"}}


def test_new_sessions_from_one_address_are_bounded():
    async def scenario() -> List[Any]:
        async with serve(channel(["http://localhost:*"], new_conversations_per_10_minutes=1)) as server:
            first, _ = await chat(server.url, ["hi"])
            second, _ = await chat(server.url, ["hi"])
            return first + second

    first, second = asyncio.run(scenario())
    assert first == {"text": "ok"} and second["text"] == limited_reply()


def test_behind_a_trusted_proxy_sessions_are_counted_by_x_forwarded_for():
    """The address comes from the request that opened the socket (engineio's sanic driver says
    127.0.0.1 for every REMOTE_ADDR, so the channel reads the sanic request itself)."""
    from bot.addresses import trusted_from_env

    async def scenario(trust: frozenset) -> List[Any]:
        limits = EdgeLimits(LimitSettings(new_conversations_per_10_minutes=1))
        website = WebsiteInput(secret=b"test", origins=WidgetOrigins(["http://localhost:*"]), limits=limits, trusted=trust)
        async with serve(website) as server:
            frames = []
            for n in range(2):
                client = socketio.AsyncClient(reconnection=False)
                confirmed: asyncio.Queue = asyncio.Queue()
                replies: asyncio.Queue = asyncio.Queue()
                client.on("session_confirm", confirmed.put_nowait)
                client.on("bot_uttered", replies.put_nowait)
                await client.connect(server.url, socketio_path="/socket.io", transports=["polling"],
                                     headers={"Origin": "http://localhost:8000", "X-Forwarded-For": f"198.51.100.{n}"})
                await client.emit("session_request", {"session_id": None})
                session = await asyncio.wait_for(confirmed.get(), 10)
                await client.emit("user_uttered", {"message": "hi", "session_id": session})
                frames.append((await asyncio.wait_for(replies.get(), 10))["text"])
                try:
                    await asyncio.wait_for(client.disconnect(), 2)
                except asyncio.TimeoutError:
                    pass
            return frames

    assert asyncio.run(scenario(trusted_from_env({"HELPLINE_TRUSTED_PROXIES": "127.0.0.1"}))) == ["ok", "ok"]
    assert asyncio.run(scenario(frozenset())) == ["ok", limited_reply()]
