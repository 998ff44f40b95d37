"""The handoff service: the one owner of a handoff's life (collecting → waiting → claimed → closed).

Every caller goes through here: the bot's actions (open at the first concern message, record
each turn of the intake, end the intake, raise urgency on danger, withdraw), the console and
its API (claim, release, transfer, close), the CLI. The rules live here; bot.storage carries
each change out in one transaction, its audit entry included, so a change and the record of
who made it can never part.

Rules (../shared/handoff_summary.md, "Lifecycle"):
- A conversation has at most one open handoff; opening again updates the open one.
- Urgency only rises by itself: what the intake learns can raise it, never lower it. One exception,
  audited: immediate only because the first message read as danger, and the professional then
  answers "no" to "is the child at risk right now?" (a classifier's guess must not outrank them).
- Once the intake has ended (waiting, claimed) only a counsellor moves the handoff on; a
  professional who only wanted information may withdraw it (closed, kept and audited).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Iterable, Optional

from sqlalchemy.orm import sessionmaker

from bot.storage import handoffs as store
from bot.storage.contract import INTAKE_STATUSES, URGENCIES
from bot.storage.handoffs import Change, InvalidTransition
from bot.timestamps import utc_text, utcnow

ASSISTANT = "assistant"  # the actor of the bot's own audit entries
WITHDRAWN = "withdrawn by the professional"
UPDATED = "handoff.updated"  # outbox event when the intake ends or urgency rises
DANGER_LATER = "danger described after the handoff"


class NotAllowed(Exception):
    """A counsellor's action that the rules refuse; `status` is the HTTP status the console answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def more_urgent(a: str, b: str) -> str:
    """The more urgent of two levels (URGENCIES is ordered most urgent first)."""
    return a if URGENCIES.index(a) <= URGENCIES.index(b) else b


def merged(stored: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The intake's latest summary over the stored one, keeping what must never fall back.

    Facts come from the intake (it holds everything said so far, corrections included);
    urgency, its reasons, the 999 advice and a described risk only ever accumulate.
    """
    result = dict(new)
    for key in ("reference", "conversation_id", "created_at"):
        result[key] = stored[key]
    if answered_not_at_risk(stored, new):
        return result  # the professional's own "no" to "is the child at risk now?" outranks a label's guess
    result["urgency"] = more_urgent(stored["urgency"], new["urgency"])
    result["urgency_reasons"] = list(dict.fromkeys((stored.get("urgency_reasons") or []) + (new.get("urgency_reasons") or [])))
    result["emergency_services_advised"] = bool(stored.get("emergency_services_advised") or new.get("emergency_services_advised"))
    if stored.get("immediate_risk") is True and stored["urgency"] == "immediate":
        result["immediate_risk"] = True
    if stored.get("intake_status") not in (None, "in_progress") and new.get("intake_status") == "in_progress":
        result["intake_status"] = stored["intake_status"]  # a late answer after the intake ended does not reopen it
    return result


def answered_not_at_risk(stored: dict[str, Any], new: dict[str, Any]) -> bool:
    """Immediate only because a first message read as danger, and now the professional says the child is not at
    risk now: the one case where urgency falls without a counsellor, on the professional's own words (audited)."""
    return (
        stored["urgency"] == "immediate" and new.get("immediate_risk") is False
        and "immediate_risk" in (new.get("evidence") or {})
        and DANGER_LATER not in (stored.get("urgency_reasons") or [])
    )


def _urgency_audit(before: dict[str, Any], after: dict[str, Any]) -> list[store.Audit]:
    if after["urgency"] == before["urgency"]:
        return []
    if URGENCIES.index(after["urgency"]) > URGENCIES.index(before["urgency"]):
        said = (after.get("evidence") or {}).get("immediate_risk", "")
        return [(ASSISTANT, "urgency_lowered", f"{before['urgency']} → {after['urgency']}: the professional said \"{said}\"")]
    new_reasons = [r for r in after.get("urgency_reasons") or [] if r not in (before.get("urgency_reasons") or [])]
    detail = f"{before['urgency']} → {after['urgency']}" + (f": {'; '.join(new_reasons)}" if new_reasons else "")
    return [(ASSISTANT, "urgency_raised", detail)]


def _now_text() -> str:
    return utc_text(utcnow(), whole_seconds=True)


class HandoffService:
    """The lifecycle over one handoff database (a SQLAlchemy session factory)."""

    def __init__(self, session_factory: sessionmaker) -> None:
        self.sessions = session_factory

    # ------------------------------------------------------------------ the bot's intake

    def open(self, summary: dict[str, Any], transcript: list[dict[str, Any]]) -> dict[str, Any]:
        """The handoff for this conversation, created as `collecting` now, or the open one updated.

        Visible in the console's queue from this moment (immediate danger at the top).
        """
        existing = store.open_handoff_status(self.sessions, summary["conversation_id"])
        if existing is not None:
            return self.record_intake(existing[0], summary, transcript)
        document = {**summary, "status": "collecting", "intake_status": "in_progress"}
        detail = f"{summary['reason']}, urgency {summary['urgency']}"
        store.save_handoff(self.sessions, document, transcript, audit=(ASSISTANT, "opened", detail))
        found = store.get_handoff(self.sessions, summary["reference"])
        assert found is not None
        return found

    def keep(self, summary: dict[str, Any], transcript: list[dict[str, Any]]) -> dict[str, Any]:
        """Record this turn on the handoff with this reference, opening it if it does not exist yet.

        One call for every writer of the intake (the actions, the spool's drain, the Rasa process
        while the action server is away), so whichever lands first opens it and the others
        update it: a concern spooled during a fault never becomes a second handoff.
        """
        reference = summary["reference"]
        try:
            return self.record_intake(reference, summary, transcript)
        except store.HandoffNotFound:
            pass
        try:
            return self.open(summary, transcript)
        except store.HandoffExists:  # opened by another writer a moment ago
            return self.record_intake(reference, summary, transcript)

    def record_intake(self, reference: str, summary: dict[str, Any], transcript: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
        """What the intake knows after this turn; urgency can rise, never fall."""

        def decide(current: dict[str, Any]) -> Change:
            after = merged(current["summary"], summary)
            after["updated_at"] = _now_text()
            audit = _urgency_audit(current["summary"], after)
            return Change(summary=after, audit=audit, outbox_event=UPDATED if audit and current["status"] != "collecting" else None)

        return store.modify_handoff(self.sessions, reference, decide, transcript)

    def end_intake(
        self, reference: str, intake_status: str, summary: Optional[dict[str, Any]] = None,
        transcript: Iterable[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """The intake is over (complete, stopped, left): the handoff waits for a counsellor with all that was said."""
        if intake_status not in INTAKE_STATUSES or intake_status == "in_progress":
            raise ValueError(f"an intake ends as complete, stopped or left, not {intake_status!r}")

        def decide(current: dict[str, Any]) -> Change:
            after = merged(current["summary"], summary) if summary else dict(current["summary"])
            after["intake_status"] = intake_status
            after["updated_at"] = _now_text()
            if current["status"] != "collecting":  # already waiting or with a counsellor: keep what it is
                return Change(summary=after, audit=_urgency_audit(current["summary"], after))
            audit = _urgency_audit(current["summary"], after) + [(ASSISTANT, "intake_ended", intake_status)]
            return Change(status="waiting", summary={**after, "status": "waiting"}, audit=audit, outbox_event=UPDATED)

        return store.modify_handoff(self.sessions, reference, decide, transcript)

    def raise_to_immediate(self, reference: str, reason: str, transcript: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
        """A danger message in any state: immediate, with the reason, 999 advised; counsellors are alerted by the queue."""

        def decide(current: dict[str, Any]) -> Change:
            before = current["summary"]
            after = {**before, "urgency": "immediate", "immediate_risk": True, "emergency_services_advised": True,
                     "urgency_reasons": list(dict.fromkeys((before.get("urgency_reasons") or []) + [reason])),
                     "updated_at": _now_text()}
            audit = _urgency_audit(before, after) or [(ASSISTANT, "urgency_raised", f"still immediate: {reason}")]
            return Change(summary=after, audit=audit, outbox_event=UPDATED if current["status"] != "collecting" else None)

        return store.modify_handoff(self.sessions, reference, decide, transcript)

    def withdraw(self, reference: str) -> dict[str, Any]:
        """The professional only wanted information: closed as withdrawn, kept and audited, out of the queue."""
        return store.set_status(self.sessions, reference, "closed", outcome=WITHDRAWN, audit=(ASSISTANT, "withdrawn", None))

    def end_quiet_intakes(self, quiet_for: timedelta) -> list[str]:
        """Intakes nobody has added to for `quiet_for` end as `left`; returns their references."""
        ended = []
        for reference in store.stale_intakes(self.sessions, utcnow() - quiet_for):
            try:
                self.end_intake(reference, "left")
                ended.append(reference)
            except InvalidTransition:  # it moved on meanwhile
                continue
        return ended

    def record_transcript(self, conversation_id: str, transcript: list[dict[str, Any]]) -> int:
        """The conversation's messages into the counsellor's transcript; those already there are skipped."""
        return store.append_messages(self.sessions, conversation_id, transcript)

    def queue_position(self, reference: str) -> Optional[int]:
        """Place among everything a counsellor has yet to pick up (collecting or waiting), most urgent first."""
        return store.queue_position(self.sessions, reference)

    def open_for(self, conversation_id: str) -> Optional[tuple[str, str]]:
        """(reference, status) of the conversation's open handoff, or None: one indexed lookup per message."""
        return store.open_handoff_status(self.sessions, conversation_id)

    # ------------------------------------------------------------------ counsellors

    def claim(self, reference: str, user: dict[str, Any]) -> dict[str, Any]:
        document = self._load(reference)
        try:
            return store.set_status(self.sessions, reference, "claimed", by=user["name"], audit=(user["name"], "claimed", None))
        except InvalidTransition:
            current = self._load(reference)
            holder = holder_of(current)
            if holder:
                raise NotAllowed(409, f"{holder} has already claimed {reference}.") from None
            raise NotAllowed(409, f"{reference} is {document['status']} and cannot be claimed.") from None

    def release(self, reference: str, user: dict[str, Any]) -> dict[str, Any]:
        current = self._held_by_user_or_admin(reference, user, "release")
        try:
            return store.set_status(self.sessions, reference, "waiting",
                                    audit=(user["name"], "released", None if current == user["name"] else f"from {current}"))
        except InvalidTransition as error:
            raise NotAllowed(409, str(error)) from None

    def transfer(self, reference: str, user: dict[str, Any], to: str, to_exists: bool) -> None:
        current = self._held_by_user_or_admin(reference, user, "transfer")
        if not to or not to_exists:
            raise NotAllowed(400, "Choose the counsellor to transfer it to.")
        if to == current:
            raise NotAllowed(400, f"{to} already has {reference}.")
        from bot.storage.console import transfer_handoff

        try:
            transfer_handoff(self.sessions, reference, current, to,
                             audit=(user["name"], "transferred", f"from {current} to {to}"))
        except InvalidTransition as error:
            raise NotAllowed(409, str(error)) from None

    def close(self, reference: str, user: dict[str, Any], outcome: str) -> dict[str, Any]:
        document = self._load(reference)
        current = holder_of(document)
        if document["status"] == "closed":
            raise NotAllowed(409, f"{reference} is already closed.")
        if current != user["name"] and user["role"] != "admin":
            raise NotAllowed(403, f"Only the counsellor who claimed {reference} or an admin can close it.")
        try:
            return store.set_status(self.sessions, reference, "closed", by=current or user["name"], outcome=outcome,
                                    audit=(user["name"], "closed", outcome))
        except InvalidTransition as error:
            raise NotAllowed(409, str(error)) from None

    def _load(self, reference: str) -> dict[str, Any]:
        document = store.get_handoff(self.sessions, reference)
        if document is None:
            raise NotAllowed(404, f"There is no handoff {reference}. Check the reference (it looks like HO-7K2M9Q).")
        return document

    def _held_by_user_or_admin(self, reference: str, user: dict[str, Any], verb: str) -> str:
        document = self._load(reference)
        current = holder_of(document)
        if current is None:
            if verb == "transfer":
                raise NotAllowed(409, f"{reference} is not claimed; claim it first, then transfer it.")
            raise NotAllowed(409, f"{reference} is {document['status']}, not claimed, so there is nothing to {verb}.")
        if current != user["name"] and user["role"] != "admin":
            raise NotAllowed(403, f"Only {current} (who has it) or an admin can {verb} {reference}.")
        return current


def holder_of(document: dict[str, Any]) -> Optional[str]:
    """Who has the handoff now (None unless it is claimed)."""
    return (document.get("handling") or {}).get("claimed_by") if document["status"] == "claimed" else None
