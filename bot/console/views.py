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


# Where the intake stands, in plain words (contract field intake_status).
INTAKE_TEXT = {
    "in_progress": "Still being filled in by the assistant: it is still asking the professional questions, "
    "and this summary updates as they answer.",
    "complete": "Intake finished: the assistant asked all its questions.",
    "stopped": "The professional stopped the questions before the end; everything they said is here.",
    "left": "The professional left or went quiet before the questions were finished; everything they said is here.",
}
COLLECTING_TEXT = "still being filled in by the assistant"

# Summary rows and the evidence paths (../shared/handoff_summary.md `evidence`) shown under each.
EVIDENCE_ROWS = {
    "urgency": ("urgency", "urgency_reasons", "immediate_risk", "emergency_services_advised"),
    "child": ("child.age", "child.age_text", "child.age_disputed", "child.gender", "child.nationality",
              "child.first_language", "child"),
    "location": ("child.location", "child.local_authority"),
    "moving_to": ("child.moving_to",),
    "indicators": ("indicators", "exploitation_types"),
    "actions": ("actions_taken",),
    "reporter": ("reporter",),
    "language": ("language",),
    "questions": ("reporter_questions",),
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
    intake = document.get("intake_status")
    return {
        "reference": document["reference"],
        "status": document["status"],
        "collecting": document["status"] == "collecting",
        "intake_status": intake,
        "intake_text": INTAKE_TEXT.get(intake or "", ""),
        "urgency": urgency,
        "urgency_label": label,
        "urgency_icon": icon,
        "urgency_reasons": [str(r) for r in document.get("urgency_reasons") or []],
        "moving_to": child.get("moving_to"),
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


def summary_context(document: dict[str, Any]) -> dict[str, Any]:
    """What _handoff_head.html and _summary.html need (the page and its live updates render the same)."""
    return {
        "h": document,
        "item": queue_item(document),
        "child": document.get("child") or {},
        "reporter": document.get("reporter") or {},
        "language": document.get("language") or {},
        "ev": evidence_view(document),
    }


def _path_matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def _index_of(path: str, prefix: str) -> Optional[int]:
    """3 for "indicators.3", "indicators[3]" or "indicators.3.text"; None otherwise."""
    rest = path[len(prefix):].lstrip(".[")
    number = rest.split(".", 1)[0].split("]", 1)[0]
    return int(number) if number.isdigit() else None


def evidence_label(path: str) -> str:
    """"child.first_language" -> "first language", "reporter.contact_declined" -> "contact declined"."""
    parts = [p for p in path.replace("[", ".").replace("]", "").split(".") if p and not p.isdigit()]
    return (parts[-1] if parts else path).replace("_", " ")


def evidence_view(document: dict[str, Any]) -> dict[str, Any]:
    """The professional's own words for each summary row, so the counsellor sees what each fact rests on.

    {"rows": {row: [(label, words)]}, "indicators": {index: [words]}, "other": [(path, words)]}:
    indicators' evidence goes beside the indicator it supports; evidence for a path no row
    shows is listed under "other" rather than dropped. The template escapes the words.
    """
    evidence = document.get("evidence") or {}
    rows: dict[str, list[tuple[str, str]]] = {row: [] for row in EVIDENCE_ROWS}
    indicators: dict[int, list[str]] = {}
    other: list[tuple[str, str]] = []
    for path, words in evidence.items():
        if not isinstance(words, str) or not words.strip():
            continue
        path = str(path)
        index = _index_of(path, "indicators") if _path_matches(path, "indicators") else None
        if index is not None and index < len(document.get("indicators") or []):
            indicators.setdefault(index, []).append(words)
            continue
        matches = [(len(prefix), row) for row, prefixes in EVIDENCE_ROWS.items()
                   for prefix in prefixes if _path_matches(path, prefix)]
        row = max(matches)[1] if matches else None  # the most specific row: child.moving_to, not child
        if row is None:
            other.append((path, words))
        else:
            rows[row].append((evidence_label(path), words))
    return {"rows": rows, "indicators": indicators, "other": other}


def alert_item(row: dict[str, Any]) -> dict[str, Any]:
    """One open immediate handoff for the danger alert (open_immediate's row): plain strings, shown with textContent."""
    summary = row["summary"]
    child = summary.get("child") or {}
    language = summary.get("language") or {}
    if row["status"] == "claimed":
        who = f"claimed by {row['claimed_by']}" if row.get("claimed_by") else "claimed"
    elif row["status"] == "collecting":
        who = f"not claimed yet, {COLLECTING_TEXT}"
    else:
        who = "not claimed yet"
    return {
        "reference": row["reference"],
        "status": row["status"],
        "claimed_by": row.get("claimed_by"),
        "reasons": [str(r) for r in summary.get("urgency_reasons") or []],
        "age": age_text(child),
        "location": child.get("location") or child.get("local_authority") or "location unknown",
        "moving_to": child.get("moving_to"),
        "language": language.get("name") or language.get("code") or "language unknown",
        "who": who,
    }


def queue_order(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Most urgent first, then longest waiting (as list_handoffs orders each status)."""
    rank: dict[Any, int] = {level: i for i, level in enumerate(URGENCIES)}
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
