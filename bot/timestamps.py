"""UTC timestamps, the one way the project writes and reads them.

Why one module: the contract (../shared/handoff_summary.md) says every timestamp is UTC,
ISO 8601 with a Z ("2026-11-23T18:12:00Z"), and the summary, the transcript, the database
and the console all read each other's timestamps. Written three ways by hand, an 18:00
handoff once risked turning into a 19:00 one; here there is one writer and one reader.

A leaf module (only the standard library), so storage, the handoff rules and the actions
can all use it without importing each other.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional


def utcnow() -> datetime:
    """Now, timezone-aware in UTC (every timestamp in the database is UTC)."""
    return datetime.now(timezone.utc)


def parse_timestamp(value: Any) -> datetime:
    """An aware UTC datetime from ISO 8601 text ("...Z" too), epoch seconds (Rasa) or a datetime.

    Naive values are taken as UTC: the bot records UTC everywhere.
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        result = datetime.fromtimestamp(value, tz=timezone.utc)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 timestamp: {value!r}") from None
    else:
        raise ValueError(f"not a timestamp: {value!r}")
    return result.replace(tzinfo=timezone.utc) if result.tzinfo is None else result.astimezone(timezone.utc)


def utc_text(moment: Any, *, whole_seconds: bool = False) -> str:
    """The contract's form: UTC, ISO 8601, Z ("2026-11-23T18:12:00Z"), from anything parse_timestamp reads.

    `whole_seconds` drops the fraction, as the summary's own times and Rasa's message times are
    written; stored times keep theirs, so a message key computed from them stays the same.
    """
    value = parse_timestamp(moment)
    if whole_seconds:
        value = value.replace(microsecond=0)
    return value.isoformat().replace("+00:00", "Z")


def format_timestamp(value: Optional[datetime]) -> Optional[str]:
    """utc_text for a column that may be empty: None stays None."""
    return None if value is None else utc_text(value)
