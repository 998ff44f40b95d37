"""`helpline handoffs list|show` read the database at DATABASE_URL (a temp SQLite file here)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from bot.cli import main
from bot.storage import handoffs
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import get_handoff, save_handoff, set_status
from bot.storage.migrate import upgrade
from tests.bot.storage.examples import summary, transcript

SCHEMA = json.loads(handoffs.schema_path().read_text())


@pytest.fixture
def cli_store(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def seed(store) -> None:
    save_handoff(store, summary("HO-AAAAA2", created_at="2026-11-23T09:00:00Z"), transcript())
    save_handoff(store, summary("HO-AAAAA3", urgency="immediate", created_at="2026-11-23T10:00:00Z",
                                reason="immediate_danger"), transcript())
    set_status(store, "HO-AAAAA2", "claimed", by="sam")


def test_list_on_a_new_database_migrates_it_and_says_there_is_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["handoffs", "list"]) == 0
    assert capsys.readouterr().out.strip() == "No handoffs."
    assert main(["handoffs", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_list_shows_a_table_most_urgent_first(cli_store, capsys):
    seed(cli_store)
    assert main(["handoffs", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["REFERENCE", "URGENCY", "STATUS"]
    assert lines[1].split()[:3] == ["HO-AAAAA3", "immediate", "waiting"]
    assert lines[2].split()[:3] == ["HO-AAAAA2", "standard", "claimed"]
    assert "sam" in lines[2] and "15, male, Romanian, Croydon" in lines[2]
    assert lines[-1] == "2 handoff(s), most urgent first."

    assert main(["handoffs", "list", "--status", "closed"]) == 0
    assert capsys.readouterr().out.strip() == "No closed handoffs."


def test_list_json_is_the_contract(cli_store, capsys):
    seed(cli_store)
    assert main(["handoffs", "list", "--json", "--status", "waiting"]) == 0
    documents = json.loads(capsys.readouterr().out)
    assert [d["reference"] for d in documents] == ["HO-AAAAA3"]
    for document in documents:
        jsonschema.validate(document, SCHEMA)


def test_show_prints_the_handoff_for_a_person_or_as_json(cli_store, capsys):
    seed(cli_store)
    assert main(["handoffs", "show", "HO-AAAAA2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HO-AAAAA2  STANDARD  claimed by sam")
    assert summary()["narrative"] in out
    assert "[situational] an older man holds his passport" in out
    assert "Transcript (3 messages):" in out and "yes please" in out

    assert main(["handoffs", "show", "ho-aaaaa2", "--json"]) == 0  # as a caller might type it
    document = json.loads(capsys.readouterr().out)
    assert document == get_handoff(cli_store, "HO-AAAAA2")
    jsonschema.validate(document, SCHEMA)


def test_show_of_an_unknown_reference_says_so_on_stderr_and_exits_1(cli_store, capsys):
    assert main(["handoffs", "show", "HO-NOPE22"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "No handoff with reference HO-NOPE22" in captured.err


def test_an_unreachable_database_is_a_clear_error_not_a_traceback(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert main(["handoffs", "list"]) == 1
    assert "Cannot use the database at sqlite:///" in capsys.readouterr().err
