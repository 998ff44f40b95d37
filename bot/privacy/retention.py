"""How long personal data is kept: HELPLINE_RETENTION_DAYS, 90 days unless the deployment says otherwise.

../shared/handoff_summary.md leaves the number to the deployment ("Personal data follows the
retention policy of the deployment (a purge command deletes it after N days)"). Why 90 by
default: a closed handoff is still needed for a while after the call, for the counsellor's
callback, the professional who rings back about the same child ("I spoke to you last month"),
and a complaint or a safeguarding review asking what the service was told; the case system that
bot/delivery sends each handoff to keeps the lasting record. Longer keeps details of children at
risk in a second place for no reason. A deployment sets its own number from its records policy
and data protection impact assessment.
"""

from __future__ import annotations

import os
from typing import Mapping, Optional

from bot.settings import whole_number

ENV = "HELPLINE_RETENTION_DAYS"
DEFAULT_DAYS = 90


def retention_days(environ: Optional[Mapping[str, str]] = None) -> int:
    """HELPLINE_RETENTION_DAYS (whole days, at least 1), or 90 when it is unset or empty.

    A value that is not a whole number of at least one day raises ValueError: a typo must not
    silently turn into a different retention period.
    """
    return whole_number(os.environ if environ is None else environ, ENV, DEFAULT_DAYS, 1, unit="day")
