"""What the bot does when it is not sure what was asked.

A short follow-up the classifier could not place on its own ("and in Scotland?", "who can then?")
is often clear from the conversation: then it is answered (actions/answer.py). Otherwise: a wrong
confident answer is worse than none, but a refusal helps nobody either. So the first
time, if some topics are plausible (bot/nlu/suggestions.py), offer them as buttons (each the
topic's own suggested question, so a click is answered for certain), with "something else" and
the helpline's phone and email; if none is, ask the person to rephrase. If the next message is
not understood either, stop guessing and offer a counsellor with the phone and email.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer
from bot.nlu.suggestions import likeliest_topics

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"  # says what the bot covers, unless the conversation shows it is a follow-up
SOMETHING_ELSE = {"title": "Something else", "payload": "something else"}


def suggested_questions(parse: Dict[Text, Any], domain: Dict[Text, Any]) -> List[str]:
    """The likeliest topics' suggested questions (from each answer's metadata), likeliest first."""
    responses = domain.get("responses") or {}
    questions = []
    for label in likeliest_topics(parse):
        variations = responses.get(f"utter_{label}") or [{}]
        question = (variations[0].get("metadata") or {}).get("suggestion")
        if question:
            questions.append(question)
    return questions


def consecutive_fallbacks(events: Iterable[Dict[Text, Any]]) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionFallback(Action):
    """A follow-up the conversation explains is answered; otherwise suggest or rephrase once, then offer a person."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        followed_up = answer(dispatcher, tracker, domain, sure=False)
        if followed_up is not None:
            return followed_up
        if ((tracker.latest_message or {}).get("intent") or {}).get("name") == OUT_OF_SCOPE:
            dispatcher.utter_message(response="utter_out_of_scope")
        elif consecutive_fallbacks(tracker.events) <= 1:
            questions = suggested_questions(tracker.latest_message or {}, domain)
            if questions:
                buttons = [{"title": q, "payload": q} for q in questions] + [SOMETHING_ELSE]
                dispatcher.utter_message(response="utter_suggest", buttons=buttons)
            else:
                dispatcher.utter_message(response="utter_ask_rephrase")
        else:
            dispatcher.utter_message(response="utter_fallback_offer_counsellor")
        return []
