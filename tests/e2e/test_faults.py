"""Faults in the real processes: what the professional sees, what is stored, and that every concern
reaches the console exactly once afterwards. The README's fault table is this file.

Each test breaks one thing in the running stack (tests/conftest.py `bot`, supervised as `make run`
is) and mends it, so they run one after another on the same processes.
"""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import list_handoffs
from tests.e2e.chat import Conversation

pytestmark = pytest.mark.e2e
PHONE, EMAIL = "0808 800 5000", "help@nspcc.org.uk"
FAULT_SECONDS = 30


@pytest.fixture(scope="module")
def sessions(bot):
    return session_factory(make_engine(bot.database_url))


def handoffs_of(sessions, chat: Conversation) -> list[dict]:
    return [h for h in list_handoffs(sessions) if h["conversation_id"] == chat.sender]


def eventually_one_handoff(sessions, chat: Conversation, timeout: float = 30) -> dict:
    """The conversation's one handoff, once it has landed (a spooled one lands within seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        found = handoffs_of(sessions, chat)
        if found or time.monotonic() > deadline:
            assert len(found) == 1, found
            return found[0]
        time.sleep(0.5)


def spool_drained(bot, timeout: float = 30) -> None:
    """Wait until every spooled record is in the database (the action server drains every 5 s)."""
    deadline = time.monotonic() + timeout
    while list(bot.spool_dir.glob("*.json")):
        assert time.monotonic() < deadline, "the spool was not drained"
        time.sleep(0.5)


def said_by_user(handoff: dict) -> list[str]:
    return [m["text"] for m in handoff["transcript"] if m["sender"] == "user"]


def database_file(bot) -> Path:
    return Path(bot.database_url.removeprefix("sqlite:///"))


@contextmanager
def locked(path: Path, seconds: float) -> Iterator[None]:
    """Another program holds the handoff database's write lock for `seconds` (in the background)."""
    connection = sqlite3.connect(path, timeout=30, check_same_thread=False)
    connection.execute("BEGIN EXCLUSIVE")
    timer = threading.Timer(seconds, connection.rollback)
    timer.start()
    try:
        yield
    finally:
        timer.join()
        connection.close()


@contextmanager
def read_only(path: Path, seconds: float) -> Iterator[None]:
    """The handoff database (and its journal) cannot be written for `seconds`, as on a full or failing disk."""
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    subprocess.run(["chattr", "+i", *map(str, files)], check=True)
    timer = threading.Timer(seconds, lambda: subprocess.run(["chattr", "-i", *map(str, files)], check=True))
    timer.start()
    try:
        yield
    finally:
        timer.join()


def can_make_files_immutable(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.write_text("x")
    made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    subprocess.run(["chattr", "-i", str(probe)], capture_output=True)
    return made


def test_action_server_killed_the_professional_gets_the_number_and_the_concern_is_kept(bot, sessions):
    chat = Conversation(bot.url)
    bot.kill_action_server()
    reply = chat.reply("I'm a teacher, one of my year 8 girls says an older man picks her up and gives her drugs")
    assert PHONE in reply and EMAIL in reply and "999" in reply
    while_away = eventually_one_handoff(sessions, chat, timeout=5)  # opened by the Rasa process itself
    assert while_away["status"] == "collecting"
    assert "one of my year 8 girls" in " ".join(said_by_user(while_away))

    bot.wait_until_ready(timeout=60)  # the runner has started it again
    chat.reply("she is 12 and lives in Leeds")
    chat.reply("stop")
    handoff = eventually_one_handoff(sessions, chat)
    assert handoff["reference"] == while_away["reference"]  # the same case, not a second one
    assert handoff["status"] == "waiting"
    assert said_by_user(handoff)[:2] == [
        "I'm a teacher, one of my year 8 girls says an older man picks her up and gives her drugs", "she is 12 and lives in Leeds",
    ]


def test_rasa_killed_mid_intake_the_conversation_carries_on_in_the_same_case(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("worried about a 15 year old boy at our youth club, he has lots of cash and new trainers")
    bot.kill_rasa_server()
    with pytest.raises(OSError):  # nothing listens: the website shows its outage banner with 999 and the number
        chat.reply("he goes missing for days")
    bot.wait_until_ready(timeout=180)  # restarted by the runner
    chat.reply("he goes missing for days")
    chat.reply("stop")
    handoff = eventually_one_handoff(sessions, chat)
    assert handoff["status"] == "waiting"
    assert "he goes missing for days" in said_by_user(handoff)


def test_database_locked_for_30_seconds_the_concern_is_spooled_and_reaches_the_console_once(bot, sessions):
    chat = Conversation(bot.url)
    with locked(database_file(bot), FAULT_SECONDS):
        reply = chat.reply("a 14 year old in my class says she's being taken to parties in Bristol and given alcohol")
        assert PHONE in reply  # told something: the case is open, or call the number now
        chat.reply("she is 14")
    spool_drained(bot)
    handoff = eventually_one_handoff(sessions, chat)
    assert "she is 14" in said_by_user(handoff)
    assert said_by_user(handoff)[0].startswith("a 14 year old in my class")


def test_database_read_only_for_30_seconds_a_danger_message_gets_999_and_reaches_the_console_once(bot, sessions, tmp_path):
    if not can_make_files_immutable(tmp_path):
        pytest.skip("chattr +i needs root on a filesystem with immutable files")
    chat = Conversation(bot.url)
    chat.reply("I'm a school nurse, a 13 year old girl told me a man is making her sell drugs")
    with read_only(database_file(bot), FAULT_SECONDS):
        reply = chat.reply("he is outside the school gates right now waiting for her")
        assert "999" in reply
    spool_drained(bot)
    handoff = eventually_one_handoff(sessions, chat)
    assert "he is outside the school gates right now waiting for her" in said_by_user(handoff)
    assert handoff["urgency"] == "immediate"
