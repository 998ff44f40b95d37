"""Follow-ups through the real Rasa and action servers: answered from the conversation, never the same text twice."""

from __future__ import annotations

import pytest

from bot.answers.facets import SHOWN_SLOT
from tests.e2e.chat import Conversation
from tests.e2e.test_rest_channel import FACETS

pytestmark = pytest.mark.e2e


def answered_topic(chat: Conversation) -> str:
    """The topic of the facet the bot answered with last (actions/answer.py records it)."""
    shown = chat.tracker()["slots"].get(SHOWN_SLOT) or []
    return shown[-1].split("/")[0] if shown else ""


def no_intake(chat: Conversation) -> bool:
    tracker = chat.tracker()
    return not (tracker.get("active_loop") or {}).get("name") and not tracker["slots"].get("handoff_reference")


def test_and_in_scotland_after_an_nrm_answer_is_about_scotland(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    first = chat.reply("so what's this nrm thing")
    assert first in FACETS["nrm_what_is"]
    second = chat.reply("and in scotland?")
    assert second != first and second in FACETS["scotland"] | FACETS["nrm_what_is"]
    assert "Scotland" in second
    assert no_intake(chat)


def test_what_if_they_are_19_after_the_consent_answer_gives_the_adult_rule(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    chat.reply("do children have to consent to an nrm referral")
    assert answered_topic(chat) == "nrm_consent_children"
    reply = chat.reply("what if they're 19?")
    assert answered_topic(chat) == "adult_victims"
    assert "18" in reply and "consent" in reply
    assert no_intake(chat)


def test_who_can_then_after_a_school_cannot_refer_names_the_first_responders(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    chat.reply("can a school make an nrm referral itself")
    reply = chat.reply("who can then?")
    assert "police" in reply.lower() and "local authorit" in reply.lower()
    assert no_intake(chat)


def test_the_same_question_twice_gets_more_not_the_same_text(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    first = chat.reply("what is the national referral mechanism")
    again = chat.reply("sorry, what is the nrm again?")
    assert first != again and again in FACETS["nrm_what_is"]


def test_an_adult_victim_gets_the_modern_slavery_helpline_and_no_case(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("what's the number for the modern slavery helpline")
    assert "08000 121 700" in reply
    assert no_intake(chat)


def test_a_question_that_only_asks_never_starts_the_concern_form(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("im a teacher, what are the signs a child is being trafficked? we had training but i forgot")
    assert reply in FACETS["signs_general"] | FACETS["signs_behavioural"] | FACETS["signs_situational"]
    assert no_intake(chat)


def test_thanks_with_a_follow_up_question_is_answered_not_welcomed(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    first = chat.reply("so what's this nrm thing")
    reply = chat.reply("cheers. and in scotland?")
    assert reply != first and "Scotland" in reply
    assert "welcome" not in reply.lower()
    assert no_intake(chat)


def test_two_questions_about_one_topic_get_both_facets(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    chat.reply("what's a reasonable grounds decision")
    reply = chat.reply("who makes it and what's the test these days?")
    assert "Single Competent Authority" in reply and "objective factors" in reply
    assert reply.count("Next step") == 1
    assert no_intake(chat)
