"""Quiet intakes end as `left`: the console's background sweep over HandoffService.end_quiet_intakes."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import update

from bot.console import sweeper as console_sweeper
from bot.console.sweeper import intake_idle_from_env, sweep_quiet_intakes
from bot.storage.handoffs import get_handoff
from bot.storage.models import Handoff, utcnow
from tests.bot.console.conftest import add_collecting


def quiet_since(sf, reference: str, minutes: float) -> None:
    with sf.begin() as session:
        session.execute(update(Handoff).where(Handoff.reference == reference)
                        .values(updated_at=utcnow() - timedelta(minutes=minutes)))


def test_a_sweep_ends_a_quiet_intake_as_left_and_leaves_a_fresh_one_alone(sf, caplog):
    add_collecting(sf, "HO-QUIET1")
    add_collecting(sf, "HO-FRESH1")
    quiet_since(sf, "HO-QUIET1", 6)
    quiet_since(sf, "HO-FRESH1", 1)
    with caplog.at_level(logging.INFO, logger="bot.console.sweeper"):
        assert sweep_quiet_intakes(sf, timedelta(minutes=5)) == ["HO-QUIET1"]
    assert "HO-QUIET1" in caplog.text
    quiet, fresh = get_handoff(sf, "HO-QUIET1"), get_handoff(sf, "HO-FRESH1")
    assert (quiet["status"], quiet["intake_status"]) == ("waiting", "left")
    assert (fresh["status"], fresh["intake_status"]) == ("collecting", "in_progress")
    assert sweep_quiet_intakes(sf, timedelta(minutes=5)) == []  # nothing left to end


def test_a_database_error_is_logged_and_the_sweep_carries_on(caplog):
    def broken():
        raise OSError("database is away")

    broken.begin = broken
    with caplog.at_level(logging.ERROR, logger="bot.console.sweeper"):
        assert sweep_quiet_intakes(broken, timedelta(minutes=5)) == []
    assert "could not end quiet intakes" in caplog.text


def test_the_idle_time_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv("HELPLINE_INTAKE_IDLE_MINUTES", raising=False)
    assert intake_idle_from_env() == timedelta(minutes=5)
    monkeypatch.setenv("HELPLINE_INTAKE_IDLE_MINUTES", "0.1")
    assert intake_idle_from_env() == timedelta(seconds=6)
    for bad in ("soon", "-1", "0", "nan"):
        monkeypatch.setenv("HELPLINE_INTAKE_IDLE_MINUTES", bad)
        assert intake_idle_from_env() == timedelta(minutes=5)


async def test_the_running_console_sweeps_by_itself_and_survives_errors(sf, monkeypatch, start_console):
    add_collecting(sf, "HO-QUIET1")
    add_collecting(sf, "HO-FRESH1")
    quiet_since(sf, "HO-QUIET1", 1)
    calls = {"n": 0}
    real = console_sweeper.sweep_quiet_intakes

    def flaky(session_factory, quiet_for):
        calls["n"] += 1
        if calls["n"] == 1:  # the first sweep meets a broken database
            def broken():
                raise OSError("database is away")
            broken.begin = broken
            return real(broken, quiet_for)
        return real(session_factory, quiet_for)

    monkeypatch.setattr(console_sweeper, "sweep_quiet_intakes", flaky)
    monkeypatch.setenv("HELPLINE_INTAKE_IDLE_MINUTES", "0.5")

    await start_console(sweep_every=0.1)
    for _ in range(50):
        if get_handoff(sf, "HO-QUIET1")["status"] == "waiting":
            break
        await asyncio.sleep(0.1)
    assert calls["n"] >= 2
    assert get_handoff(sf, "HO-QUIET1")["intake_status"] == "left"
    assert get_handoff(sf, "HO-FRESH1")["status"] == "collecting"
