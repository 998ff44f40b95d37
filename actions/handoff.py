"""The handoff from the bot's side: open it, keep it up to date, end the intake, and the safety net after.

Thin on purpose: the lifecycle rules live in bot.handoff.service, the summary in
bot.handoff.summary. This module turns the tracker into a summary and the service's answers
into replies. The database is the source of truth; if it cannot be reached the summary is
spooled (bot.handoff.spool) and the professional is given the phone number and email at once:
a raised concern is never lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer
from bot.extraction import extract_facts
from bot.handoff.reference import new_reference
from bot.handoff.service import DANGER_LATER, HandoffService
from bot.handoff.spool import spool
from bot.handoff.summary import CaseFacts, build_summary, known
from bot.handoff.triage import TRIAGE_SLOTS, is_danger, looks_like_question, triage_step
from bot.language.questions import question_after_pleasantry
from bot.timestamps import utc_text

logger = logging.getLogger(__name__)
ENDINGS = {"stop": "stopped", "request_human": "stopped", "goodbye": "left"}
NO_CASE = {"offer": "utter_english_only", "adult": "utter_adult_concern"}
REPLY_AFTER_INTAKE = {"left": "utter_handoff_left", "stopped": "utter_handoff_stopped"}
# What a message would have got from the bot's rules (data/rules/), said by the safety net itself.
USUAL_REPLY = {
    "greet": "utter_greet", "goodbye": "utter_goodbye", "thanks": "utter_thanks", "bot_challenge": "utter_bot_challenge",
    "out_of_scope": "utter_out_of_scope", "non_english": "utter_english_only", "nlu_fallback": "utter_ask_rephrase",
}
QUESTION_MIN_WORDS = 4  # "hello? anyone?" is not a question for the counsellor
WAIT_EVERY = 4  # the honest wait is repeated at most once in this many replies
WAIT_REPLIES = {"utter_queue_position", "utter_no_counsellor_online"}
OFFERS_OF_A_COUNSELLOR = {"utter_fallback_offer_counsellor", "utter_english_only", "utter_handoff_offer"}


def service() -> HandoffService:
    """The handoff service over the database (migrated once per action server process)."""
    from bot.storage.migrate import migrated_sessions

    return HandoffService(migrated_sessions())


def transcript_of(tracker: Tracker) -> List[Dict[str, Any]]:
    """What was said in this conversation, in order: the professional's words and the bot's."""
    messages = []
    for event in tracker.events:
        kind, text = event.get("event"), event.get("text")
        if kind not in ("user", "bot") or not text or not event.get("timestamp"):
            continue
        language = ((event.get("parse_data") or {}).get("language") or {}).get("code") if kind == "user" else None
        sender = "counsellor" if kind == "bot" and (event.get("metadata") or {}).get("from") == "counsellor" else kind
        item = {"sender": sender, "text": text, "timestamp": utc_text(event["timestamp"], whole_seconds=True), "language": language}
        if kind == "user" and event.get("message_id"):
            item["external_id"] = event["message_id"]
        messages.append(item)
    return messages


def questions_of(tracker: Tracker) -> List[str]:
    """The real questions the professional asked in this conversation, verbatim (for the counsellor)."""
    asked = list(tracker.get_slot("reporter_questions") or [])
    for event in tracker.events:
        parse = event.get("parse_data") or {}
        text = (event.get("text") or "").strip()
        if event.get("event") != "user":
            continue
        faq = (parse.get("intent") or {}).get("name") == "faq"
        if faq and looks_like_question(text) or "?" in text and len(text.split()) >= QUESTION_MIN_WORDS:
            asked.append(text)
    return list(dict.fromkeys(asked))


def facts_of(slot: Any, questions: List[str]) -> CaseFacts:
    """CaseFacts from slot values (`slot(name)`), unknowns as None."""
    age = known(slot("child_age"))
    risk = slot("risk_now")
    if not isinstance(risk, bool) and slot("danger_described"):
        risk = True  # described danger, until the professional answers the risk question
    return CaseFacts(
        reporter_role=slot("reporter_role"), reporter_organisation=slot("reporter_organisation"),
        reporter_contact=slot("reporter_contact"), contact_declined=slot("contact_declined"),
        age=age if isinstance(age, int) else None, age_text=slot("child_age_text"), age_disputed=slot("child_age_disputed"),
        age_range=slot("child_age_range"),
        gender=slot("child_gender"), nationality=slot("child_nationality"), first_language=slot("child_first_language"),
        location=slot("child_location"), local_authority=slot("child_local_authority"), moving_to=slot("child_moving_to"),
        indicators=slot("concern_indicators") or [], exploitation_types=slot("exploitation_types") or [],
        immediate_risk=risk if isinstance(risk, bool) else None, missing=slot("child_missing"),
        actions_taken=slot("actions_taken") or [], reporter_questions=questions,
        concern_text=slot("concern_text"), evidence=dict(slot("evidence") or {}),
    )


def reason_of(tracker: Tracker) -> str:
    latest = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return tracker.get_slot("handoff_reason") or ("request_human" if latest == "request_human" else "raise_concern")


def summary_of(tracker: Tracker, reference: str, changes: Dict[str, Any], transcript: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The contract document for this conversation now: slots, with this turn's `changes` on top."""

    def slot(name: str) -> Any:
        return changes[name] if name in changes else tracker.get_slot(name)

    return build_summary(
        facts_of(slot, questions_of(tracker)), reference=reference, conversation_id=tracker.sender_id,
        reason=slot("handoff_reason") or reason_of(tracker), language_code=tracker.get_slot("language") or "en",
        transcript=[{k: v for k, v in m.items() if k != "external_id"} for m in transcript],
        emergency_services_advised=bool(slot("emergency_advised")),
    )


async def keep(tracker: Tracker, changes: Dict[str, Any], dispatcher: CollectingDispatcher) -> tuple[str, Optional[Dict[str, Any]]]:
    """Open the conversation's handoff or record this turn on it: its reference and the stored document.

    On failure the document is None: the turn is spooled under the same reference (so it lands
    in this handoff, never a second one) and the professional is given the number at once.
    """
    reference = tracker.get_slot("handoff_reference") or new_reference()
    transcript = transcript_of(tracker)
    summary = summary_of(tracker, reference, changes, transcript)
    try:
        return reference, await asyncio.to_thread(service().keep, summary, transcript)
    except Exception:  # noqa: BLE001 - whatever failed, the concern must not be lost
        logger.exception("handoff %s could not be stored; spooling it", reference)
        spool(summary, transcript)
        dispatcher.utter_message(response="utter_handoff_failed")
        return reference, None


def recent_replies(tracker: Tracker, turns: int) -> List[str]:
    """The response names of the bot's replies to the last `turns` user messages before this one."""
    names: List[str] = []
    seen_user = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user += 1
            if seen_user > turns:
                break
        elif event.get("event") == "bot" and seen_user >= 1:
            names.append(((event.get("metadata") or {}).get("utter_action")) or "")
    return names


async def tell_the_wait(dispatcher: CollectingDispatcher, reference: str) -> Optional[int]:
    """Honest about the wait: who is online decides the words; the queue position is all we know of time."""
    svc = service()
    try:
        position = await asyncio.to_thread(svc.queue_position, reference)
        online = await asyncio.to_thread(counsellors_online, svc)
    except Exception:  # noqa: BLE001 - the wait is unknown; the phone number is always right
        logger.exception("could not read the queue for %s", reference)
        position, online = None, False
    if online and position:
        dispatcher.utter_message(response="utter_queue_position", queue_position=position)
    else:
        dispatcher.utter_message(response="utter_no_counsellor_online", handoff_reference=reference)
    return position


def faq_response(message: Dict[str, Any], min_confidence: float = 0.0) -> Optional[str]:
    """The FAQ answer NLU chose for this message ("utter_faq/nrm_what_is"), if confident enough."""
    response = (((message.get("response_selector") or {}).get("faq") or {}).get("response")) or {}
    key = response.get("intent_response_key")
    return f"utter_{key}" if key and response.get("confidence", 0.0) >= min_confidence else None


def reply_as_usual(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], intent: str
) -> List[Dict[str, Any]]:
    """The reply the rules would give this message, sent directly (no follow-up action chain)."""
    answered = answer(dispatcher, tracker, domain) if intent == "faq" else None
    if answered is None:
        dispatcher.utter_message(response=USUAL_REPLY.get(intent) or "utter_what_next")
    return answered or []


def counsellors_online(svc: HandoffService) -> bool:
    from bot.storage.console import PRESENCE_WINDOW, online_counsellors

    return bool(online_counsellors(svc.sessions, PRESENCE_WINDOW))


class ActionSubmitHandoff(Action):
    """The intake is over (complete, stopped, left, withdrawn): the handoff waits for a counsellor; tell them."""

    def name(self) -> Text:
        return "action_submit_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        return await hand_over(dispatcher, tracker)


async def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: Optional[str] = None) -> List[Dict[Text, Any]]:
    """End the intake (or make the handoff now, for a request for a person) and tell the professional.

    Called by the action itself and by the actions that hand over on a "yes", so no follow-up
    action chain is needed (Rasa predicts nothing sensible after an action a rule did not expect).
    """
    latest = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
    ending = tracker.get_slot("intake_ending") or ENDINGS.get(latest) or "complete"
    if latest == "request_human" and not tracker.get_slot("requested_slot"):
        ending = "complete"  # asked for a person outside the form: nothing was left unasked
    reset = [SlotSet("intake_ending", None), SlotSet("requested_slot", None)]  # the facts stay for what is added later
    if ending in NO_CASE:  # a question in another language, or an adult: a reply, and no child case
        dispatcher.utter_message(response=NO_CASE[ending])
        return reset + forget_the_case()
    changes = {"handoff_reason": reason or reason_of(tracker)}
    reference, document = await keep(tracker, changes, dispatcher)
    if document is None:  # spooled; what they add next still goes to this reference
        return reset + [SlotSet("handoff_reference", reference), SlotSet("handoff_open", True)]
    svc = service()
    try:
        if ending == "withdrawn":
            await asyncio.to_thread(svc.withdraw, reference)
            dispatcher.utter_message(response="utter_handoff_withdrawn")
            return reset + forget_the_case()
        await asyncio.to_thread(svc.end_intake, reference, ending)
    except Exception:  # noqa: BLE001 - it is stored (collecting); the sweeper ends it later
        logger.exception("could not end the intake of %s", reference)
    if ending in REPLY_AFTER_INTAKE:
        dispatcher.utter_message(response=REPLY_AFTER_INTAKE[ending], handoff_reference=reference)
    else:
        dispatcher.utter_message(response="utter_handoff_confirmed", handoff_reference=reference)
    if ending != "left":
        await tell_the_wait(dispatcher, reference)
    return reset + [SlotSet("handoff_reference", reference), SlotSet("handoff_open", True)]


class ActionHandedOver(Action):
    """The safety net after the intake: every message is kept, danger always gets 999, nobody is left unanswered."""

    def name(self) -> Text:
        return "action_handed_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name") or ""
        text = message.get("text") or ""
        reference = tracker.get_slot("handoff_reference")
        language = tracker.get_slot("language") or "en"
        facts = extract_facts(text, language)
        confidence = (message.get("intent") or {}).get("confidence") or 0.0
        danger = is_danger(text, intent, confidence, facts, language)
        if danger:  # first, whatever the database says
            dispatcher.utter_message(response="utter_emergency_now")
        svc = service()
        try:
            found = await asyncio.to_thread(svc.open_for, tracker.sender_id)
            reference, status = found if found else (None, "closed")
        except Exception:  # noqa: BLE001 - storage down: the professional still gets an answer
            logger.exception("could not read handoff %s", reference)
            status = "unknown"
        if status == "closed" or reference is None:
            dispatcher.utter_message(response="utter_back_with_the_assistant")
            if intent in ("raise_concern", "immediate_danger") or danger:
                return forget_the_case() + [FollowupAction("concern_form")]  # a new concern: a new case (999 said)
            if intent == "request_human":
                return forget_the_case() + await hand_over(dispatcher, tracker)
            return forget_the_case() + reply_as_usual(dispatcher, tracker, domain, intent)
        # What the professional adds after the intake still goes into the summary (facts only fill gaps).
        slots = {name: tracker.get_slot(name) for name in TRIAGE_SLOTS}
        step = triage_step(None, text, intent, slots, facts, confidence, language)
        updates = dict(step.updates)
        if step.evidence:
            updates["evidence"] = {**(slots.get("evidence") or {}), **step.evidence}
        transcript = transcript_of(tracker)
        try:
            if updates:
                await asyncio.to_thread(svc.record_intake, reference, summary_of(tracker, reference, updates, transcript), transcript)
            else:
                await asyncio.to_thread(svc.record_transcript, tracker.sender_id, transcript)
            if danger:
                await asyncio.to_thread(svc.raise_to_immediate, reference, DANGER_LATER, transcript)
        except Exception:  # noqa: BLE001 - spooled: it reaches the counsellor when the database is back
            logger.exception("could not record a message on %s; spooling it", reference)
            spool(summary_of(tracker, reference, updates, transcript), transcript, danger=danger)
            dispatcher.utter_message(response="utter_handoff_failed")
            return []
        events = [SlotSet(name, value) for name, value in updates.items()]
        if danger:
            dispatcher.utter_message(response="utter_marked_urgent", handoff_reference=reference)
        if status == "claimed":
            return events  # a person has the conversation: the bot keeps quiet (the safety net above apart)
        if intent == "deny" and "utter_handoff_stopped" in recent_replies(tracker, 1):
            await asyncio.to_thread(svc.withdraw, reference)
            dispatcher.utter_message(response="utter_handoff_withdrawn")
            return forget_the_case()
        if not danger:
            dispatcher.utter_message(response="utter_handoff_added", handoff_reference=reference)
        if intent == "faq" and not danger:
            return events + reply_as_usual(dispatcher, tracker, domain, intent)
        if not WAIT_REPLIES & set(recent_replies(tracker, WAIT_EVERY)):  # said now and then, not after every message
            await tell_the_wait(dispatcher, reference)
        return events


def forget_the_case() -> List[Dict[str, Any]]:
    """The case is closed or withdrawn: the next concern starts a fresh intake."""
    return [SlotSet(name, None) for name in TRIAGE_SLOTS + ["handoff_reason", "intake_ending"]] + [
        SlotSet("handoff_open", False), SlotSet("handoff_reference", None)
    ]


class ActionYesNo(Action):
    """A yes or no outside the intake: yes to an offer of a counsellor opens the handoff.

    "ok but what if he says no?" reads as a yes or no, yet asks something: it is answered from the
    conversation (actions/answer.py) when that is clear, and otherwise the bot asks what next.
    """

    def name(self) -> Text:
        return "action_yes_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        offered = any(name in OFFERS_OF_A_COUNSELLOR for name in recent_replies(tracker, 1))
        if intent == "affirm" and offered:
            return await hand_over(dispatcher, tracker, reason="request_human")
        text = (tracker.latest_message or {}).get("text") or ""
        asks = looks_like_question(text) or question_after_pleasantry(text) is not None
        if asks and (followed_up := answer(dispatcher, tracker, domain, sure=False)) is not None:
            return followed_up
        dispatcher.utter_message(response="utter_what_next")
        return []
