"""The action server runs our actions for our Rasa server only (a real server process on loopback)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Iterator

import pytest

from bot import project
from bot.stack import free_port

TOKEN = "s3cret-for-tests"
CALL = {"next_action": "action_submit_handoff", "sender_id": "forger", "tracker": {"sender_id": "forger", "events": []}, "domain": {}}


def call(url: str, headers: dict[str, str], body: dict | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.action_server", "--port", str(port)],
        cwd=project.ROOT, env=project.rasa_environment({"ACTION_SERVER_TOKEN": TOKEN}),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=1)
            break
        except OSError:
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN}x"}],
                         ids=["none", "wrong", "no-bearer", "longer"])
def test_an_anonymous_or_forged_action_call_is_refused_before_any_action_runs(server, headers):
    assert call(f"{server}/webhook", headers, CALL)[0] == 401
    assert call(f"{server}/actions", headers)[0] == 401


def test_the_health_check_stays_open_and_says_nothing(server):
    assert call(f"{server}/health", {}) == (200, {"status": "ok"})


def test_our_rasa_server_with_the_token_is_served(server):
    status, actions = call(f"{server}/actions", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200 and {"name": "action_submit_handoff"} in actions


def test_it_listens_on_loopback_only(server):
    assert server.startswith("http://127.0.0.1:")
    import socket

    addresses = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses:  # the machine's own network address: nobody answers there
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://{address}:{server.rsplit(':', 1)[1]}/health", timeout=2)


def test_it_refuses_to_start_without_a_token():
    result = subprocess.run([sys.executable, "-m", "bot.action_server", "--port", str(free_port())], cwd=project.ROOT,
                            env=project.rasa_environment({"ACTION_SERVER_TOKEN": ""}), capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "ACTION_SERVER_TOKEN" in result.stdout


def test_rasa_reads_the_projects_endpoints_with_the_real_token_in_the_header(monkeypatch):
    """Rasa expands ${...} only in unquoted YAML values: a quoted one sent the literal text and every action got 401."""
    from rasa.core.utils import read_endpoints_from_path

    monkeypatch.setenv("ACTION_SERVER_TOKEN", TOKEN)
    endpoints = read_endpoints_from_path(str(project.ENDPOINTS))
    assert endpoints.action.headers == {"Authorization": f"Bearer {TOKEN}"}
