"""The frozen evaluation's grading: what counts as a right answer and a right follow-up."""

from __future__ import annotations

import yaml

from bot.evaluation.frozen import FROZEN, accepted, as_label, check_turn, labels


def test_topics_become_faq_labels_and_intents_stay_as_they_are():
    assert as_label("scotland") == "faq/scotland"
    assert as_label("raise_concern") == "raise_concern"
    assert accepted({"intent": "faq", "topic": "nrm_what_is", "also": "scotland"}) == {"faq/nrm_what_is", "faq/scotland"}
    assert accepted({"intent": "request_human"}) == {"request_human"}


def test_what_the_bot_acted_on_is_read_from_the_parse():
    parse = {"intent": {"name": "faq"}, "intent_ranking": [{"name": "faq"}, {"name": "greet"}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/wales"}}}}
    assert labels(parse) == ("faq/wales", "faq/wales")
    gated = {"intent": {"name": "nlu_fallback"}, "intent_ranking": [{"name": "nlu_fallback"}, {"name": "faq"}],
             "response_selector": {"faq": {"response": {"intent_response_key": "faq/wales"}}}}
    assert labels(gated) == ("faq/wales", "nlu_fallback")


def test_a_follow_up_must_answer_its_topic_mention_its_facts_and_not_repeat_itself():
    turn = {"topic": "scotland", "must_mention": ["social work"], "must_not": ["repeat the previous answer"]}
    assert check_turn(turn, "In Scotland, social work leads.", "The NRM is...", "faq/scotland", False) == []
    problems = check_turn(turn, "The NRM is...", "The NRM is...", "faq/nrm_what_is", False)
    assert "repeated the previous answer" in problems and any("social work" in p for p in problems)
    assert check_turn({"topic": "wales", "must_not": ["start a concern form"]}, "ok", None, "faq/wales", True) == ["started a concern form"]


def test_the_frozen_sets_load_and_use_only_labels_the_bot_knows():
    messages = yaml.safe_load((FROZEN / "messages.yml").read_text())["messages"]
    cases = yaml.safe_load((FROZEN / "followups.yml").read_text())["cases"]
    assert len(messages) >= 300 and len(cases) >= 60
    assert all(as_label(m["topic"]).startswith("faq/") for m in messages if m.get("intent") == "faq")
