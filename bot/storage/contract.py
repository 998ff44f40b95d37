"""The handoff summary contract's closed lists, read from the schema itself.

Why read them: statuses, intake statuses, urgencies, reasons and transcript senders are the
contract's words (../shared/handoff_summary.md). The database's CHECK constraints, the
lifecycle rules and the summary builder all use them; copied by hand into each, one copy
drifted. Here they come from the vendored schema (tests/bot/storage/test_schema_copy.py keeps
it equal to ../shared), so a change to the contract reaches every user, and the migrations
test fails until the database follows.

A leaf module (json and pathlib only), imported by models.py and by bot/handoff.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Tuple

# A copy kept beside this module so a clone without ../shared still validates;
# tests/bot/storage/test_schema_copy.py fails when the two drift apart.
VENDORED_SCHEMA = Path(__file__).resolve().parent / "handoff_summary.schema.json"


@lru_cache(maxsize=1)
def _schema() -> Dict[str, Any]:
    schema: Dict[str, Any] = json.loads(VENDORED_SCHEMA.read_text(encoding="utf-8"))
    return schema


def _enum(*path: str) -> Tuple[str, ...]:
    """The `enum` at properties/<path[0]>/.../<path[-1]> of the schema, in the schema's order."""
    node: Dict[str, Any] = _schema()
    for name in path:
        node = node["properties"][name] if name != "items" else node["items"]
    return tuple(node["enum"])


# The lifecycle: collecting while the bot's intake runs, waiting for a counsellor once it
# ends (complete, stopped or left), claimed by one, closed.
HANDOFF_STATUSES = _enum("status")
CLOSED = "closed"
OPEN_STATUSES = tuple(s for s in HANDOFF_STATUSES if s != CLOSED)
INTAKE_STATUSES = _enum("intake_status")
URGENCIES = _enum("urgency")  # most urgent first, as the schema lists them (checked in tests)
REASONS = _enum("reason")
SENDERS = _enum("transcript", "items", "sender")
INDICATOR_CATEGORIES = _enum("indicators", "items", "category")
