"""extract_facts: the structured facts a professional's message states about a child.

Why one dict with fixed keys: the handoff summary (shared/handoff_summary.md) is a
contract read by the console, the webhook, the CLI and case systems, and it says
"unknown is null (or an empty list), never a guess". Every key is always present;
a fact not stated in this message is None or []. Merging facts across the turns
of a conversation, and corrections ("sorry, she's 16 not 15"), are the caller's
job: this function looks at one message only.

It never raises: a bug in one extractor costs that extractor's fields (logged),
not the whole result, and anything that is not a usable string gives the empty
result.
"""

from __future__ import annotations

import copy
import logging
from typing import Any, Callable, Dict

from bot.extraction import age, contact, gender, indicators, nationality, places, reporter, resources
from bot.extraction.text import Message, normalise

logger = logging.getLogger(__name__)

EMPTY_FACTS: Dict[str, Any] = {
    "age": None,
    "age_text": None,
    "age_disputed": None,
    "age_range": None,
    "gender": None,
    "nationality": None,
    "first_language": None,
    "location": None,
    "local_authority": None,
    "moving_to": None,
    "indicators": [],
    "exploitation_types": [],
    "immediate_risk": None,
    "missing": None,
    "reporter_role": None,
    "contact": None,
    "actions_taken": [],
}
FACT_KEYS = tuple(EMPTY_FACTS)


def empty_facts() -> Dict[str, Any]:
    """A fresh result with every key present and nothing stated."""
    return copy.deepcopy(EMPTY_FACTS)


def _safely(name: str, facts: Dict[str, Any], step: Callable[[], Dict[str, Any]]) -> None:
    try:
        facts.update(step())
    except Exception:  # noqa: BLE001 - one broken extractor must not lose the others
        logger.exception("fact extraction step %r failed", name)


def extract_facts(text: object) -> Dict[str, Any]:
    """Facts stated in one message, as a JSON-serialisable dict (see EMPTY_FACTS for the keys)."""
    facts = empty_facts()
    try:
        clean = normalise(text)
        if not clean or not any(ch.isalnum() for ch in clean):
            return facts
        res = resources.get()
        msg = Message.build(clean, res.nlp.make_doc(clean))
    except resources.ResourcesUnavailable:
        logger.debug("fact extraction unavailable (resources failed to build earlier)")
        return facts
    except Exception:  # noqa: BLE001
        logger.exception("fact extraction failed before the extractors ran")
        return facts

    _safely("age", facts, lambda: age.extract(msg))
    _safely("gender", facts, lambda: {"gender": gender.extract(msg)})

    def _nationality() -> Dict[str, Any]:
        nat, language = nationality.extract(msg, res.nationalities)
        return {"nationality": nat, "first_language": language}

    def _place() -> Dict[str, Any]:
        location, authority = places.extract(msg, res.places)
        return {"location": location, "local_authority": authority, "moving_to": places.extract_destination(msg, res.places)}

    _safely("nationality", facts, _nationality)
    _safely("location", facts, _place)
    _safely("indicators", facts, lambda: indicators.extract(msg, res.indicators))
    _safely("reporter_role", facts, lambda: {"reporter_role": reporter.extract_role(msg, res.reporters)})
    _safely("actions_taken", facts, lambda: {"actions_taken": reporter.extract_actions(msg, res.reporters)})
    _safely("contact", facts, lambda: {"contact": contact.extract(clean)})
    return facts
