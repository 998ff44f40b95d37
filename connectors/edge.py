"""What every channel checks before a message reaches Rasa: hostile until validated.

One lone surrogate in a sender id once made Rasa's SQL tracker store take an encoding error for
a missing schema and exit, taking the helpline down; a JSON body that is not an object gave a
500; `{"message": null}` (rasa-webchat's default first frame) raised in the website channel.
So: text is valid UTF-8 with control characters removed and a bounded length; a sender id is a
short token of safe characters; a website session id (server-signed, connectors/website.py) is
never accepted as a REST sender, so nobody can write into someone's chat through REST.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Optional

MAX_TEXT_CHARS = 5000  # longer is cut (the NLU reads the first 600; the tracker keeps this much)
SENDER = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
WEBSITE_SESSION = re.compile(r"^[A-Za-z0-9_-]{20,64}\.[0-9a-f]{32}$")  # token.signature, issued by the website channel
KEPT_CONTROLS = {"\n", "\t"}


def clean_text(value: Any) -> Optional[str]:
    """The message text made safe (no lone surrogates or control characters, bounded), or None if it is not text."""
    if not isinstance(value, str):
        return None
    kept = "".join(
        ch for ch in value
        if not 0xD800 <= ord(ch) <= 0xDFFF and (ch in KEPT_CONTROLS or unicodedata.category(ch) != "Cc")
    )
    return kept[:MAX_TEXT_CHARS]


def valid_rest_sender(value: Any) -> bool:
    """A REST sender id: a short safe token, and not a website session id."""
    return isinstance(value, str) and bool(SENDER.match(value)) and not WEBSITE_SESSION.match(value)
