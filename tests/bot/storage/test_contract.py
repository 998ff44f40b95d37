"""The contract's closed lists in code are the schema's, and the lifecycle covers every status."""

from __future__ import annotations

import json

from bot.storage import contract, handoffs


def test_the_lists_are_the_vendored_schemas_in_its_order():
    schema = json.loads(contract.VENDORED_SCHEMA.read_text(encoding="utf-8"))["properties"]
    assert contract.HANDOFF_STATUSES == tuple(schema["status"]["enum"])
    assert contract.REASONS == tuple(schema["reason"]["enum"])
    assert contract.SENDERS == tuple(schema["transcript"]["items"]["properties"]["sender"]["enum"])
    assert contract.URGENCIES == ("immediate", "high", "standard")  # most urgent first: the queue's order
    assert contract.OPEN_STATUSES == ("collecting", "waiting", "claimed")


def test_every_status_has_its_transitions():
    assert set(handoffs._ALLOWED_FROM) == set(contract.HANDOFF_STATUSES)
    assert {s for sources in handoffs._ALLOWED_FROM.values() for s in sources} <= set(contract.HANDOFF_STATUSES)
