"""validate_concern_form: fills the triage form from whatever the professional says, and keeps the handoff up to date.

Thin on purpose: the decisions live in bot.handoff.triage (pure, unit-tested); the handoff
is opened on the form's first message and updated after every turn through
actions/handoff.py (the handoff service), so a concern exists for a counsellor from its
first message, whether or not the form is ever finished.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer
from actions.handoff import faq_response, keep
from bot.extraction import extract_facts
from bot.handoff.triage import (
    FORM_SLOTS,
    LIST_SLOTS,
    NOT_ANSWERS,
    TRIAGE_SLOTS,
    UNKNOWN,
    signposted_as_adult,
    triage_step,
)

DANGER_REPLIES = {"utter_immediate_danger", "utter_emergency_now"}
FAQ_ANSWER_CONFIDENCE = 0.5  # a question asked mid-form that NLU did not call `faq` is answered only above this


def times_said(tracker: Tracker, response: str) -> int:
    return sum(1 for e in tracker.events if e.get("event") == "bot" and (e.get("metadata") or {}).get("utter_action") == response)


def still_unasked(updates: Dict[str, Any], slots: Dict[str, Any]) -> Dict[str, Any]:
    """Every form question not answered yet, as unknown: filling them ends the form now."""
    return {s: [] if s in LIST_SLOTS else UNKNOWN for s in FORM_SLOTS if updates.get(s, slots.get(s)) is None}


def asks_only(text: str, facts: Dict[str, Any]) -> bool:
    """A question ("?", "؟", "¿") that states nothing about a particular child (no age, place, signs)."""
    asking = any(mark in text for mark in "?؟¿")
    return asking and not (facts.get("age") or facts.get("location") or facts.get("indicators"))


class ValidateConcernForm(Action):
    """Extract facts from every message while the form runs; answer the question just asked; record the turn."""

    def name(self) -> Text:
        return "validate_concern_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name") or ""
        requested = tracker.get_slot("requested_slot")
        slots = {name: tracker.get_slot(name) for name in TRIAGE_SLOTS}
        slots["contact_reasked"] = times_said(tracker, "utter_contact_invalid") > 0
        starting = requested is None and not tracker.get_slot("handoff_reference")
        updates: Dict[str, Any] = {}
        say: List[str] = []

        if requested is None:  # the form is starting: who started it
            updates["handoff_reason"] = intent if intent in ("immediate_danger", "request_human") else "raise_concern"
            if intent == "immediate_danger":  # the rule has just said 999; don't say it twice
                slots["emergency_advised"] = updates["emergency_advised"] = True
        language = tracker.get_slot("language") or "en"
        english = language == "en"
        facts = extract_facts(text, language)  # never raises
        confidence = (message.get("intent") or {}).get("confidence") or 0.0
        step = triage_step(requested, text, intent, slots, facts, confidence, language)
        updates.update(step.updates)
        if requested is None and signposted_as_adult(text, facts, intent):
            # An adult victim: signposted to the Modern Slavery & Exploitation Helpline, no child case opened.
            return [SlotSet(name, value) for name, value in {**still_unasked({}, {}), "intake_ending": "adult"}.items()]
        if requested is None and not english and asks_only(text, facts):
            # A question in another language is not a concern: offer a counsellor with an interpreter
            # (utter_english_only); "yes" makes the handoff (actions/handoff.py ActionYesNo).
            return [SlotSet(name, value) for name, value in {**still_unasked({}, {}), "intake_ending": "offer"}.items()]
        if requested is None and not english:
            # Our questions are in English: keep their words verbatim for the interpreter, keep the
            # facts that read the same in any language, and hand over now.
            updates["concern_text"] = text.strip()[:1500]
            updates.update(still_unasked(updates, slots))
        if step.ending:
            updates["intake_ending"] = step.ending
            updates.update(still_unasked(updates, slots))
        if step.evidence:
            updates["evidence"] = {**(slots.get("evidence") or {}), **step.evidence}
        asked = bool(step.question and not step.left_for_faq)
        if asked:
            updates["reporter_questions"] = list(dict.fromkeys((slots.get("reporter_questions") or []) + [step.question]))
        danger = [r for r in step.say if r in DANGER_REPLIES and not (starting and intent == "immediate_danger")]
        say = [r for r in step.say if r not in DANGER_REPLIES] + say
        for response in danger:  # 999 before anything else
            dispatcher.utter_message(response=response)

        reference, document = await keep(tracker, updates, dispatcher)
        if step.left_for_faq or intent in NOT_ANSWERS and not starting and not step.updates:
            return []  # no slot set: the form steps aside so a rule answers, stops, hands over or says goodbye
        events = [SlotSet(name, value) for name, value in updates.items()] + [SlotSet("handoff_reference", reference)]
        if document is None:  # spooled under this reference: the professional has the number; stop asking
            return events + [SlotSet(s, v) for s, v in still_unasked(updates, slots).items()]
        if starting and english:
            dispatcher.utter_message(response="utter_triage_intro", handoff_reference=reference)
        for response in say:
            dispatcher.utter_message(response=response)
        if asked:  # answered the way any question is (actions/answer.py), or noted for the counsellor
            sure = faq_response(message, FAQ_ANSWER_CONFIDENCE) is not None
            answered = answer(dispatcher, tracker, domain, sure=sure)
            if answered is None:
                dispatcher.utter_message(response="utter_question_noted")
            events += answered or []
        return events
