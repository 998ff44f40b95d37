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
    assert first.say == ["utter_immediate_danger"] and first.updates["danger_described"] is True
    again = triage_step("risk_now", "yes", "affirm", {"emergency_advised": True}, EMPTY)
    assert again.say == [] and again.updates["risk_now"] is True


def test_an_invalid_contact_is_asked_again():
    step = triage_step("reporter_contact", "call me", "nlu_fallback", {}, EMPTY)
    assert step.updates == {"reporter_contact": None} and step.say == ["utter_contact_invalid"]


def test_the_role_answer_keeps_the_organisation():
    step = triage_step("reporter_role", "DSL at Oak Academy", "nlu_fallback", {}, EMPTY)
    assert step.updates["reporter_role"] == "DSL at Oak Academy" and step.updates["reporter_organisation"] == "Oak Academy"


def test_no_with_a_reason_is_no_even_when_the_classifier_says_danger():
    for answer in ("no, she's safe at school with me", "no he's in school today", "not at the moment", "nope, with foster mum"):
        step = triage_step("risk_now", answer, "immediate_danger", {}, {"immediate_risk": True})
        assert step.updates["risk_now"] is False and step.say == [], answer


def test_a_lone_yes_or_no_in_any_language_states_no_facts_and_no_danger():
    for word in ("po", "jo", "da", "tak", "nie"):
        step = triage_step("child_location", word, "immediate_danger", {}, {"immediate_risk": True, "location": "Po"})
        assert "risk_now" not in step.updates and "child_location" not in {k for k, v in step.updates.items() if v != UNKNOWN}


def test_declining_to_give_a_contact_is_recorded_not_argued_with():
    step = triage_step("reporter_contact", "i'd rather not give my contact details", "deny", {}, EMPTY)
    assert step.updates == {"reporter_contact": UNKNOWN, "contact_declined": True} and step.say == []


def test_an_invalid_contact_is_asked_again_only_once():
    step = triage_step("reporter_contact", "call me", "nlu_fallback", {"contact_reasked": True}, EMPTY)
    assert step.updates == {"reporter_contact": UNKNOWN} and step.say == []


def test_a_question_is_never_stored_as_the_role():
    for text in ("what should i do", "should i call 999 or tell the DSL first?"):
        step = triage_step("reporter_role", text, "raise_concern", {}, EMPTY)
        assert "reporter_role" not in step.updates and step.question == text  # asked once more


def test_goodbye_or_stop_mid_form_ends_the_intake():
    assert triage_step("reporter_contact", "sorry i have to go, bye", "nlu_fallback", {}, EMPTY).ending == "left"
    assert triage_step("child_age", "stop i've changed my mind", "nlu_fallback", {}, EMPTY).ending == "stopped"


def test_a_worry_is_not_turned_into_a_fact():
    facts = {"indicators": [{"category": "exploitation", "text": "he's been trafficked"}]}
    step = triage_step(None, "i'm worried he's been trafficked", "raise_concern", {}, facts)
    assert step.updates["concern_indicators"] == [{"category": "exploitation", "text": "worried that he's been trafficked"}]


def test_every_stated_field_keeps_the_words_it_came_from():
    step = triage_step(None, "she's 14 and in Luton", "raise_concern", {}, {"age": 14, "location": "Luton"})
    assert step.evidence == {"child.age": "she's 14 and in Luton", "child.location": "she's 14 and in Luton"}


def test_only_wanting_information_withdraws_the_case():
    for text in ("no, i only wanted information", "sorry it's a general question, not about a real child"):
        assert triage_step("reporter_role", text, "deny", {}, EMPTY).ending == "withdrawn", text


def test_i_couldnt_tell_is_unknown_not_an_answer():
    assert triage_step("child_gender", "I couldn't tell, they had a hood up", "nlu_fallback", {}, EMPTY).updates == {"child_gender": UNKNOWN}


def test_a_correction_is_neither_danger_nor_an_invalid_answer_to_the_question_asked():
    step = triage_step("reporter_contact", "sorry, she's 12 not 13, I've just checked her record", "immediate_danger",
                       {"child_age": 13}, {"age": 12}, intent_confidence=0.77)
    assert step.updates == {"child_age": 12} and step.say == []


def test_a_label_alone_makes_it_tentative_and_the_risk_question_is_still_asked():
    step = triage_step(None, "her cousin is collecting her from school at 3 today and taking her to London", "immediate_danger",
                       {}, {"moving_to": "London"}, intent_confidence=0.95)
    assert step.updates["danger_described"] is True and "risk_now" not in step.updates
    assert step.say == ["utter_immediate_danger"]


def test_danger_described_in_answer_to_the_risk_question_is_a_yes_with_999():
    step = triage_step("risk_now", "he's just been pushed into a car, they're taking him to Sheffield", "immediate_danger",
                       {}, EMPTY, intent_confidence=0.8)
    assert step.updates["risk_now"] is True and step.say == ["utter_immediate_danger"]


def test_the_risk_answer_alone_decides():
    assert triage_step("risk_now", "not this minute, she's in class until 3", "immediate_danger", {}, EMPTY).updates["risk_now"] is False
    unsure = triage_step("risk_now", "not sure, she's at that house now", "immediate_danger", {}, EMPTY, intent_confidence=0.95)
    assert unsure.updates["risk_now"] == UNKNOWN and unsure.say == []


def test_refusing_a_contact_is_an_answer_even_when_it_sounds_like_stop():
    step = triage_step("reporter_contact", "i'd rather not leave my number, I don't want my name on anything", "stop", {}, EMPTY)
    assert step.updates == {"reporter_contact": UNKNOWN, "contact_declined": True} and step.ending is None


def test_an_adult_is_told_apart_from_a_child():
    from bot.handoff.triage import about_an_adult

    assert about_an_adult("a cleaner at our school, a woman in her thirties, says her boss keeps her passport", {})
    assert not about_an_adult("a man holds the passport of a 15 year old boy", {"age": 15})
    assert not about_an_adult("a young woman on our ward, she won't say her age, a man does all the talking", {})
    assert about_an_adult("he says he's 19 and works at the car wash", {"age": 19})


def test_imminent_harm_or_a_move_is_danger_whatever_the_label():
    from bot.handoff.triage import is_danger

    border = ("Border Force at Stansted - a girl about 14 with a man who says he's her uncle, passport doesn't match, "
              "they're boarding a flight to Dubai in 20 minutes")
    assert is_danger(border, "raise_concern", 0.8, {})
    assert is_danger("acum e în pericol, bărbatul vine să o ia cu mașina în seara asta", "raise_concern", 0.6, {}, "ro")
    assert not is_danger("she has two phones and new trainers", "raise_concern", 0.9, {})


def test_phone_me_on_a_number_answers_the_contact_question():
    step = triage_step("reporter_contact", "phone me on 07700 900789", "request_human", {}, {"contact": "07700 900789"})
    assert step.updates["reporter_contact"] == "07700 900789"


def test_a_yes_no_or_a_story_is_not_a_nationality_or_a_place():
    for text in ("no he's with us in the ambulance now, he's safe", "yes", "she was brought here by a man who said he was her uncle"):
        assert triage_step("child_nationality", text, "nlu_fallback", {}, EMPTY).updates.get("child_nationality") in (UNKNOWN, None), text
    assert triage_step("child_nationality", "eritrean i think", "nlu_fallback", {}, EMPTY).updates["child_nationality"] == "eritrean i think"


def test_a_danger_message_naming_only_the_man_is_never_signposted_away():
    """Strangers' test: "he's outside the school with a man right now" got the adult signpost and no case."""
    from bot.handoff.triage import signposted_as_adult

    text = "he's outside the school with a man right now and she's crying"
    assert not signposted_as_adult(text, {}, "immediate_danger")
    assert signposted_as_adult("a cleaner at our school, a woman in her thirties, says her boss keeps her passport", {}, "raise_concern")
