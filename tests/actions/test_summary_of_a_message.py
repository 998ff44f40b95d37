"""What one message becomes in the counsellor's summary, through the pure path the actions take:
extract_facts -> triage_step -> facts_of -> build_summary (no tracker, no database)."""

from __future__ import annotations

from typing import Any, Dict

from actions.handoff import facts_of
from bot.extraction import extract_facts
from bot.handoff.summary import build_summary
from bot.handoff.triage import TRIAGE_SLOTS, triage_step


def summary_of(text: str) -> Dict[str, Any]:
    slots: Dict[str, Any] = {name: None for name in TRIAGE_SLOTS}
    step = triage_step(None, text, "raise_concern", slots, extract_facts(text))
    facts = facts_of(lambda name: step.updates.get(name, slots.get(name)), [])
    return build_summary(
        facts, reference="HO-7K2M9Q", conversation_id="c1", reason="raise_concern", language_code="en",
        transcript=[], emergency_services_advised=False,
    )


def test_an_age_range_is_shown_in_the_professionals_words_and_no_single_age_is_guessed():
    child = summary_of("she's about 14 or 15")["child"]
    assert child["age"] is None
    assert "14 or 15" in child["age_text"]


def test_an_age_range_under_13_makes_the_case_high():
    document = summary_of("I'm worried about a girl, she's 10 or 11")
    assert document["child"]["age"] is None
    assert (document["urgency"], document["urgency_reasons"]) == ("high", ["under 13"])


def test_a_child_about_to_be_moved_makes_the_case_high_with_where_to():
    document = summary_of("he is being moved to Birmingham tomorrow")
    assert document["child"]["moving_to"] == "Birmingham"
    assert document["urgency"] == "high"
    assert "being moved to Birmingham" in document["urgency_reasons"]
