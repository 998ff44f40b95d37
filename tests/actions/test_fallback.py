import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback, consecutive_fallbacks


def _user(intent: str) -> dict:
    return {"event": "user", "text": "?", "parse_data": {"intent": {"name": intent}}}


def _run(events: list[dict]) -> list[str]:
    tracker = Tracker("t", {}, {}, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFallback().run(dispatcher, tracker, {}))
    return [m["response"] for m in dispatcher.messages]


def test_counts_only_the_latest_run_of_fallbacks():
    events = [_user("nlu_fallback"), _user("faq"), _user("nlu_fallback"), {"event": "bot"}, _user("nlu_fallback")]
    assert consecutive_fallbacks(events) == 2


def test_first_misunderstanding_asks_to_rephrase():
    assert _run([_user("greet"), _user("nlu_fallback")]) == ["utter_ask_rephrase"]


def test_second_misunderstanding_in_a_row_offers_a_counsellor():
    assert _run([_user("nlu_fallback"), {"event": "bot"}, _user("nlu_fallback")]) == ["utter_fallback_offer_counsellor"]


DOMAIN = {"responses": {
    "utter_faq/scotland": [{"text": "...", "metadata": {"suggestion": "How does it work in Scotland?"}}],
    "utter_faq/nrm_what_is": [{"text": "...", "metadata": {"suggestion": "What is the National Referral Mechanism?"}}],
}}


def _unsure(ranking: list[tuple[str, float]]) -> dict:
    return {"event": "user", "text": "nrm up north?", "parse_data": {
        "intent": {"name": "nlu_fallback"},
        "response_selector": {"faq": {"ranking": [{"intent_response_key": k, "confidence": c} for k, c in ranking]}},
    }}


def _run_with_buttons(events: list[dict]) -> list[dict]:
    tracker = Tracker("t", {}, events[-1]["parse_data"], events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFallback().run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages


def test_when_unsure_but_some_topics_are_plausible_it_offers_their_questions_as_buttons():
    [message] = _run_with_buttons([_unsure([("faq/scotland", 0.45), ("faq/nrm_what_is", 0.3), ("faq/wales", 0.05)])])
    assert message["response"] == "utter_suggest"
    assert [b["title"] for b in message["buttons"]] == ["How does it work in Scotland?", "What is the National Referral Mechanism?",
                                                       "Something else"]
    assert all(b["payload"] == b["title"] or b["title"] == "Something else" for b in message["buttons"])  # plain text, never /intent


def test_when_nothing_is_plausible_it_asks_to_rephrase():
    [message] = _run_with_buttons([_unsure([("faq/scotland", 0.1)])])
    assert message["response"] == "utter_ask_rephrase" and not message.get("buttons")
