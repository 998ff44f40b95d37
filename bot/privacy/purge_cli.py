"""`helpline purge`: delete what is older than the retention period (bot/privacy/purge.py).

    helpline purge                        # older than HELPLINE_RETENTION_DAYS (90 by default)
    helpline purge --older-than 30 --dry-run
    helpline purge --json                 # the counts as JSON, for a scheduler's log

bot/cli.py wires it in with `purge_cli.add_commands(commands)`. Meant to run daily from cron or
a systemd timer; every run that deletes writes a row to the `purges` table.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from bot.privacy.retention import ENV, retention_days


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number of days, not {value!r}") from None
    if days < 1:
        raise argparse.ArgumentTypeError("at least 1 day (0 would delete every closed handoff)")
    return days


def _actor() -> str:
    try:
        return f"helpline purge ({getpass.getuser()})"
    except Exception:  # noqa: BLE001 - no user name in a container is not a reason to refuse
        return "helpline purge"


def _purge(args: argparse.Namespace) -> int:
    from bot.privacy.purge import TrackerStoreError, describe, purge
    from bot.storage.database import database_url
    from bot.storage.migrate import migrated_sessions

    try:
        days = args.older_than if args.older_than is not None else retention_days()
    except ValueError as error:
        print(f"helpline purge: {error}", file=sys.stderr)
        return 2
    try:
        result = purge(
            migrated_sessions(args.database_url or database_url()),
            days,
            tracker_url=args.tracker_url,
            endpoints=args.endpoints,
            actor=_actor(),
            dry_run=args.dry_run,
        )
    except TrackerStoreError as error:
        print(f"helpline purge: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
    else:
        for line in describe(result):
            print(line)
    return 0


def add_commands(subparsers: Any) -> None:
    """Add `purge` to the `helpline` command's subparsers (from `parser.add_subparsers()`)."""
    command = subparsers.add_parser(
        "purge",
        help="delete conversations and closed handoffs older than the retention period",
        description=(
            "Delete Rasa conversations whose last event is older than DAYS, and handoffs closed more than "
            "DAYS ago with their transcripts, notes, audit entries and sent outbox events. A conversation "
            "with an open handoff is never deleted. Every real run is recorded in the purges table."
        ),
    )
    command.add_argument(
        "--older-than", type=_days, default=None, metavar="DAYS",
        help=f"retention period in days (default: {ENV}, or 90)",
    )
    command.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    command.add_argument("--json", action="store_true", help="print the counts as JSON")
    command.add_argument("--database-url", default=None, help="handoff database (default: DATABASE_URL or var/helpline.db)")
    command.add_argument(
        "--endpoints", type=Path, default=None,
        help="Rasa endpoints file whose tracker_store holds the conversations (default: endpoints.yml)",
    )
    command.add_argument("--tracker-url", default=None, help="the tracker store's SQLAlchemy URL, instead of --endpoints")
    command.set_defaults(handler=_purge)
