"""Shared fixtures: the trained model and the real bot (Rasa server + action server)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from bot import model_cache
from bot.stack import Stack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """`make test` trains before pytest starts; here we only reuse that model."""
    return model_cache.ensure_model()


@pytest.fixture(scope="session")
def bot(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real bot on free ports, with its own throwaway conversation store."""
    workdir = tmp_path_factory.mktemp("stack")
    action_port = free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {
                "action_endpoint": {"url": f"http://localhost:{action_port}/webhook"},
                "tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(workdir / "tracker.db")},
            }
        )
    )
    stack = Stack(
        model=trained_model,
        rasa_port=free_port(),
        action_port=action_port,
        console_port=free_port(),
        website_port=free_port(),
        endpoints=endpoints,
        log_dir=workdir / "logs",
        database_url=f"sqlite:///{workdir / 'handoffs.db'}",
    )
    stack.start()
    try:
        stack.wait_until_ready()
    except Exception:
        stack.stop()
        for log in sorted((workdir / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}")
        raise
    yield stack
    stack.stop()
