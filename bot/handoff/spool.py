"""The last resort when the database cannot take a concern: a file per handoff under var/handoff-spool/.

Written atomically (a temporary file, then a rename), with every character escaped as ASCII, so
a crash mid-write or a lone surrogate in a message never leaves an empty or unreadable file.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

from bot import project

logger = logging.getLogger(__name__)
SPOOL = project.ROOT / "var" / "handoff-spool"


def spool(summary: Dict[str, Any], directory: Optional[Path] = None) -> Optional[Path]:
    """Write the summary to `<reference>.json` in the spool; the path, or None if even that failed."""
    where = directory or SPOOL
    try:
        where.mkdir(parents=True, exist_ok=True)
        text = json.dumps(summary, indent=2, ensure_ascii=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".spool-", suffix=".json")
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        target = where / f"{summary.get('reference', 'unknown')}.json"
        os.replace(temporary, target)
        return target
    except (OSError, TypeError, ValueError):
        logger.exception("handoff %s could not be spooled", summary.get("reference"))
        return None
