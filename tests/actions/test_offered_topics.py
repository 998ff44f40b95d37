"""Which topics the bot's last reply offered as buttons, read from the conversation."""

from actions.answer import offered_topics
from bot.answers.facets import Facet

FACETS = {
    "training": [Facet("training", "overview", "...", suggestion="Does the NSPCC offer training?")],
    "ctac_services": [Facet("ctac_services", "overview", "...", suggestion="What does CTAC do?")],
}
OFFER = {"event": "bot", "text": "Did you mean one of these?", "data": {"buttons": [
    {"title": "What does CTAC do?", "payload": "What does CTAC do?"},
    {"title": "Does the NSPCC offer training?", "payload": "Does the NSPCC offer training?"},
    {"title": "Something else", "payload": "something else"}]}}


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def test_the_buttons_of_the_reply_to_the_previous_message_are_the_offered_topics():
    assert offered_topics([user("does ctac train staff"), OFFER, user("is it cpd certified")], FACETS) == ["ctac_services", "training"]


def test_an_offer_further_back_is_not_context_any_more():
    events = [user("does ctac train staff"), OFFER, user("ok"), {"event": "bot", "text": "What next?"}, user("is it cpd certified")]
    assert offered_topics(events, FACETS) == []
