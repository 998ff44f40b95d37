"""validate_concern_form: fills the triage form from whatever the professional says.

Thin on purpose: the decisions live in bot.handoff.triage (pure, unit-tested); this
turns the tracker into its inputs and its outputs into events and replies.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.handoff.triage import FORM_SLOTS, LIST_SLOTS, UNKNOWN, triage_step

TRIAGE_SLOTS = FORM_SLOTS + [
    "reporter_organisation", "child_age_text", "child_age_disputed", "child_first_language",
    "child_local_authority", "exploitation_types", "child_missing", "emergency_advised", "concern_text",
]


def extract(text: str) -> Dict[str, Any]:
    """Facts from a message (bot.extraction); never fails the conversation."""
    try:
        from bot.extraction import extract_facts

        return extract_facts(text)
    except Exception:  # noqa: BLE001 - a fact we could not read is a question we ask
        return {}


class ValidateConcernForm(Action):
    """Extract facts from every message while the form runs; answer the question just asked."""

    def name(self) -> Text:
        return "validate_concern_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name") or ""
        requested = tracker.get_slot("requested_slot")
        slots = {name: tracker.get_slot(name) for name in TRIAGE_SLOTS}

        if requested is None:  # the form is starting: who it was started by, and an introduction
            events = [SlotSet("handoff_reason", intent if intent in ("immediate_danger", "request_human") else "raise_concern")]
            if intent == "immediate_danger":  # the rule has just said 999; don't say it twice
                slots["emergency_advised"] = True
                events.append(SlotSet("emergency_advised", True))
            if (tracker.get_slot("language") or "en") != "en":
                # Our questions are in English: hand over now, a counsellor will use an interpreter.
                return events + [SlotSet(s, [] if s in LIST_SLOTS else UNKNOWN) for s in FORM_SLOTS if slots.get(s) is None]
            dispatcher.utter_message(response="utter_triage_intro")
        else:
            events = []

        step = triage_step(requested, text, intent, slots, extract(text))
        for response in step.say:
            dispatcher.utter_message(response=response)
        return events + [SlotSet(name, value) for name, value in step.updates.items()]
