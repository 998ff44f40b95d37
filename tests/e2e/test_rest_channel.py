"""The bot as a professional meets it: the real Rasa server and action server, over HTTP."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from bot import content
from tests.e2e.chat import Conversation, post

pytestmark = pytest.mark.e2e

CONTACTS = content.load_contacts()
# each topic's facets as a professional reads them (a question gets the one it asks for)
FACETS = {name: {content.render(f.text, CONTACTS).strip() for f in t.facets} for name, t in content.load_faq_topics().items()}
ANSWERS = {name: content.render(t.answer, CONTACTS).strip() for name, t in content.load_faq_topics().items()}

QUESTIONS = {
    "hi do schools have to get the childs consent before an nrm referral": "nrm_consent_children",
    "what actually is county lines": "criminal_exploitation_county_lines",
    "whats the helpline phone number": "ctac_contact",
    "can a GP practice submit an NRM referral itself or not": "first_responders",
    "physical signs a child has been trafficked?": "signs_physical",
    "what should i know about using interpreters with a trafficked child": "interpreters",
}


@pytest.mark.parametrize("question,topic", QUESTIONS.items())
def test_faq_question_gets_that_topics_answer_or_offers_it_first(bot, question, topic):
    """Answered with one of the topic's facets; where two topics fit about equally (a GP practice
    referring: first responders or how to refer), the topic is the first suggestion instead."""
    replies = post(f"{bot.url}/webhooks/rest/webhook", {"sender": f"q-{abs(hash(question))}", "message": question})
    text = "\n\n".join(r.get("text", "") for r in replies)
    buttons = [b["title"] for r in replies for b in r.get("buttons") or []]
    assert text in FACETS[topic] or (buttons and buttons[0] == content.load_faq_topics()[topic].suggestion), text


def test_model_parse_names_the_contract_labels(bot):
    parse = post(bot.api("/model/parse"), {"text": "what is the national referral mechanism"})
    assert parse["intent"]["name"] == "faq"
    assert parse["response_selector"]["faq"]["response"]["intent_response_key"] == "faq/nrm_what_is"
    assert parse["faq_gate"]["answered"] is True


def test_answers_fill_in_the_helpline_number(bot):
    reply = Conversation(bot.url).reply("how can i contact ctac")
    assert CONTACTS["helpline_phone"] in reply and "{" not in reply


def test_immediate_danger_puts_999_first(bot):
    replies = Conversation(bot.url).say("a girl is locked in a flat right now and the man is coming back tonight")
    assert "999" in replies[0]


def test_a_request_for_a_person_gives_a_reference_phone_and_email(bot):
    reply = Conversation(bot.url).reply("can i speak to a real person please")
    assert "reference number is HO-" in reply
    assert CONTACTS["helpline_phone"] in reply and CONTACTS["helpline_email"] in reply


def test_off_topic_is_declined_politely_with_what_the_bot_covers(bot):
    reply = Conversation(bot.url).reply("whats the weather going to be like in leeds tomorrow")
    assert "I can't help with that" in reply and "child trafficking" in reply


def test_not_understood_twice_offers_a_counsellor_instead_of_guessing(bot):
    chat = Conversation(bot.url)
    first = chat.reply("blorp zzzt qwv")
    second = chat.reply("xkcd flibber wum")
    assert "put that another way" in first
    assert "counsellor" in second and CONTACTS["helpline_phone"] in second


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂🙂🙂", "<script>alert('x')</script><b>what is the nrm</b>", "county lines " * 1600, "/restart", "/nonsense_intent"],
    ids=["empty", "blank", "emoji", "html", "20kB", "slash-command", "unknown-slash-intent"],
)
def test_bad_input_gets_a_reply_and_no_error(bot, text):
    chat = Conversation(bot.url)
    replies = chat.say(text)
    assert replies and all(r.strip() for r in replies), replies
    # and the conversation carries on normally afterwards
    assert chat.reply("what is the nrm") in FACETS["nrm_what_is"]


def test_html_is_never_echoed_back(bot):
    replies = Conversation(bot.url).say("<img src=x onerror=alert(1)> hello")
    assert not any("<img" in r for r in replies)


def test_server_is_still_healthy_after_everything(bot):
    with urllib.request.urlopen(bot.api("/status"), timeout=10) as response:
        assert response.status == 200


def post_raw(url: str, body: bytes) -> int:
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("body", [
    b'{"sender": "\\ud800", "message": "hi"}',  # a lone surrogate once made Rasa exit
    b'[]', b'"hi"', b'42', b'null', b'not json',
    b'{"sender": "me", "message": null}', b'{"sender": "me", "message": 5}', b'{"message": "hi"}',
    b'{"sender": "' + b"x" * 500 + b'", "message": "hi"}',
    b'{"sender": "AbCdEfGhIjKlMnOpQrStUvWxYz012345.0123456789abcdef0123456789abcdef", "message": "hi"}',  # a website id
], ids=["surrogate-sender", "list", "string", "number", "null", "not-json", "null-message", "number-message",
        "no-sender", "long-sender", "website-session-id"])
def test_a_malformed_request_gets_400_and_the_server_keeps_serving(bot, body):
    assert post_raw(bot.url, body) == 400
    with urllib.request.urlopen(bot.api("/status"), timeout=10) as response:
        assert response.status == 200
    assert Conversation(bot.url).reply("what is the nrm") == ANSWERS["nrm_what_is"]


def test_a_lone_surrogate_or_control_characters_in_the_text_are_dropped_not_fatal(bot):
    chat = Conversation(bot.url)
    replies = post(f"{bot.url}/webhooks/rest/webhook", {"sender": chat.sender, "message": "what is the nrm\ud800\x00\x07"})
    assert replies and replies[0]["text"].startswith(ANSWERS["nrm_what_is"].split("\n\n")[0][:40])
