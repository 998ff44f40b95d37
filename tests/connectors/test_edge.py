"""Typed text never reaches Rasa as `/intent{...}@confidence` syntax (connectors/edge.py).

Checked against Rasa's own RegexMessageHandler with the real domain, after MessageGuard's cleaning
as the pipeline does it, so the test fails if either Rasa or MessageGuard changes what they read.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import project
from bot.nlu.message_guard import clean_text as message_guard
from connectors.edge import ALLOWED_PAYLOADS, NEUTRALISER, message_text, reads_as_intent_syntax

INJECTED = [
    "/request_human",
    "/immediate_danger",
    '/faq/nrm_what_is{"x":1}',
    '/faq{"x":1}',
    "/greet@0.99",
    "/restart",
    "/session_start",
    "/back",
    '/raise_concern@1.0{"child_age": "9"}',
    " /affirm",
    "\t\n/deny",
    "\u00a0/restart",  # a no-break space is white space to str.strip()
    "\x00/restart",  # a control character, removed by clean_text before the check
    "<b></b>/request_human",  # MessageGuard strips markup before the regex handler reads the text
    "<p>\n</p> /immediate_danger",
    "&#47;immediate_danger",  # ... and decodes entities
    "&sol;greet",
    "&#32;/restart",
]
# Rasa 3.6 checks the intent against the domain and ignores a retrieval intent's full name; the edge
# does not rely on that.
IGNORED_BY_RASA = {'/faq/nrm_what_is{"x":1}'}
ORDINARY = ["what is the nrm", "24/7 helpline?", "and/or", "is it 0808 800 5000?", "http://example.org/a", "1/2 of them"]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(project.DOMAIN)


def obeyed_intent(text: str, domain: Domain) -> str | None:
    """The intent Rasa's regex handler would force for this text after MessageGuard, or None."""
    message = Message({TEXT: text})
    message.set(TEXT, message_guard(text, 600))  # what config.yml's first component does
    [handled] = RegexMessageHandler().process([message], domain)
    return (handled.get(INTENT) or {}).get("name")


@pytest.mark.parametrize("typed", [t for t in INJECTED if t not in IGNORED_BY_RASA])
def test_each_injected_form_would_be_obeyed_as_typed(typed, domain):
    """The premise: without the edge, Rasa itself obeys every one of these."""
    assert obeyed_intent(typed.replace("\x00", ""), domain) is not None


@pytest.mark.parametrize("typed", INJECTED)
def test_each_injected_form_reaches_rasa_as_ordinary_text(typed, domain):
    text = message_text(typed)
    assert text.startswith(NEUTRALISER) and text.endswith(typed.strip().replace("\x00", "")[-3:])
    assert obeyed_intent(text, domain) is None


@pytest.mark.parametrize("typed", ORDINARY)
def test_ordinary_text_is_unchanged(typed):
    assert not reads_as_intent_syntax(typed)
    assert message_text(typed) == typed


def test_the_neutraliser_is_invisible_and_survives_stripping():
    assert unicodedata.category(NEUTRALISER) == "Cf" and not NEUTRALISER.isspace()
    assert message_guard(NEUTRALISER + "<b></b>/restart", 600).startswith(NEUTRALISER)
    assert message_text(NEUTRALISER + "/restart") == NEUTRALISER + "/restart"  # not doubled


def test_non_text_is_still_refused():
    assert message_text(None) is None and message_text(5) is None


def button_payloads() -> list[str]:
    """Every button payload in this bot's replies (domain/*.yml and domain/localized/)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "buttons" and isinstance(value, list):
                    found.extend(str(b.get("payload", "")) for b in value if isinstance(b, dict))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(Path(project.DOMAIN).rglob("*.yml")):
        walk(yaml.safe_load(path.read_text()))
    return found


def test_only_this_bots_own_button_payloads_may_keep_the_syntax():
    """The allow-list is exactly the domain's `/intent` button payloads: none today. Adding a button
    with one fails here until it is added to ALLOWED_PAYLOADS (typed, it would be obeyed too)."""
    slash_payloads = {p for p in button_payloads() if p.strip().startswith("/")}
    assert set(ALLOWED_PAYLOADS) == slash_payloads == set()
