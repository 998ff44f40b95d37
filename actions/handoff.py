"""action_submit_handoff: build the summary, commit it, tell the professional the reference.

The database is the source of truth: the handoff is committed (with its outbox event
for any case system) before the professional is told anything. If the database cannot
be reached, the summary is written to a spool file and the professional is given the
phone number and email at once: a raised concern is never lost.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.triage import TRIAGE_SLOTS
from bot import project
from bot.handoff.reference import new_reference
from bot.handoff.summary import CaseFacts, build_summary, known

logger = logging.getLogger(__name__)
SPOOL = project.ROOT / "var" / "handoff-spool"


def sessions():
    """The handoff database, migrated on first use (one engine per action server)."""
    from bot.storage.migrate import migrated_sessions

    return migrated_sessions()


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def transcript_of(tracker: Tracker) -> List[Dict[str, Any]]:
    """What was said in this conversation, in order: the professional's words and the bot's."""
    messages = []
    for event in tracker.events:
        kind, text = event.get("event"), event.get("text")
        if kind not in ("user", "bot") or not text or not event.get("timestamp"):
            continue
        language = ((event.get("parse_data") or {}).get("language") or {}).get("code") if kind == "user" else None
        item = {"sender": kind, "text": text, "timestamp": iso(event["timestamp"]), "language": language}
        if kind == "user" and event.get("message_id"):
            item["external_id"] = event["message_id"]
        messages.append(item)
    return messages


def facts_of(tracker: Tracker) -> CaseFacts:
    slot = tracker.get_slot
    age = known(slot("child_age"))
    risk = slot("risk_now")
    return CaseFacts(
        reporter_role=slot("reporter_role"), reporter_organisation=slot("reporter_organisation"),
        reporter_contact=slot("reporter_contact"),
        age=age if isinstance(age, int) else None, age_text=slot("child_age_text"), age_disputed=slot("child_age_disputed"),
        gender=slot("child_gender"), nationality=slot("child_nationality"), first_language=slot("child_first_language"),
        location=slot("child_location"), local_authority=slot("child_local_authority"),
        indicators=slot("concern_indicators") or [], exploitation_types=slot("exploitation_types") or [],
        immediate_risk=risk if isinstance(risk, bool) else None, missing=slot("child_missing"),
        actions_taken=slot("actions_taken") or [], reporter_questions=questions_of(tracker),
        concern_text=slot("concern_text"),
    )


def questions_of(tracker: Tracker) -> List[str]:
    """The questions the professional asked the bot in this conversation (FAQ messages, verbatim)."""
    asked = []
    for event in tracker.events:
        parse = event.get("parse_data") or {}
        if event.get("event") == "user" and (parse.get("intent") or {}).get("name") == "faq" and event.get("text"):
            asked.append(event["text"])
    return list(dict.fromkeys(asked))


def reason_of(tracker: Tracker) -> str:
    latest = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return tracker.get_slot("handoff_reason") or ("request_human" if latest == "request_human" else "raise_concern")


class ActionSubmitHandoff(Action):
    """Commit the handoff, then confirm with the reference (in the professional's language)."""

    def name(self) -> Text:
        return "action_submit_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        reference = new_reference()
        transcript = transcript_of(tracker)
        summary = build_summary(
            facts_of(tracker), reference=reference, conversation_id=tracker.sender_id, reason=reason_of(tracker),
            language_code=tracker.get_slot("language") or "en", transcript=[{k: v for k, v in m.items() if k != "external_id"} for m in transcript],
            emergency_services_advised=bool(tracker.get_slot("emergency_advised")),
        )
        try:
            from bot.storage.handoffs import queue_position, save_handoff

            save_handoff(sessions(), summary, transcript)
            position = queue_position(sessions(), reference)
        except Exception:  # noqa: BLE001 - whatever failed, the concern must not be lost
            logger.exception("handoff %s could not be stored; spooling it", reference)
            try:
                SPOOL.mkdir(parents=True, exist_ok=True)
                (SPOOL / f"{reference}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
            except OSError:
                logger.exception("handoff %s could not be spooled either: %s", reference, json.dumps(summary))
            dispatcher.utter_message(response="utter_handoff_failed")
            return [SlotSet(name, None) for name in TRIAGE_SLOTS + ["handoff_reason"]]
        dispatcher.utter_message(response="utter_handoff_confirmed", handoff_reference=reference)
        if position:  # the honest expected wait: how many are ahead (we know no waiting times)
            dispatcher.utter_message(response="utter_queue_position", queue_position=position)
        return [SlotSet("handoff_reference", reference)] + [SlotSet(name, None) for name in TRIAGE_SLOTS + ["handoff_reason"]]
