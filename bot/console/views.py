"""Turning contract documents into what the templates show: plain functions, no I/O."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from bot.storage.handoffs import parse_timestamp
from bot.storage.models import URGENCIES

OUTCOMES = (
    "advice given",
    "referred to first responder",
    "NRM referral made",
    "police informed",
    "no further action",
)

# Urgency is shown by words and a symbol, colour only repeats it.
URGENCY_LABELS = {
    "immediate": ("Immediate – child at risk now", "⚠"),
    "high": ("High", "▲"),
    "standard": ("Standard", "●"),
}

NOTICES = {
    "claimed": "You have claimed this handoff. The professional is waiting for your first message.",
    "released": "Released: the handoff is back in the queue.",
    "transferred": "Transferred.",
    "noted": "Note saved (counsellors only).",
    "sent": "Message sent to the professional.",
    "relay_failed": "Your message is saved in the transcript, but it could NOT be delivered to the professional "
    "(the bot server did not answer). Try again, or phone them if you have a contact.",
    "closed": "Handoff closed.",
}


def waiting_text(created_at: Optional[str], now: Optional[datetime] = None) -> str:
    """"3 min", "1 h 05 min", "2 d 4 h": how long the professional has been waiting."""
    if not created_at:
        return "unknown"
    seconds = int(((now or datetime.now(timezone.utc)) - parse_timestamp(created_at)).total_seconds())
    minutes = max(seconds, 0) // 60
    if minutes < 1:
        return "under 1 min"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def age_text(child: dict[str, Any]) -> str:
    age, said = child.get("age"), child.get("age_text")
    if age is None and not said:
        return "age unknown"
    text = f"{age}" if age is not None else ""
    if said and said != str(age):
        text = f"{text} ({said})" if text else said
    if child.get("age_disputed"):
        text += " – age disputed"
    return text


def queue_item(document: dict[str, Any]) -> dict[str, Any]:
    child = document.get("child") or {}
    language = document.get("language") or {}
    urgency = document.get("urgency", "standard")
    label, icon = URGENCY_LABELS.get(urgency, (urgency, "•"))
    return {
        "reference": document["reference"],
        "status": document["status"],
        "urgency": urgency,
        "urgency_label": label,
        "urgency_icon": icon,
        "reason": document.get("reason"),
        "language": language.get("name") or language.get("code") or "unknown",
        "interpreter_needed": bool(language.get("interpreter_needed")),
        "age": age_text(child),
        "location": child.get("location") or child.get("local_authority") or "location unknown",
        "created_at": document.get("created_at"),
        "waiting": waiting_text(document.get("created_at")),
        "claimed_by": (document.get("handling") or {}).get("claimed_by"),
        "narrative": document.get("narrative") or "",
    }


def queue_order(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most urgent first, then longest waiting (as list_handoffs orders each status)."""
    rank = {level: i for i, level in enumerate(URGENCIES)}
    return sorted(
        documents,
        key=lambda d: (rank.get(d.get("urgency"), len(URGENCIES)), parse_timestamp(d["created_at"]), d["reference"]),
    )


def time_text(value: Optional[str]) -> str:
    """"23 Nov 18:12 UTC" for a contract timestamp."""
    if not value:
        return ""
    try:
        return parse_timestamp(value).strftime("%d %b %H:%M:%S UTC")
    except ValueError:
        return str(value)


def first_name(name: str) -> str:
    return (name.split() or [name])[0]
