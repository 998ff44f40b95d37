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
