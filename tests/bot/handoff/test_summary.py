"""The summary a counsellor reads first: right urgency, nothing guessed, valid to the contract."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import jsonschema
import pytest

from bot import project
from bot.handoff.summary import CaseFacts, build_summary, urgency

SCHEMA = json.loads((project.ROOT.parent / "shared" / "handoff_summary.schema.json").read_text())
TRANSCRIPT = [{"sender": "user", "text": "i'm worried about a pupil", "timestamp": "2026-11-28T10:00:00Z", "language": "en"}]


def summary(facts: CaseFacts, reason: str = "raise_concern", language: str = "en") -> dict:
    return build_summary(
        facts, reference="HO-7K2M9Q", conversation_id="c1", reason=reason, language_code=language,
        transcript=TRANSCRIPT, emergency_services_advised=False, created_at=datetime(2026, 11, 28, 10, tzinfo=timezone.utc),
    )


def full_facts() -> CaseFacts:
    return CaseFacts(
        reporter_role="school nurse", reporter_organisation="Oak Academy", reporter_contact="nurse@oak.sch.uk",
        age=15, age_text="says 17, looks younger", age_disputed=True, gender="male", nationality="Romanian",
        first_language="Romanian", location="Croydon", local_authority="London Borough of Croydon",
        indicators=[{"category": "situational", "text": "an older man holds his passport"}],
        exploitation_types=["criminal_exploitation_county_lines"], actions_taken=["told the DSL"],
        reporter_questions=["do I need the child's consent?"],
    )


def test_a_full_summary_validates_against_the_contract_and_reads_plainly():
    doc = summary(full_facts())
    jsonschema.validate(doc, SCHEMA)
    assert doc["urgency"] == "standard" and doc["child"]["age"] == 15 and doc["child"]["age_disputed"] is True
    assert doc["narrative"].startswith("A school nurse from Oak Academy is worried about a 15-year-old Romanian boy in Croydon.")
    assert "an older man holds his passport" in doc["narrative"]


def test_unknown_and_skipped_answers_are_null_never_guessed():
    doc = summary(CaseFacts(gender="not sure", location="skip", nationality="unknown"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["child"] == {k: None for k in doc["child"]}
    assert doc["indicators"] == [] and doc["reporter"] == {"role": None, "organisation": None, "contact": None, "contact_declined": None}


@pytest.mark.parametrize(
    "facts, reason, expected",
    [
        (CaseFacts(immediate_risk=True), "raise_concern", "immediate"),
        (CaseFacts(), "immediate_danger", "immediate"),
        (CaseFacts(missing=True), "raise_concern", "high"),
        (CaseFacts(moving_to="Birmingham"), "raise_concern", "high"),
        (CaseFacts(age=12), "raise_concern", "high"),
        (CaseFacts(age=13), "raise_concern", "standard"),
        (CaseFacts(), "request_human", "standard"),
    ],
)
def test_urgency_follows_the_contract_rules(facts, reason, expected):
    assert urgency(facts, reason) == expected


def test_immediate_always_says_emergency_services_were_advised():
    doc = summary(CaseFacts(immediate_risk=True))
    assert doc["urgency"] == "immediate" and doc["emergency_services_advised"] is True
    assert "999" in doc["narrative"]


def test_a_non_english_conversation_needs_an_interpreter():
    doc = summary(CaseFacts(), language="ro")
    assert doc["language"] == {"code": "ro", "name": "Romanian", "interpreter_needed": True}


def test_a_request_for_a_person_with_no_details_says_so():
    doc = summary(CaseFacts(), reason="request_human")
    jsonschema.validate(doc, SCHEMA)
    assert doc["narrative"] == "The professional asked to speak to a counsellor and gave no details about a child."
