"""The last resort when the database cannot take a concern: a file per handoff, drained back later.

`spool()` writes `<reference>.json` under HELPLINE_SPOOL_DIR (default var/handoff-spool/)
atomically (a temporary file, then a rename) with every character escaped as ASCII, so a crash
mid-write or a lone surrogate in a message never leaves an empty or unreadable file. Each
record holds the whole summary and transcript as they were at that turn, so a later record for
the same handoff replaces an earlier one and nothing is lost by keeping only the last.

`drain()` puts every record into the database through the handoff service (opening the handoff,
or updating it: urgency only rises, messages are never stored twice) and deletes a file only
once it is stored. The action server runs it at start and every few seconds (bot/action_server.py),
so a spooled concern reaches the console's queue as soon as the database is back.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

from bot import project
from bot.handoff.service import DANGER_LATER, HandoffService

logger = logging.getLogger(__name__)
DEFAULT_SPOOL = project.ROOT / "var" / "handoff-spool"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def spool_directory() -> Path:
    return Path(os.environ.get("HELPLINE_SPOOL_DIR") or DEFAULT_SPOOL)


def spool(
    summary: Dict[str, Any], transcript: Optional[List[Dict[str, Any]]] = None, danger: bool = False,
    directory: Optional[Path] = None,
) -> Optional[Path]:
    """Write this turn's summary and transcript to `<reference>.json`; the path, or None if even that failed.

    `danger`: danger was described after the intake and urgency must be raised when it lands.
    """
    where = directory or spool_directory()
    record = {"summary": summary, "transcript": transcript if transcript is not None else summary.get("transcript", []),
              "danger": danger}
    try:
        where.mkdir(parents=True, exist_ok=True)
        text = json.dumps(record, indent=2, ensure_ascii=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".spool-", suffix=".json")
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        target = where / f"{_safe_name(summary.get('reference'))}.json"
        os.replace(temporary, target)
        return target
    except (OSError, TypeError, ValueError):
        logger.exception("handoff %s could not be spooled", summary.get("reference"))
        return None


def _safe_name(reference: Any) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "_", str(reference or "unknown"))[:40]


def _storable(value: Any) -> Any:
    """The record with every lone surrogate replaced, so the database can always take it."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_storable(v) for v in value]
    if isinstance(value, dict):
        return {k: _storable(v) for k, v in value.items()}
    return value


def land(service: HandoffService, record: Dict[str, Any]) -> str:
    """Store one spooled record: open its handoff, or bring the existing one up to date; its reference."""
    summary, transcript = _storable(record["summary"]), _storable(record.get("transcript") or [])
    reference = service.keep(summary, transcript)["reference"]
    if record.get("danger"):
        service.raise_to_immediate(reference, DANGER_LATER, transcript)
    return reference


def drain(service: HandoffService, directory: Optional[Path] = None) -> List[str]:
    """Store every spooled record that the database takes now; the references stored.

    Each file is first renamed to `.landing`, so a newer record for the same handoff written
    meanwhile is never deleted by mistake. A record that cannot be stored yet goes back for the
    next drain (the database away stops this drain); one that is not a record at all (not JSON,
    no reference) is renamed `.unreadable` and logged, so it is kept for a person.
    """
    from sqlalchemy.exc import OperationalError

    where = directory or spool_directory()
    landed: List[str] = []
    for interrupted in where.glob("*.landing") if where.is_dir() else []:  # a drain that died mid-way
        if not interrupted.with_suffix(".json").exists():
            interrupted.replace(interrupted.with_suffix(".json"))
    for path in sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime) if where.is_dir() else []:
        taken = path.with_suffix(".landing")
        try:
            os.replace(path, taken)
            record = json.loads(taken.read_text(encoding="ascii"))
            record["summary"]["reference"]
        except FileNotFoundError:
            continue  # another drain took it
        except (OSError, ValueError, KeyError, TypeError):
            logger.exception("spool file %s is unreadable; kept as .unreadable", path.name)
            taken.replace(path.with_suffix(".unreadable"))
            continue
        try:
            landed.append(land(service, record))
        except Exception as error:  # noqa: BLE001 - not stored: it stays spooled
            if not path.exists():  # a newer record for this handoff replaces this one
                taken.replace(path)
            taken.unlink(missing_ok=True)
            logger.warning("spooled handoff %s not stored yet", path.stem, exc_info=True)
            if isinstance(error, OperationalError):
                break  # the database is away (down, locked, read-only): try again next time
            continue
        taken.unlink(missing_ok=True)
        logger.info("spooled handoff %s is now in the database", landed[-1])
    return landed
