"""The REST channel served for real (tests/connectors/server.py): what reaches Rasa, 429, 401."""

from __future__ import annotations

import asyncio
from typing import Any, Optional

import aiohttp

from bot.addresses import trusted_from_env
from bot.content import load_contacts
from connectors.edge import NEUTRALISER
from connectors.limits import EdgeLimits, LimitSettings
from connectors.rest import RestInput
from tests.connectors.server import serve

WEBHOOK = "/webhooks/rest/webhook"


def channel(token: str = "", trusted: frozenset = frozenset(), **numbers: int) -> RestInput:
    limits = EdgeLimits(LimitSettings(**{**dict(conversation_per_minute=30, address_per_minute=300,
                                                new_conversations_per_10_minutes=60), **numbers}))
    return RestInput(token=token, limits=limits, trusted=trusted)


async def post(url: str, body: Any, headers: Optional[dict] = None) -> tuple[int, Any, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.post(url + WEBHOOK, json=body, headers=headers or {}) as response:
            return response.status, await response.json(content_type=None), dict(response.headers)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_typed_intent_syntax_reaches_rasa_as_ordinary_text():
    async def scenario() -> list[str]:
        async with serve(channel()) as server:
            for text in ("/request_human", "<b></b>/restart", "what is the nrm"):
                status, replies, _ = await post(server.url, {"sender": "me", "message": text})
                assert status == 200 and replies == [{"recipient_id": "me", "text": "ok"}]
            return server.agent.texts

    assert run(scenario()) == [NEUTRALISER + "/request_human", NEUTRALISER + "<b></b>/restart", "what is the nrm"]


def test_a_conversation_over_its_limit_gets_429_and_a_reply_not_silence():
    async def scenario() -> tuple[list, Any, dict, int]:
        async with serve(channel(conversation_per_minute=3)) as server:
            statuses = [(await post(server.url, {"sender": "fast", "message": f"message {n}"}))[0] for n in range(3)]
            status, replies, headers = await post(server.url, {"sender": "fast", "message": "one too many"})
            statuses.append(status)
            other = (await post(server.url, {"sender": "another", "message": "hello"}))[0]
            assert server.agent.texts == ["message 0", "message 1", "message 2", "hello"]  # the limited one never reached Rasa
            return statuses, replies, headers, other

    statuses, replies, headers, other = run(scenario())
    contacts = load_contacts()
    assert statuses == [200, 200, 200, 429] and other == 200
    [reply] = replies
    assert reply["recipient_id"] == "fast"
    assert reply["text"].startswith("You're sending messages faster than I can take them.")
    assert "999" in reply["text"] and contacts["helpline_phone"] in reply["text"] and contacts["helpline_email"] in reply["text"]
    assert int(headers["Retry-After"]) >= 1


def test_new_conversations_from_one_address_are_bounded():
    async def scenario() -> tuple[list, int]:
        async with serve(channel(new_conversations_per_10_minutes=3)) as server:
            statuses = [(await post(server.url, {"sender": f"s{n}", "message": "hi"}))[0] for n in range(5)]
            ongoing = (await post(server.url, {"sender": "s0", "message": "still here"}))[0]
            return statuses, ongoing

    statuses, ongoing = run(scenario())
    assert statuses == [200, 200, 200, 429, 429] and ongoing == 200


def test_behind_a_trusted_proxy_clients_are_told_apart_by_x_forwarded_for():
    trusted = trusted_from_env({"HELPLINE_TRUSTED_PROXIES": "127.0.0.1"})

    async def scenario(trust: frozenset) -> list[int]:
        async with serve(channel(trusted=trust, new_conversations_per_10_minutes=1)) as server:
            return [
                (await post(server.url, {"sender": f"s{n}", "message": "hi"}, {"X-Forwarded-For": f"198.51.100.{n}"}))[0]
                for n in range(3)
            ]

    assert run(scenario(trusted)) == [200, 200, 200]
    assert run(scenario(frozenset())) == [200, 429, 429]  # an untrusted peer's header is ignored


def test_with_a_token_set_the_webhook_needs_it():
    async def scenario() -> list[int]:
        async with serve(channel(token="s3cret-token")) as server:
            body = {"sender": "me", "message": "hi"}
            codes = [
                (await post(server.url, body))[0],
                (await post(server.url, body, {"Authorization": "Bearer wrong"}))[0],
                (await post(server.url, body, {"Authorization": "Basic s3cret-token"}))[0],
                (await post(server.url, body, {"Authorization": "Bearer s3cret-token"}))[0],
            ]
            async with aiohttp.ClientSession() as http:
                async with http.get(server.url + "/webhooks/rest/") as health:
                    codes.append(health.status)
            assert server.agent.texts == ["hi"]
            return codes

    assert run(scenario()) == [401, 401, 401, 200, 200]


def test_without_a_token_set_no_header_is_needed_and_bad_bodies_are_still_400():
    async def scenario() -> list[int]:
        async with serve(channel()) as server:
            return [
                (await post(server.url, {"sender": "me", "message": "hi"}))[0],
                (await post(server.url, {"sender": "me", "message": None}))[0],
                (await post(server.url, ["not", "an", "object"]))[0],
            ]

    assert run(scenario()) == [200, 400, 400]


def test_the_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("HELPLINE_REST_TOKEN", "from-env")
    assert RestInput.from_credentials(None).token == "from-env"
    monkeypatch.delenv("HELPLINE_REST_TOKEN")
    assert RestInput.from_credentials(None).token == ""
