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
import re
from functools import lru_cache
from typing import Any, Callable, Dict, FrozenSet, Optional

from bot.extraction import age, contact, gender, indicators, nationality, places, reporter, resources
from bot.extraction.data_files import load
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
    "organisation": None,
    "contact": None,
    "actions_taken": [],
}
FACT_KEYS = tuple(EMPTY_FACTS)


@lru_cache(maxsize=1)
def countries() -> FrozenSet[str]:
    """Country names (lower case) from nationalities.yml, for 'taking her to Pakistan'."""
    entries = load("nationalities.yml").get("countries") or []
    names = {str(e["country"]).lower() for e in entries}
    for e in entries:
        names |= {str(a).lower() for a in e.get("country_aliases") or []}
    return frozenset(names)


def empty_facts() -> Dict[str, Any]:
    """A fresh result with every key present and nothing stated."""
    return copy.deepcopy(EMPTY_FACTS)


def _safely(name: str, facts: Dict[str, Any], step: Callable[[], Dict[str, Any]]) -> None:
    try:
        facts.update(step())
    except Exception:  # noqa: BLE001 - one broken extractor must not lose the others
        logger.exception("fact extraction step %r failed", name)


LONE_NUMBER = re.compile(r"(?<![\d+£$€.,:/-])(\d{1,2})(?![\d.,:/])")
CHILD_AGES = range(1, 20)


def language_independent_age(text: str) -> Optional[int]:
    """In a language the extractors cannot read, the one number that can be an age ("fetița are 14 ani")."""
    numbers = {int(n) for n in LONE_NUMBER.findall(text or "")}
    ages = [n for n in numbers if n in CHILD_AGES]
    return ages[0] if len(ages) == 1 and len(numbers) == 1 else None


def extract_facts(text: object, language: str = "en") -> Dict[str, Any]:
    """Facts stated in one message, as a JSON-serialisable dict (see EMPTY_FACTS for the keys).

    In another language only what reads the same in any language is reliable (places, phone
    numbers, emails, a lone number as the age); the rest stays for the interpreter, verbatim.
    """
    facts = _extract(text)
    if language != "en" and facts["age"] is None and isinstance(text, str):
        facts["age"] = language_independent_age(text)
    return facts


def _extract(text: object) -> Dict[str, Any]:
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
        destination = places.extract_destination(msg, res.places) or places.country_destination(msg, countries())
        return {"location": location, "local_authority": authority, "moving_to": destination}

    _safely("nationality", facts, _nationality)
    _safely("location", facts, _place)
    _safely("indicators", facts, lambda: indicators.extract(msg, res.indicators))
    _safely("reporter_role", facts, lambda: {"reporter_role": reporter.extract_role(msg, res.reporters)})
    _safely("actions_taken", facts, lambda: {"actions_taken": reporter.extract_actions(msg, res.reporters)})
    _safely("contact", facts, lambda: {"contact": contact.extract(clean)})
    _safely("organisation", facts, lambda: {"organisation": reporter.extract_organisation(clean)})
    return facts
