"""A whole-number setting: its default, its minimum, and a message naming it when it is wrong."""

import pytest

from bot.settings import whole_number


def test_unset_is_the_default_and_a_number_is_read():
    assert whole_number({}, "X", 90, 1) == 90 and whole_number({"X": " 30 "}, "X", 90, 1) == 30


def test_a_typo_or_a_value_below_the_minimum_names_the_setting():
    with pytest.raises(ValueError, match="HELPLINE_RETENTION_DAYS must be a whole number of days, not 'forever'"):
        whole_number({"HELPLINE_RETENTION_DAYS": "forever"}, "HELPLINE_RETENTION_DAYS", 90, 1, unit="day")
    with pytest.raises(ValueError, match="HELPLINE_LOG_FILES must be at least 1, not 0"):
        whole_number({"HELPLINE_LOG_FILES": "0"}, "HELPLINE_LOG_FILES", 5, 1)
