"""Build the handoff summary exactly to the contract in ../shared/handoff_summary.md.

Pure functions: the action server gathers what the professional said (slots, the
transcript), this module turns it into the one JSON document the console, the
webhook, the CLI and any case system read. Unknown is null or an empty list, never
a guess; "skip" and "not sure" answers arrive here as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Optional

from bot.language.registry import language_name
from bot.storage.contract import REASONS
from bot.timestamps import utc_text, utcnow

UNKNOWN_ANSWERS = {"", "unknown", "not sure", "skip", "skipped", "don't know", "dont know", "n/a", "no idea"}


@dataclass
class CaseFacts:
    """What the professional told us, as collected by the triage form (None = not known)."""

    reporter_role: Optional[str] = None
    reporter_organisation: Optional[str] = None
    reporter_contact: Optional[str] = None
    contact_declined: Optional[bool] = None
    age: Optional[int] = None
    age_text: Optional[str] = None
    age_disputed: Optional[bool] = None
    # [low, high] when no single age was given ("10 or 11"): the contract has no field for it (the words
    # stay in age_text), so it serves the under-13 rule only
    age_range: Optional[List[Optional[int]]] = None
    gender: Optional[str] = None
    nationality: Optional[str] = None
    first_language: Optional[str] = None
    location: Optional[str] = None  # where the child is now
    local_authority: Optional[str] = None
    moving_to: Optional[str] = None  # where the child is being taken: the contract's "about to be moved" (high)
    indicators: List[Dict[str, str]] = field(default_factory=list)
    exploitation_types: List[str] = field(default_factory=list)
    immediate_risk: Optional[bool] = None
    missing: Optional[bool] = None
    actions_taken: List[str] = field(default_factory=list)
    reporter_questions: List[str] = field(default_factory=list)
    concern_text: Optional[str] = None  # their answer to "what worries you?", verbatim
    evidence: Dict[str, str] = field(default_factory=dict)  # contract field path -> the words it came from
    danger_after_handoff: bool = False  # a danger message came after the intake ended


def known(value: Any) -> Any:
    """None for the ways people say they don't know; the value otherwise."""
    if isinstance(value, str) and value.strip().lower() in UNKNOWN_ANSWERS:
        return None
    return value


def urgency_with_reasons(facts: CaseFacts, reason: str) -> tuple[str, List[str]]:
    """The contract's rule, with the reasons in plain words: immediate when at risk now; high when
    missing, about to be moved or under 13; otherwise standard. Every reason that applies is listed."""
    reasons = []
    if facts.immediate_risk or (reason == "immediate_danger" and facts.immediate_risk is None):
        reasons.append("child at risk now")
    if facts.danger_after_handoff:
        reasons.append("danger described after the handoff")
    immediate = bool(reasons)
    if facts.missing:
        reasons.append("child missing")
    if known(facts.moving_to):  # "about to be moved": extraction finds where to ("being moved to Birmingham tomorrow")
        reasons.append(f"being moved to {facts.moving_to}")
    age = known(facts.age)
    high_end = facts.age_range[1] if isinstance(facts.age_range, list) and len(facts.age_range) == 2 else None
    if isinstance(age, int) and age < 13 or age is None and isinstance(high_end, int) and high_end < 13:
        reasons.append("under 13")
    level = "immediate" if immediate else "high" if reasons else "standard"
    return level, reasons


def urgency(facts: CaseFacts, reason: str) -> str:
    """immediate: at risk now; high: missing, about to be moved or under 13; otherwise standard."""
    return urgency_with_reasons(facts, reason)[0]


def _child_phrase(facts: CaseFacts) -> str:
    noun = {"female": "girl", "male": "boy"}.get(known(facts.gender) or "", "child")
    parts = []
    if isinstance(known(facts.age), int):
        parts.append(f"{facts.age}-year-old")
    if known(facts.nationality):
        parts.append(str(facts.nationality))
    parts.append(noun)
    phrase = " ".join(parts)
    article = "an" if phrase[0].lower() in "aeiou" or phrase.startswith(("8-", "11-", "18-")) else "a"
    return f"{article} {phrase}"


def narrative(facts: CaseFacts, reason: str) -> str:
    """Two or three plain sentences a counsellor can read in ten seconds, from the facts only."""
    who = known(facts.reporter_role) or "The professional"
    who = who if who == "The professional" else f"A {who}" if who[0].lower() not in "aeiou" else f"An {who}"
    if known(facts.reporter_organisation):
        who += f" from {facts.reporter_organisation}"
    has_child = any(known(v) is not None for v in (facts.age, facts.gender, facts.nationality, facts.location, facts.concern_text)) or facts.indicators
    if reason == "request_human" and not has_child:
        return f"{who} asked to speak to a counsellor and gave no details about a child."
    sentences = [f"{who} is worried about {_child_phrase(facts)}" + (f" in {facts.location}." if known(facts.location) else ".")]
    if known(facts.moving_to):
        sentences.append(f"The child is being taken to {facts.moving_to}.")
    if facts.age_disputed:
        sentences.append(f"The child's age is uncertain ({facts.age_text}).")
    if facts.indicators:
        sentences.append("They report: " + "; ".join(i["text"] for i in facts.indicators[:4]) + ".")
    elif known(facts.concern_text):
        sentences.append(f'In their words: "{facts.concern_text}"')
    if urgency(facts, reason) == "immediate":
        sentences.append("The child may be at risk right now; the bot advised calling 999.")
    elif facts.missing:
        sentences.append("The child has gone missing.")
    if facts.actions_taken:
        sentences.append("Done so far: " + "; ".join(facts.actions_taken) + ".")
    return " ".join(sentences)


def build_summary(
    facts: CaseFacts,
    *,
    reference: str,
    conversation_id: str,
    reason: str,
    language_code: str,
    transcript: List[Dict[str, Any]],
    emergency_services_advised: bool,
    created_at: Optional[datetime] = None,
    status: str = "collecting",
    intake_status: str = "in_progress",
) -> Dict[str, Any]:
    """The contract document (version 2), in the contract's order of importance."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {REASONS}, not {reason!r}")
    level, reasons = urgency_with_reasons(facts, reason)
    age = known(facts.age)
    code = language_code or "en"
    now = utcnow()
    immediate_risk = facts.immediate_risk
    if immediate_risk is None and reason == "immediate_danger":
        immediate_risk = True
    return {
        "reference": reference,
        "conversation_id": conversation_id,
        "created_at": utc_text(created_at or now, whole_seconds=True),
        "updated_at": utc_text(now, whole_seconds=True),
        "status": status,
        "intake_status": intake_status,
        "urgency": level,
        "urgency_reasons": reasons,
        "immediate_risk": immediate_risk,
        "emergency_services_advised": emergency_services_advised or level == "immediate",
        "reason": reason,
        "language": {"code": code, "name": language_name(code), "interpreter_needed": code != "en"},
        "child": {
            "age": age if isinstance(age, int) else None,
            "age_text": known(facts.age_text),
            "age_disputed": facts.age_disputed,
            "gender": known(facts.gender),
            "nationality": known(facts.nationality),
            "first_language": known(facts.first_language),
            "location": known(facts.location),
            "local_authority": known(facts.local_authority),
            "moving_to": known(facts.moving_to),
        },
        "indicators": list(facts.indicators),
        "exploitation_types": list(dict.fromkeys(facts.exploitation_types)),
        "actions_taken": list(facts.actions_taken),
        "reporter": {
            "role": known(facts.reporter_role),
            "organisation": known(facts.reporter_organisation),
            "contact": known(facts.reporter_contact),
            "contact_declined": facts.contact_declined,
        },
        "reporter_questions": list(facts.reporter_questions),
        "narrative": narrative(facts, reason),
        "evidence": dict(facts.evidence),
        "transcript": transcript,
    }
