"""A yes or no that goes on to ask something is answered from the conversation, not met with "what next?"."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import ActionYesNo

DOMAIN = {"responses": {
    "utter_faq/nrm_consent_children": [
        {"text": "Children need not consent to an NRM referral.", "metadata": {"facet": "overview", "asks": ["consent"]}},
        {"text": "If the child refuses, refer anyway and record their views.",
         "metadata": {"facet": "refuses", "asks": ["says no", "refuse", "doesn't want"]}},
    ],
}}


def _reply(text: str, intent: str) -> list[dict]:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9},
              "response_selector": {"faq": {"ranking": [{"intent_response_key": "faq/nrm_consent_children", "confidence": 0.4}]}}}
    events = [{"event": "bot", "text": "Children need not consent.", "metadata": {"utter_action": "utter_faq/nrm_consent_children"}},
              {"event": "user", "text": text, "parse_data": latest}]
    tracker = Tracker("t", {"answers_shown": ["nrm_consent_children/overview"]}, latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionYesNo().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


def test_ok_but_a_follow_up_question_gets_the_facet_it_asks_for():
    [message] = _reply("ok but what if he says no", "affirm")
    assert message["text"].startswith("If the child refuses")


def test_a_plain_no_outside_the_intake_asks_what_next():
    assert [m["response"] for m in _reply("no thanks", "deny")] == ["utter_what_next"]
