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
