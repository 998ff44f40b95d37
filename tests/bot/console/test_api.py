"""The JSON API: bearer tokens (hashed at rest, expiring, revocable), the same rules as the pages, clear errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot import cli
from bot.storage import console as store
from bot.storage.console_models import ApiToken, ConsoleUser
from bot.storage.handoffs import get_handoff, parse_timestamp
from bot.storage.models import utcnow
from tests.bot.console.conftest import add_handoff


async def test_api_with_a_bearer_token_works_and_a_wrong_token_gets_401(sf, rasa, start_console):
    add_handoff(sf)
    add_handoff(sf, "HO-URGENT", urgency="immediate")
    token = store.create_api_token(sf, "Alice Smith")
    with sf() as session:
        stored = session.execute(select(ApiToken.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64  # only a hash is kept

    console = await start_console(rasa.url)
    api = console.client(Authorization=f"Bearer {token}")
    async with api.get("/api/handoffs") as response:
        assert response.status == 200
        refs = [h["reference"] for h in (await response.json())["handoffs"]]
        assert refs == ["HO-URGENT", "HO-7K2M9Q"]
    async with api.get("/api/handoffs/HO-7K2M9Q") as response:
        document = await response.json()
        assert document["child"]["location"] == "Croydon" and len(document["transcript"]) == 3
    async with api.post("/api/handoffs/HO-7K2M9Q/claim") as response:  # no CSRF needed with a token
        assert response.status == 200
        assert (await response.json())["handling"]["claimed_by"] == "Alice Smith"
    async with api.post("/api/handoffs/HO-7K2M9Q/messages", json={"text": "Hi, Alice here"}) as response:
        assert response.status == 201
        assert await response.json() == {"stored": True, "relayed": True}
    assert rasa.events[-1][1]["metadata"] == {"from": "counsellor", "name": "Alice"}
    async with api.post("/api/handoffs/HO-7K2M9Q/messages", json={"text": ""}) as response:
        assert response.status == 400
    async with api.post("/api/handoffs/HO-7K2M9Q/messages", data=b"not json") as response:
        assert response.status == 400
    async with api.post("/api/handoffs/HO-7K2M9Q/close", json={"outcome": "whatever"}) as response:
        assert response.status == 400
        assert "advice given" in (await response.json())["error"]
    async with api.post("/api/handoffs/HO-7K2M9Q/close", json={"outcome": "police informed"}) as response:
        assert response.status == 200 and (await response.json())["status"] == "closed"
    async with api.get("/api/handoffs/HO-NOPE99") as response:
        assert response.status == 404 and "error" in await response.json()

    for header in (f"Bearer {token}x", "Bearer ", "Basic abc", token):
        wrong = console.client(Authorization=header)
        async with wrong.get("/api/handoffs") as response:
            assert response.status == 401, header
        async with wrong.post("/api/handoffs/HO-URGENT/claim") as response:
            assert response.status == 401, header
    # A token only opens the API, not the pages.
    async with api.get("/", allow_redirects=False) as response:
        assert response.status == 302
    assert get_handoff(sf, "HO-URGENT")["status"] == "waiting"


async def test_api_claim_race_and_message_rules(sf, console):
    add_handoff(sf)
    tokens = {name: store.create_api_token(sf, name) for name in ("Alice Smith", "Bob Jones")}
    import asyncio

    clients = {n: console.client(Authorization=f"Bearer {t}") for n, t in tokens.items()}

    async def claim(client):
        async with client.post("/api/handoffs/HO-7K2M9Q/claim") as response:
            return response.status
    statuses = await asyncio.gather(*(claim(c) for c in clients.values()))
    assert sorted(statuses) == [200, 409]
    winner = get_handoff(sf, "HO-7K2M9Q")["handling"]["claimed_by"]
    loser = next(n for n in clients if n != winner)
    async with clients[loser].post("/api/handoffs/HO-7K2M9Q/messages", json={"text": "hi"}) as response:
        assert response.status == 403
    async with clients[loser].post("/api/handoffs/HO-7K2M9Q/close", json={"outcome": "advice given"}) as response:
        assert response.status == 403


def test_cli_adds_users_from_stdin_and_creates_tokens(sf, tmp_path, monkeypatch, capsys):
    url = str(sf.kw["bind"].url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["users", "add", "Carol Kay", "--role", "admin"]) == 0
    with sf() as session:
        assert session.execute(select(ConsoleUser.role).where(ConsoleUser.name == "Carol Kay")).scalar_one() == "admin"
    assert store.check_login(sf, "Carol Kay", "a long enough password", ()).user["name"] == "Carol Kay"

    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert cli.main(["users", "add", "Dan"]) == 2
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["users", "add", "Carol Kay"]) == 2  # already exists

    capsys.readouterr()
    assert cli.main(["tokens", "create", "Carol Kay"]) == 0
    token = capsys.readouterr().out.strip()
    assert token.startswith("hl_") and store.token_user(sf, token)["name"] == "Carol Kay"
    assert cli.main(["tokens", "create", "Nobody"]) == 2

    help_text = subprocess.run([sys.executable, "-m", "bot.cli", "users", "add", "--help"], capture_output=True, text=True).stdout
    assert "--password" not in help_text  # never on the command line


async def test_expired_and_revoked_tokens_get_401(sf, console):
    fresh = store.create_api_token(sf, "Alice Smith", days=1, label="case system")
    expiring = store.create_api_token(sf, "Alice Smith")
    revoked = store.create_api_token(sf, "Bob Jones", label="old script")

    async def status(token: str) -> tuple[int, dict]:
        async with console.client(Authorization=f"Bearer {token}").get("/api/handoffs") as response:
            return response.status, await response.json()

    assert [(await status(t))[0] for t in (fresh, expiring, revoked)] == [200, 200, 200]
    with sf.begin() as session:
        session.execute(update(ApiToken).where(ApiToken.token_hash == store._digest(expiring))
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    store.revoke_api_token(sf, store.api_token_info(sf, revoked)["id"])
    for token in (expiring, revoked):
        code, body = await status(token)
        assert code == 401 and body == {"error": "invalid, expired or revoked API token"}
    assert (await status(fresh))[0] == 200
    info = store.api_token_info(sf, fresh)
    assert info["label"] == "case system" and info["last_used_at"] is not None
    assert parse_timestamp(info["expires_at"]) - parse_timestamp(info["created_at"]) == timedelta(days=1)
    default = store.api_token_info(sf, revoked)  # created without days
    assert parse_timestamp(default["expires_at"]) - parse_timestamp(default["created_at"]) == timedelta(days=90)


def test_cli_tokens_list_and_revoke_never_show_a_token(sf, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", str(sf.kw["bind"].url))
    assert cli.main(["tokens", "create", "Alice Smith", "--days", "7", "--label", "nightly export"]) == 0
    created = capsys.readouterr()
    token = created.out.strip()
    assert token.startswith("hl_") and "\n" not in token
    assert "Token 1 for Alice Smith, expires" in created.err and token not in created.err
    assert cli.main(["tokens", "create", "Bob Jones"]) == 0
    other = capsys.readouterr().out.strip()
    secrets_ = {token, other, store._digest(token), store._digest(other)}

    assert cli.main(["tokens", "list"]) == 0
    table = capsys.readouterr().out
    assert not any(s in table for s in secrets_)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["ID", "USER", "LABEL"]
    assert "Alice Smith" in lines[1] and "nightly export" in lines[1] and lines[1].rstrip().endswith("-")
    assert cli.main(["tokens", "list", "--json"]) == 0
    listed_json = capsys.readouterr().out
    assert not any(s in listed_json for s in secrets_)
    listed = json.loads(listed_json)
    assert [t["id"] for t in listed] == [1, 2]
    assert set(listed[0]) == {"id", "user", "label", "created_at", "expires_at", "last_used_at", "revoked_at"}
    assert listed[1]["label"] is None and listed[0]["revoked_at"] is None

    assert cli.main(["tokens", "revoke", "1"]) == 0
    assert "Token 1 of Alice Smith (nightly export) revoked at" in capsys.readouterr().out
    assert store.token_user(sf, token) is None and store.token_user(sf, other)["name"] == "Bob Jones"
    assert cli.main(["tokens", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["revoked_at"] is not None
    assert cli.main(["tokens", "revoke", "99"]) == 2
    assert "no API token with id 99" in capsys.readouterr().err

    for days in ("0", "366", "soon"):
        with pytest.raises(SystemExit) as refused:
            cli.main(["tokens", "create", "Alice Smith", "--days", days])
        assert refused.value.code == 2
    assert cli.main(["tokens", "create", "Alice Smith", "--label", "x" * 65]) == 2
    assert "at most 64 characters" in capsys.readouterr().err
