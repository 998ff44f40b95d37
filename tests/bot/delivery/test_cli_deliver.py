"""`helpline deliver`: off without a URL, refuses a URL without a secret, runs the worker otherwise."""

from __future__ import annotations

import asyncio
import signal

import pytest

from bot.cli import main
from bot.delivery import worker


@pytest.fixture(autouse=True)
def temp_database(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("HANDOFF_WEBHOOK_URL", raising=False)
    monkeypatch.delenv("HANDOFF_WEBHOOK_SECRET", raising=False)


def test_without_a_webhook_url_deliver_explains_and_exits_0(capsys):
    assert main(["deliver"]) == 0
    assert "HANDOFF_WEBHOOK_URL is not set" in capsys.readouterr().out


def test_a_url_without_a_secret_is_refused(monkeypatch, capsys):
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    assert main(["deliver"]) == 2
    assert "HANDOFF_WEBHOOK_SECRET" in capsys.readouterr().err


def test_deliver_runs_the_worker_until_ctrl_c_or_sigterm(monkeypatch, capsys):
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", "http://127.0.0.1:9/hook")
    monkeypatch.setenv("HANDOFF_WEBHOOK_SECRET", "k")
    seen = {}

    async def fake_run_forever(store, config, stop):
        seen["url"], seen["store"] = config.url, store
        signal.raise_signal(signal.SIGTERM)  # what `docker stop` or systemd sends
        await asyncio.wait_for(stop.wait(), timeout=5)

    monkeypatch.setattr(worker, "run_forever", fake_run_forever)
    assert main(["deliver"]) == 0
    out = capsys.readouterr().out
    assert "Delivering handoffs to http://127.0.0.1:9/hook" in out and "Stopped delivering." in out
    assert seen["url"] == "http://127.0.0.1:9/hook" and seen["store"] is not None
