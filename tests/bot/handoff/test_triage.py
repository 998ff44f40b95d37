"""How triage treats what a professional types, one message at a time."""

from __future__ import annotations

from bot.handoff.triage import UNKNOWN, triage_step

EMPTY: dict = {}


def test_five_facts_in_one_message_fill_five_slots():
    facts = {"age": 15, "gender": "male", "nationality": "Romanian", "location": "Croydon",
             "indicators": [{"category": "situational", "text": "an older man holds his passport"}]}
    step = triage_step(None, "15yo romanian boy in croydon, an older man holds his passport", "raise_concern", {}, facts)
    assert step.updates["child_age"] == 15 and step.updates["child_nationality"] == "Romanian"
    assert step.updates["child_location"] == "Croydon" and step.updates["child_gender"] == "male"
    assert step.updates["concern_indicators"][0]["category"] == "situational"


def test_skip_and_not_sure_are_unknown_not_guesses():
    assert triage_step("child_age", "skip", "out_of_scope", {}, EMPTY).updates == {"child_age": UNKNOWN}
    assert triage_step("child_gender", "not sure", "out_of_scope", {}, EMPTY).updates == {"child_gender": UNKNOWN}
    assert triage_step("actions_taken", "skip", "out_of_scope", {}, EMPTY).updates == {"actions_taken": []}


def test_a_bare_number_answers_how_old():
    assert triage_step("child_age", "about 14", "nlu_fallback", {}, EMPTY).updates["child_age"] == 14


def test_a_correction_replaces_the_earlier_fact():
    step = triage_step("child_location", "sorry, she's 14", "nlu_fallback", {"child_age": 15}, {"age": 14})
    assert step.updates["child_age"] == 14


def test_without_a_correction_an_earlier_fact_stands():
    step = triage_step("child_location", "Luton", "nlu_fallback", {"child_age": 15}, {"age": 14, "location": "Luton"})
    assert "child_age" not in step.updates and step.updates["child_location"] == "Luton"


def test_a_question_mid_form_is_left_for_the_faq_answer():
    step = triage_step("child_location", "do i need the child's consent for an nrm referral?", "faq", {}, EMPTY)
    assert step.updates == {} and step.left_for_faq


def test_stop_and_asking_for_a_person_are_never_taken_as_answers():
    assert triage_step("child_location", "stop", "stop", {}, EMPTY).updates == {}
    assert triage_step("actions_taken", "can i just talk to someone", "request_human", {}, EMPTY).updates == {}


def test_risk_now_says_999_at_once_and_only_once():
    first = triage_step("child_location", "they're moving her tonight", "immediate_danger", {}, {"immediate_risk": True})
    assert first.say == ["utter_immediate_danger"] and first.updates["risk_now"] is True
    again = triage_step("risk_now", "yes", "affirm", {"emergency_advised": True}, EMPTY)
    assert again.say == [] and again.updates["risk_now"] is True


def test_an_invalid_contact_is_asked_again():
    step = triage_step("reporter_contact", "call me", "nlu_fallback", {}, EMPTY)
    assert step.updates == {"reporter_contact": None} and step.say == ["utter_contact_invalid"]


def test_the_role_answer_keeps_the_organisation():
    step = triage_step("reporter_role", "DSL at Oak Academy", "nlu_fallback", {}, EMPTY)
    assert step.updates["reporter_role"] == "DSL at Oak Academy" and step.updates["reporter_organisation"] == "Oak Academy"
