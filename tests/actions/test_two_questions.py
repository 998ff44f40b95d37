"""Two questions about one topic in one message: both answered, with one next step at the end."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import ActionAnswer

STEP = "Next step: call us on {helpline_phone}."
WHO_STEP = "Next step: to check who decides in your area, call us on {helpline_phone}."
DOMAIN = {"responses": {
    "utter_faq/nrm_what_is": [
        {"text": f"The NRM is the UK framework.\n\n{STEP}", "metadata": {"facet": "overview", "asks": ["what is"]}},
        {"text": f"RG: the test is objective factors.\n\n{STEP}", "metadata": {"facet": "decisions", "asks": ["test", "reasonable grounds"]}},
        {"text": f"The Single Competent Authority decides.\n\n{WHO_STEP}", "metadata": {"facet": "who_decides", "asks": ["who makes", "who decides"]}},
    ],
}}


def _reply(text: str) -> tuple[list[dict], list[dict]]:
    latest = {"text": text, "intent": {"name": "faq", "confidence": 0.9},
              "response_selector": {"faq": {"ranking": [{"intent_response_key": "faq/nrm_what_is", "confidence": 0.9}]}}}
    tracker = Tracker("t", {"answers_shown": ["nrm_what_is/overview"], "helpline_phone": "0800 000 0000"}, latest,
                      [{"event": "user", "text": text, "parse_data": latest}], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def test_who_and_what_in_one_message_get_both_facets_and_one_next_step():
    messages, events = _reply("who makes it and what's the test these days?")
    texts = [m["text"] for m in messages]
    assert texts[0].startswith("The Single Competent Authority") and texts[1].startswith("RG: the test")
    # one next step, the main question's, at the end
    assert "".join(texts).count("Next step") == 1 and texts[1].endswith("who decides in your area, call us on 0800 000 0000.")
    assert events[0]["value"][-2:] == ["nrm_what_is/who_decides", "nrm_what_is/decisions"]


def test_one_question_gets_one_bubble():
    messages, _ = _reply("who makes the decision")
    assert len(messages) == 1
