"""Session ids a person cannot guess or forge."""

from __future__ import annotations

from connectors.website import SessionIds


def test_issued_ids_are_random_and_accepted_back():
    ids = SessionIds(b"secret")
    first, second = ids.issue(), ids.issue()
    assert first != second and ids.is_ours(first) and ids.is_ours(second)


def test_made_up_tampered_or_foreign_ids_are_refused():
    ids = SessionIds(b"secret")
    issued = ids.issue()
    assert not ids.is_ours("123")
    assert not ids.is_ours(None)
    assert not ids.is_ours(issued[:-1] + ("0" if issued[-1] != "0" else "1"))
    assert not SessionIds(b"another server").is_ours(issued)
