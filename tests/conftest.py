"""Shared fixtures: the trained model and the real bot (Rasa server + action server)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot import model_cache
from bot.stack import Stack


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """`make test` trains before pytest starts; here we only reuse that model."""
    return model_cache.ensure_model()


@pytest.fixture(scope="session")
def bot(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The real bot on free ports, with its own throwaway conversation store."""
    stack = Stack.throwaway(trained_model, tmp_path_factory.mktemp("stack"))
    stack.start_and_wait()
    stack.supervise_in_background()  # as `make run` does: a killed process comes back by itself
    yield stack
    stack.stop()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the trained model (through `bot` or `trained_model`) must be marked e2e,
    so the fast lane (`pytest -m "not e2e"`, make check) can never start a training run."""
    unmarked = [
        item.nodeid for item in items
        if "trained_model" in getattr(item, "fixturenames", ()) and item.get_closest_marker("e2e") is None
    ]
    if unmarked:
        raise pytest.UsageError("these tests need a trained model but are not marked e2e: " + ", ".join(unmarked))
