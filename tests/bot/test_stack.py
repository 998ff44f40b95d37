"""The runner keeps serving: a process that dies is started again, with backoff when it keeps dying."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.stack import FIRST_RESTART_DELAY, MAX_RESTART_DELAY, STABLE_AFTER, Stack, free_port


@pytest.fixture
def stack(tmp_path: Path):
    stack = Stack(model=tmp_path / "no-model.tar.gz", log_dir=tmp_path / "logs")
    stack._spawn("web", ["--bind", "127.0.0.1", str(free_port())], module="http.server")  # any long-running process
    stack._spawn("other", ["--bind", "127.0.0.1", str(free_port())], module="http.server")
    yield stack
    stack.stop()



def test_a_dead_process_is_restarted_after_a_delay_and_the_others_are_left_alone(stack):
    other = stack.services["other"].process
    stack._kill("web")
    first = stack.services["web"].started_at
    assert stack.supervise_once(now=first + STABLE_AFTER) == []  # found dead: restart is scheduled
    assert not stack.services["web"].alive()
    assert stack.supervise_once(now=first + STABLE_AFTER + FIRST_RESTART_DELAY) == ["web"]
    assert stack.services["web"].alive()
    assert stack.services["other"].process is other and other.poll() is None


def test_a_process_that_keeps_dying_waits_longer_each_time_up_to_a_minute(stack):
    delays = []
    for _ in range(9):
        stack._kill("web")
        service = stack.services["web"]
        now = service.started_at + 1  # dies a second after each start
        stack.supervise_once(now=now)
        delays.append(service.restart_at - now)
        stack.supervise_once(now=service.restart_at)
    assert delays[:4] == [FIRST_RESTART_DELAY, 2 * FIRST_RESTART_DELAY, 4 * FIRST_RESTART_DELAY, 8 * FIRST_RESTART_DELAY]
    assert max(delays) == MAX_RESTART_DELAY


def test_a_process_that_served_a_while_is_restarted_quickly_again(stack):
    for _ in range(4):
        stack._kill("web")
        service = stack.services["web"]
        stack.supervise_once(now=service.started_at + 1)
        stack.supervise_once(now=service.restart_at)
    stack._kill("web")
    service = stack.services["web"]
    now = service.started_at + STABLE_AFTER + 1
    stack.supervise_once(now=now)
    assert service.restart_at - now == FIRST_RESTART_DELAY


def test_nothing_is_restarted_while_stopping(stack):
    stack._stopping.set()
    stack._kill("web")
    assert stack.supervise_once(now=1e12) == []


def served(log: Path, times: int) -> bool:
    """Wait until the log shows `times` starts of the web process."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if log.exists() and log.read_text().count("Serving HTTP") >= times:
            return True
        time.sleep(0.05)
    return False


def test_each_process_log_is_kept_across_its_restarts_and_redacted(stack, tmp_path):
    log = tmp_path / "logs" / "web.log"
    assert served(log, 1)
    stack._sinks.get("web").write("a line from jane@example.org")
    stack._kill("web")
    service = stack.services["web"]
    stack.supervise_once(now=service.started_at + 1)
    stack.supervise_once(now=service.restart_at)
    assert served(log, 2)  # the restarted process appends to the same file
    text = log.read_text()
    assert "a line from [email]" in text and "jane@" not in text
