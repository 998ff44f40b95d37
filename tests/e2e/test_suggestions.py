"""Ask instead of refusing: an unsure bot offers the likeliest questions as buttons, and a click is answered."""

from __future__ import annotations

import pytest

from bot import content
from tests.e2e.chat import post
from tests.e2e.test_rest_channel import ANSWERS

pytestmark = pytest.mark.e2e
TOPICS = content.load_faq_topics()


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_suggested_question_is_answered_as_its_own_topic(bot, topic):
    parse = post(bot.api("/model/parse"), {"text": TOPICS[topic].suggestion})
    assert parse["intent"]["name"] == "faq"
    assert parse["response_selector"]["faq"]["response"]["intent_response_key"] == f"faq/{topic}"


def say(bot, sender: str, text: str) -> list[dict]:
    return post(f"{bot.url}/webhooks/rest/webhook", {"sender": sender, "message": text})


def test_an_unsure_reply_offers_buttons_with_the_number_and_a_click_gets_that_answer(bot):
    sender = "suggest-round-trip"
    [reply] = say(bot, sender, "nrm stuff")
    assert reply["text"].startswith("I'm not sure I understood. Did you mean one of these?")
    assert "0808 800 5000" in reply["text"] and "999" in reply["text"]
    titles = [b["title"] for b in reply["buttons"]]
    assert titles[0] == TOPICS["nrm_what_is"].suggestion and titles[-1] == "Something else"
    clicked = reply["buttons"][0]["payload"]
    assert "\n\n".join(m["text"] for m in say(bot, sender, clicked)) == ANSWERS["nrm_what_is"]


def test_nothing_plausible_still_asks_to_rephrase(bot):
    [reply] = say(bot, "suggest-nothing", "asdfgh qwerty zxcvb")
    assert reply["text"].startswith("I'm not sure I understood. Could you put that another way?")
    assert not reply.get("buttons")
