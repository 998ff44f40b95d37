"""A handoff summary and transcript that satisfy ../shared/handoff_summary.schema.json, for tests."""

from __future__ import annotations

import copy
from typing import Any, Optional

EXAMPLE_SUMMARY: dict[str, Any] = {
    "reference": "HO-7K2M9Q",
    "conversation_id": "conv-1",
    "created_at": "2026-11-23T18:12:00Z",
    "status": "waiting",
    "urgency": "standard",
    "immediate_risk": None,
    "emergency_services_advised": False,
    "reason": "raise_concern",
    "language": {"code": "en", "name": "English", "interpreter_needed": False},
    "child": {
        "age": 15,
        "age_text": "says 17, looks younger",
        "age_disputed": True,
        "gender": "male",
        "nationality": "Romanian",
        "first_language": "Romanian",
        "location": "Croydon",
        "local_authority": "London Borough of Croydon",
    },
    "indicators": [
        {"category": "situational", "text": "an older man holds his passport"},
        {"category": "behavioural", "text": "has gone missing twice this month"},
    ],
    "exploitation_types": ["criminal_exploitation_county_lines"],
    "actions_taken": ["told the DSL"],
    "reporter": {"role": "school nurse", "organisation": "Oak Academy", "contact": "nurse@oak.sch.uk"},
    "reporter_questions": ["do I need the child's consent?"],
    "narrative": "A school nurse from Oak Academy is worried about a 15-year-old Romanian boy in Croydon.",
}

EXAMPLE_TRANSCRIPT: list[dict[str, Any]] = [
    {"sender": "user", "text": "I'm worried about a pupil", "timestamp": "2026-11-23T18:10:00Z", "language": "en"},
    {"sender": "bot", "text": "I can put you through to a counsellor.", "timestamp": "2026-11-23T18:10:01Z",
     "language": "en"},
    {"sender": "user", "text": "yes please", "timestamp": "2026-11-23T18:11:30Z", "language": "en"},
]


def summary(
    reference: str = "HO-7K2M9Q",
    conversation_id: Optional[str] = None,
    urgency: str = "standard",
    created_at: str = "2026-11-23T18:12:00Z",
    **changes: Any,
) -> dict[str, Any]:
    """A fresh copy of the example (conversation_id defaults to one per reference)."""
    document = copy.deepcopy(EXAMPLE_SUMMARY)
    document.update(
        reference=reference,
        conversation_id=conversation_id or f"conv-{reference}",
        urgency=urgency,
        created_at=created_at,
        **changes,
    )
    if urgency == "immediate":
        document.update(immediate_risk=True, emergency_services_advised=True)
    return document


def transcript() -> list[dict[str, Any]]:
    return copy.deepcopy(EXAMPLE_TRANSCRIPT)
