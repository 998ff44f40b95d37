"""Shared helpers for the extraction tests: one warmed-up extractor for the session."""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from bot.extraction import extract_facts


@pytest.fixture(scope="session")
def facts() -> Callable[[str], Dict[str, Any]]:
    """extract_facts, with the pipeline already built (the first call builds it)."""
    extract_facts("warm up")
    return extract_facts
