"""What every channel checks before a message reaches Rasa: hostile until validated.

One lone surrogate in a sender id once made Rasa's SQL tracker store take an encoding error for
a missing schema and exit, taking the helpline down; a JSON body that is not an object gave a
500; `{"message": null}` (rasa-webchat's default first frame) raised in the website channel.
So: text is valid UTF-8 with control characters removed and a bounded length; a sender id is a
short token of safe characters; a website session id (server-signed, connectors/website.py) is
never accepted as a REST sender, so nobody can write into someone's chat through REST.

Typed text never speaks Rasa's `/intent{...}@confidence` syntax. Rasa's RegexMessageHandler, the
last step of every parse, obeys any text whose stripped form starts with "/" (shared.constants
INTENT_MESSAGE_PREFIX): `/request_human` or `/immediate_danger` skipped every gate, `/greet@0.99`
forced a confidence, `/restart` wiped a conversation with an open concern intake. So a message
whose first character would be "/" by the time that handler reads it gets an invisible WORD JOINER
(U+2060) in front: the classifiers read it as ordinary text, the slash stays, and the transcript
reads exactly as typed (the only change is that one invisible character). Only payloads of this
bot's own buttons may keep the syntax (ALLOWED_PAYLOADS); the domain has no buttons, so none.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, FrozenSet, Optional

from rasa.shared.constants import INTENT_MESSAGE_PREFIX

from bot.nlu.message_guard import clean_text as nlu_view

MAX_TEXT_CHARS = 5000  # longer is cut (the NLU reads the first 600; the tracker keeps this much)
SENDER = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
WEBSITE_SESSION = re.compile(r"^[A-Za-z0-9_-]{20,64}\.[0-9a-f]{32}$")  # token.signature, issued by the website channel
KEPT_CONTROLS = {"\n", "\t"}
# Button payloads in this bot's replies that may reach Rasa as `/intent`: domain/*.yml and
# domain/localized/ have no buttons, so none (tests/connectors/test_edge.py checks the domain).
ALLOWED_PAYLOADS: FrozenSet[str] = frozenset()
# Invisible, not white space (str.strip() and MessageGuard keep it), not a control character.
NEUTRALISER = "\u2060"


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


def reads_as_intent_syntax(text: str) -> bool:
    """Whether Rasa would take `text` as `/intent` syntax: its RegexMessageHandler checks the text
    after the NLU pipeline, and MessageGuard (first in config.yml) strips markup, decodes entities and
    trims, so `<b></b>/restart` and `&#47;restart` count as well as ` /restart`."""
    return text.strip().startswith(INTENT_MESSAGE_PREFIX) or nlu_view(text, len(text) + 1).startswith(INTENT_MESSAGE_PREFIX)


def without_intent_syntax(text: str) -> str:
    """The text as ordinary words for the NLU: an allowed button payload unchanged, anything that
    reads as `/intent` syntax with the invisible NEUTRALISER in front, everything else unchanged."""
    if text in ALLOWED_PAYLOADS or not reads_as_intent_syntax(text):
        return text
    return NEUTRALISER + text


def message_text(value: Any) -> Optional[str]:
    """What a channel passes to Rasa as the user's text: clean_text, then without_intent_syntax
    (in that order, so a control character cannot hide a leading slash); None if it is not text."""
    text = clean_text(value)
    return None if text is None else without_intent_syntax(text)
