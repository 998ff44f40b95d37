"""The vendored schema is the shared contract, and is used when ../shared is absent."""

from __future__ import annotations

import json

import jsonschema
import pytest

from bot.storage import handoffs
from tests.bot.storage.examples import summary, transcript


@pytest.mark.skipif(not handoffs.SHARED_SCHEMA.is_file(), reason="no ../shared checkout beside this one")
def test_the_vendored_schema_is_a_copy_of_the_shared_contract():
    shared = json.loads(handoffs.SHARED_SCHEMA.read_text())
    vendored = json.loads(handoffs.VENDORED_SCHEMA.read_text())
    assert vendored == shared, "copy ../shared/handoff_summary.schema.json to bot/storage/"


def test_without_shared_the_vendored_copy_validates(monkeypatch, tmp_path):
    monkeypatch.setattr(handoffs, "SHARED_SCHEMA", tmp_path / "missing.json")
    handoffs._validator.cache_clear()
    try:
        assert handoffs.schema_path() == handoffs.VENDORED_SCHEMA
        handoffs.validate_summary({**summary(), "transcript": transcript()})
        with pytest.raises(handoffs.InvalidSummary):
            handoffs.validate_summary(summary())  # no transcript
    finally:
        handoffs._validator.cache_clear()


def test_the_example_summary_is_valid_against_the_contract():
    jsonschema.validate({**summary(), "transcript": transcript()}, json.loads(handoffs.schema_path().read_text()))
