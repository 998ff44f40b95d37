"""One UTC timestamp form everywhere: what is written reads back as the same moment."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.timestamps import format_timestamp, parse_timestamp, utc_text


def test_the_contract_form_and_back():
    moment = datetime(2026, 11, 23, 19, 12, 0, 500_000, tzinfo=timezone(timedelta(hours=1)))
    assert utc_text(moment, whole_seconds=True) == "2026-11-23T18:12:00Z"
    assert utc_text(moment) == "2026-11-23T18:12:00.500000Z"
    assert parse_timestamp(utc_text(moment)) == moment
    assert utc_text(1795461120.9, whole_seconds=True) == "2026-11-23T19:12:00Z"  # Rasa's epoch seconds
    assert format_timestamp(None) is None


def test_naive_is_utc_and_nonsense_is_refused():
    assert parse_timestamp("2026-11-23T18:12:00") == datetime(2026, 11, 23, 18, 12, tzinfo=timezone.utc)
    with pytest.raises(ValueError):
        parse_timestamp("yesterday")
