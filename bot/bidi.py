"""Phone numbers that read left to right in plain text, whatever the script around them.

In an Arabic, Persian or Urdu sentence, "0808 800 5000" is three European numbers separated by
spaces; the Unicode bidi algorithm treats those spaces as right-to-left, so a plain-text client
(REST, rasa-webchat, a text message) shows "5000 800 0808" (issue 11). Two remedies:

- NO-BREAK SPACE between the digit groups (the default): U+00A0 is a "common number separator"
  in the bidi algorithm, so 0808 800 5000 becomes one number, shown left to right, and it can
  never be split over two lines. Every renderer handles it; dialers and copy-paste ignore it.
- ISOLATE: U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE around the number.
  Right order, but the number can still wrap between groups, and old renderers draw the
  controls as boxes.

tests/browser/test_plain_text_numbers.py renders all of them in Chromium and measures the digit
groups; it is why NBSP is the default. The website widget and the console isolate numbers
themselves and accept either form.

    keep_numbers_left_to_right("اتصل بالرقم 0808 800 5000 الآن")   # digit groups joined by U+00A0
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
LRI = "\u2066"
PDI = "\u2069"
MODES = ("nbsp", "isolate", "both")

# UK numbers as the bot writes them (domain/contacts.yml): 0808 800 5000, 0800 1111, 08000 121 700,
# 0808 80 10 800, +44 808 800 5000; groups separated by spaces, no-break spaces or hyphens.
_SEPARATOR = "[ \u00a0\u202f-]"
PHONE = re.compile(
    r"(?<![\w\u2066])(?:\+44" + _SEPARATOR + r"?(?:\(0\)" + _SEPARATOR + r"?)?|0)\d{2,5}(?:" + _SEPARATOR + r"\d{2,4}){1,3}(?![\w\u2069])"
)


def _fix(number: str, mode: str) -> str:
    if mode in ("nbsp", "both"):
        number = re.sub(r"[ \u202f]", NBSP, number)
    if mode in ("isolate", "both"):
        number = LRI + number + PDI
    return number


def keep_numbers_left_to_right(text: str, mode: str = "nbsp") -> str:
    """`text` with every UK phone number made to read left to right (see the module docstring).

    Idempotent: applying it twice gives the same text. Numbers with fewer than 8 digits
    (999, 101, years, queue places) are left alone: a single group cannot be reordered.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if not text:
        return text

    def replace(match: re.Match) -> str:
        number = match.group(0)
        if sum(c.isdigit() for c in number) < 8:
            return number
        return _fix(number, mode)

    return PHONE.sub(replace, text)
