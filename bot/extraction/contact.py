"""The reporter's contact: one valid email address or UK phone number.

Why strict validation: a counsellor may ring or email this back about a child at
risk, so a wrong number is worse than none. Anything that does not validate is
dropped (None), and the helpline's own published numbers and address, which
professionals often quote back, are never taken as the reporter's.

Phone numbers are returned without spaces, dashes, dots or brackets, keeping the
form the reporter used: "07700 900 123" -> "07700900123", "+44 (0)7700 900123" ->
"+447700900123". Accepted: UK mobiles (07, not the 070 personal or 076 pager
ranges, except 07624 Isle of Man) and geographic / non-geographic landlines (01,
02, 03). Rejected: 08/09 (freephone and premium: helplines, not a person), short
codes (101, 999), anything too short or too long.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

EMAIL = re.compile(r"(?<![\w.+%-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)(?![\w-])")
PHONE_CANDIDATE = re.compile(r"(?<![\w+/£$.])(?:\+|00)?\(?\d[\d\s().-]{7,22}\d(?![\w/])")
HELPLINE_EMAILS = {"help@nspcc.org.uk"}
MOBILE = re.compile(r"^07(?:[1-57-9]\d{8}|624\d{6})$")
LANDLINE = re.compile(r"^(?:01\d{8,9}|0[23]\d{9})$")


def validate_email(candidate: str) -> Optional[str]:
    """The address if it is a plausible, deliverable-looking email address, else None."""
    candidate = candidate.strip().strip(".,;:()<>[]\"'")
    m = EMAIL.fullmatch(candidate)
    if not m or len(candidate) > 254:
        return None
    local, domain = m.group(1), m.group(2)
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    labels = domain.split(".")
    if any(not label or label.startswith("-") or label.endswith("-") for label in labels):
        return None
    if not re.fullmatch(r"[A-Za-z]{2,24}", labels[-1]):
        return None
    if candidate.lower() in HELPLINE_EMAILS:
        return None
    return candidate


def normalise_uk_phone(candidate: str) -> Optional[str]:
    """A UK mobile or landline without separators, or None if it is not one."""
    raw = candidate.strip()
    raw = re.sub(r"^(\+44|0044)\s*\(0\)", r"\1", raw)
    if re.search(r"[^\d\s().+-]", raw) or raw.count("+") > 1 or ("+" in raw and not raw.startswith("+")):
        return None
    digits = re.sub(r"[\s().-]", "", raw)
    international = False
    if digits.startswith("+44"):
        national, international = "0" + digits[3:].lstrip("0"), True
    elif digits.startswith("0044"):
        national, international = "0" + digits[4:].lstrip("0"), True
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits
    else:
        return None
    if not (MOBILE.match(national) or LANDLINE.match(national)):
        return None
    return "+44" + national[1:] if international else national


def _candidates(text: str) -> List[Tuple[int, str]]:
    found: List[Tuple[int, str]] = []
    for m in EMAIL.finditer(text):
        email = validate_email(m.group(0))
        if email:
            found.append((m.start(), email))
    for m in PHONE_CANDIDATE.finditer(text):
        phone = normalise_uk_phone(m.group(0))
        if phone:
            found.append((m.start(), phone))
    return sorted(found)


def extract(text: str) -> Optional[str]:
    """The first valid email address or UK phone number in the message, else None."""
    if "@" not in text and not re.search(r"\d{3}", text):
        return None
    found = _candidates(text)
    return found[0][1] if found else None
