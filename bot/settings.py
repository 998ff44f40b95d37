"""Reading a number from the environment: one rule for every setting that is a whole number.

A typo in a setting (HELPLINE_RETENTION_DAYS=forever, HELPLINE_LOG_FILES=0) must stop the
process with a message naming the setting, never quietly turn into another value.
"""

from __future__ import annotations

from typing import Mapping


def whole_number(environ: Mapping[str, str], name: str, default: int, minimum: int, unit: str = "") -> int:
    """`environ[name]` as an int of at least `minimum`, `default` when unset or empty; ValueError otherwise.

    `unit` ("day") words the message: "must be a whole number of days", "at least 1 day".
    """
    value = environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number{f' of {unit}s' if unit else ''}, not {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum}{f' {unit}' if unit else ''}, not {number}")
    return number
