"""Triage: turn each message of a concern into slot updates (pure; actions/triage.py is the thin Rasa side).

A busy professional often says five facts in one message and answers "skip" to the
rest. So every message is mined for facts (bot.extraction), the question just asked
takes the answer verbatim when extraction finds nothing better, corrections ("sorry,
she's 14") replace earlier facts, a real question is left for the FAQ rules to answer
(and remembered for the counsellor), and risk to the child now triggers 999 advice at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

FORM_SLOTS = [
    "reporter_role", "reporter_contact", "child_age", "child_gender", "child_nationality",
    "child_location", "concern_indicators", "risk_now", "actions_taken",
]
LIST_SLOTS = {"concern_indicators", "actions_taken", "exploitation_types"}
NOT_ANSWERS = {"stop", "request_human"}  # moves the rules handle, never an answer to our question
UNKNOWN = "unknown"

SKIP = re.compile(r"^\s*(skip|pass|not sure|unsure|don'?t know|dont know|no idea|unknown|n/?a|prefer not to say|i'?m not sure)\b", re.I)
YES = re.compile(r"^\s*(yes|yeah|yep|yup|y|i think so|definitely|she is|he is|they are|right now)\b", re.I)
NO = re.compile(r"^\s*(no|nope|n|not right now|not now|i don'?t think so|not today)\b", re.I)
NOTHING_YET = re.compile(r"^\s*(nothing|none|not yet|nothing yet|no(thing)? so far)\b", re.I)
CORRECTION = re.compile(r"\b(sorry|actually|i meant|correction|my mistake|no wait|not \d+)\b", re.I)
QUESTION_START = re.compile(r"^\s*(what|how|who|when|where|why|which|can|could|do|does|is|are|should|would|will)\b", re.I)
BARE_AGE = re.compile(r"^\s*(?:about |around |maybe |roughly )?(\d{1,2})\s*(?:yo|y/o|yrs?|years?(?: old)?)?\s*\.?\s*$", re.I)
GENDER_WORDS = {"female": re.compile(r"\b(girl|female|f|she|young woman)\b", re.I),
                "male": re.compile(r"\b(boy|male|m|he|young man|lad)\b", re.I),
                "non-binary": re.compile(r"\b(non-?binary|nb|they)\b", re.I)}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")

# extraction key -> slot name, for facts that can come at any moment
FACT_SLOTS = {
    "reporter_role": "reporter_role", "contact": "reporter_contact", "age": "child_age", "age_text": "child_age_text",
    "age_disputed": "child_age_disputed", "gender": "child_gender", "nationality": "child_nationality",
    "first_language": "child_first_language", "location": "child_location", "local_authority": "child_local_authority",
    "missing": "child_missing",
}


@dataclass
class TriageStep:
    """What one message changes: slot updates, and replies to send before the next question."""

    updates: Dict[str, Any] = field(default_factory=dict)
    say: List[str] = field(default_factory=list)
    left_for_faq: bool = False


def is_question(text: str, intent: str) -> bool:
    """A question to answer (then come back to the form), not an answer to ours."""
    return intent == "faq" and (text.strip().endswith("?") or bool(QUESTION_START.match(text)))


def _merge_list(current: Any, new_items: List[Any]) -> List[Any]:
    merged = list(current) if isinstance(current, list) else []
    for item in new_items:
        if item not in merged:
            merged.append(item)
    return merged


def _answer(slot: str, text: str, facts: Dict[str, Any]) -> tuple[Any, Optional[str]]:
    """The value for the question just asked, from the answer text; (None, reply) to ask again."""
    text = text.strip()
    if slot == "reporter_contact":
        return (None, "utter_contact_invalid")
    if slot == "child_age":
        bare = BARE_AGE.match(text)
        return (int(bare.group(1)), None) if bare and int(bare.group(1)) <= 25 else (UNKNOWN, None)
    if slot == "child_gender":
        for gender, pattern in GENDER_WORDS.items():
            if pattern.search(text):
                return gender, None
        return text[:60], None
    if slot == "risk_now":
        if YES.match(text):
            return True, None
        if NO.match(text):
            return False, None
        return UNKNOWN, None
    if slot == "actions_taken":
        return ([] if NOTHING_YET.match(text) else [text[:300]]), None
    if slot == "concern_indicators":
        return [], None  # kept verbatim in concern_text; categories only come from extraction
    return text[:200], None  # role, nationality, location: the professional's own words


def triage_step(
    requested_slot: Optional[str],
    text: str,
    intent: str,
    slots: Dict[str, Any],
    facts: Dict[str, Any],
) -> TriageStep:
    """Slot updates for one message during triage."""
    step = TriageStep()
    if intent in NOT_ANSWERS or requested_slot and is_question(text, intent):
        # Nothing to fill: the form steps aside and the rules answer, hand over or stop.
        step.left_for_faq = intent == "faq"
        return step
    correcting = bool(CORRECTION.search(text))

    def put(slot: str, value: Any) -> None:
        if value is None or value == [] and slot not in LIST_SLOTS:
            return
        if slots.get(slot) in (None, UNKNOWN) or correcting:
            step.updates[slot] = value

    for key, slot in FACT_SLOTS.items():
        put(slot, facts.get(key))
    for key, slot in (("indicators", "concern_indicators"), ("exploitation_types", "exploitation_types"), ("actions_taken", "actions_taken")):
        if facts.get(key):
            step.updates[slot] = _merge_list(slots.get(slot), facts[key])

    at_risk = facts.get("immediate_risk") or intent == "immediate_danger"
    if requested_slot == "risk_now" and YES.match(text):
        at_risk = True
    if at_risk:
        step.updates["risk_now"] = True
        if not slots.get("emergency_advised"):
            step.updates["emergency_advised"] = True
            step.say.append("utter_immediate_danger")

    if requested_slot and requested_slot not in step.updates:
        if SKIP.match(text):
            step.updates[requested_slot] = [] if requested_slot in LIST_SLOTS else UNKNOWN
        else:
            value, reply = _answer(requested_slot, text, facts)
            step.updates[requested_slot] = value
            if reply:
                step.say.append(reply)
    if requested_slot == "concern_indicators" and not step.left_for_faq and not SKIP.match(text):
        step.updates["concern_text"] = text.strip()[:500]
    if requested_slot == "reporter_role" and "reporter_role" in step.updates and not slots.get("reporter_organisation"):
        organisation = re.search(r"\b(?:at|from|with|for)\s+(?:a |an |the )?(.+)$", text.strip(), re.I)
        if organisation:
            step.updates["reporter_organisation"] = organisation.group(1)[:120]
    return step
