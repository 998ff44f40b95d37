"""`helpline purge` (bot/privacy/purge_cli.py) through a parser built the way bot/cli.py builds its own."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.privacy import purge_cli
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import get_handoff, save_handoff, set_status
from bot.storage.migrate import upgrade
from bot.storage.models import Handoff, Purge, utcnow
from bot.storage.outbox import mark_delivered, outbox_events
from tests.bot.storage.examples import summary, transcript


@pytest.fixture(autouse=True)
def own_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The purge also looks at the spool and the rotated logs: never the project's own var/."""
    monkeypatch.setenv("HELPLINE_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("HELPLINE_SPOOL_DIR", str(tmp_path / "spool"))


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="helpline")
    commands = parser.add_subparsers(dest="command", required=True)
    purge_cli.add_commands(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


@pytest.fixture
def database(tmp_path: Path) -> str:
    """A migrated handoff database with one handoff closed 100 days ago (its event delivered) and one open."""
    url = f"sqlite:///{tmp_path / 'helpline.db'}"
    upgrade(url)
    sessions = session_factory(make_engine(url))
    for reference in ("HO-OLD001", "HO-OPEN01"):
        save_handoff(sessions, summary(reference), transcript())
    set_status(sessions, "HO-OLD001", "closed", by="Sam Carter")
    for event in outbox_events(sessions, "HO-OLD001"):
        mark_delivered(sessions, event["id"], utcnow())
    with sessions.begin() as session:
        session.execute(update(Handoff).where(Handoff.reference == "HO-OLD001").values(closed_at=utcnow() - timedelta(days=100)))
    return url


def sessions_for(url: str):
    return session_factory(make_engine(url))


def test_dry_run_as_json_then_for_real(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["purge", "--database-url", database, "--tracker-url", f"sqlite:///{tmp_path / 'no-tracker.db'}"]
    assert run([*base, "--older-than", "30", "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] is True and report["older_than_days"] == 30
    assert report["handoffs"] == 1 and report["references"] == ["HO-OLD001"]
    assert report["cutoff"].endswith("Z") and report["purge_id"] is None
    assert get_handoff(sessions_for(database), "HO-OLD001") is not None

    assert run([*base, "--older-than", "30"]) == 0
    out = capsys.readouterr().out
    assert "Deleted what is older than 30 days" in out and "HO-OLD001" in out and "Recorded as purge #1." in out
    sessions = sessions_for(database)
    assert get_handoff(sessions, "HO-OLD001") is None and get_handoff(sessions, "HO-OPEN01") is not None
    with sessions() as session:
        assert session.execute(select(func.count()).select_from(Purge)).scalar_one() == 1


def test_days_default_to_the_retention_setting(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    base = ["purge", "--database-url", database, "--tracker-url", f"sqlite:///{tmp_path / 'none.db'}", "--dry-run", "--json"]
    monkeypatch.delenv("HELPLINE_RETENTION_DAYS", raising=False)
    assert run(base) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["older_than_days"], report["handoffs"]) == (90, 1)  # closed 100 days ago
    monkeypatch.setenv("HELPLINE_RETENTION_DAYS", "365")
    assert run(base) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["older_than_days"], report["handoffs"]) == (365, 0)
    monkeypatch.setenv("HELPLINE_RETENTION_DAYS", "forever")
    assert run(base) == 2
    assert "HELPLINE_RETENTION_DAYS" in capsys.readouterr().err


def test_zero_days_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(["purge", "--older-than", "0"])
    assert exit_.value.code == 2
    assert "at least 1 day" in capsys.readouterr().err


def test_a_tracker_store_it_cannot_reach_is_said_plainly(database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: redis\n  url: localhost\n")
    assert run(["purge", "--database-url", database, "--endpoints", str(endpoints), "--dry-run"]) == 2
    assert "not SQL" in capsys.readouterr().err
