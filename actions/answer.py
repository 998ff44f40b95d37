"""Answer a question with the facet it asks for, remembering what this conversation has been shown.

The choice itself is pure (bot/answers/choose.py); this module reads the conversation (the latest
parse, the facets shown so far in the `answers_shown` slot), sends the facet with the contacts
filled in, and records it. Every path that answers a question uses it: a question on its own
(rules: faq -> action_answer), a follow-up the classifier was unsure of (actions/fallback.py), a
question asked mid-intake (actions/triage.py) and one asked while waiting for a counsellor
(actions/handoff.py).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.choose import choose, second_facet
from bot.answers.facets import SHOWN_SLOT, Facet, facets_by_topic
from bot.content import render
from bot.language.questions import question_after_pleasantry

logger = logging.getLogger(__name__)

KEEP_SHOWN = 12


NEXT_STEP = "Next step:"


def next_step(text: str) -> str:
    """A facet's closing "Next step: ..." paragraph ("" if it has none)."""
    last = text.rsplit("\n\n", 1)[-1]
    return last if last.startswith(NEXT_STEP) else ""


def with_one_next_step(texts: List[str]) -> List[str]:
    """Facets sent together end with one next step, the first facet's (the main question's), not one each."""
    step = next_step(texts[0])
    if len(texts) < 2 or not step:
        return texts
    bare = [text[: len(text) - len(next_step(text))].rstrip() for text in texts]
    return bare[:-1] + [f"{bare[-1]}\n\n{step}"]


def offered_topics(events: List[Dict[Text, Any]], facets: Mapping[str, Sequence[Facet]]) -> List[str]:
    """The topics whose suggested questions the bot's reply to the previous message offered as buttons."""
    by_question = {f.suggestion: topic for topic, topic_facets in facets.items() for f in topic_facets if f.suggestion}
    users = 0
    for event in reversed(events):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                break
        elif event.get("event") == "bot" and users == 1:
            buttons = (event.get("data") or {}).get("buttons") or []
            titles = [str(b.get("title")) for b in buttons if isinstance(b, dict)]
            return [by_question[title] for title in titles if title in by_question]
    return []


def answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], sure: bool = True
) -> Optional[List[Dict[Text, Any]]]:
    """Send the facet this message asks for and return the events that remember it; None if unclear."""
    message = tracker.latest_message or {}
    shown = [str(key) for key in tracker.get_slot(SHOWN_SLOT) or []]
    text = message.get("text") or ""
    asked = question_after_pleasantry(text) or text  # "cheers. and in Wales?" asks "and in Wales?"
    facets = facets_by_topic(domain.get("responses") or {})
    choice = choose(asked, message, facets, shown, sure, offered_topics(tracker.events, facets))
    if choice is None:
        return None
    # "who makes it and what's the test?": the other half's facet of the same topic, after the first
    answered = [choice.facet] + [f for f in [second_facet(asked, choice.facet, facets)] if f]
    logger.info("answered %s (%s, %.2f)", "+".join(f.key for f in answered), choice.because, choice.score)
    contacts = {name: str(value) for name, value in tracker.slots.items() if isinstance(value, str)}
    for text in with_one_next_step([render(facet.text, contacts) for facet in answered]):
        dispatcher.utter_message(text=text)
    return [SlotSet(SHOWN_SLOT, (shown + [f.key for f in answered])[-KEEP_SHOWN:])]


class ActionAnswer(Action):
    """A FAQ question: its topic's facet, never the same text twice in a row."""

    def name(self) -> Text:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        events = answer(dispatcher, tracker, domain)
        if events is None:  # a faq label without a ranking: cannot happen with our classifier; never silent
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        return events
