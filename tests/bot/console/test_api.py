"""The JSON API: bearer tokens (hashed at rest), the same rules as the pages, clear errors."""

from __future__ import annotations

import io
import subprocess
import sys

from sqlalchemy import select

from bot import cli
from bot.storage import console as store
from bot.storage.console_models import ApiToken, ConsoleUser
from bot.storage.handoffs import get_handoff
from tests.bot.console.conftest import Console, FakeRasa, add_handoff, run


def test_api_with_a_bearer_token_works_and_a_wrong_token_gets_401(sf):
    add_handoff(sf)
    add_handoff(sf, "HO-URGENT", urgency="immediate")
    token = store.create_api_token(sf, "Alice Smith")
    with sf() as session:
        stored = session.execute(select(ApiToken.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64  # only a hash is kept

    async def body():
        async with FakeRasa() as rasa, Console(sf, rasa.url) as console:
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

    run(body())
    assert get_handoff(sf, "HO-URGENT")["status"] == "waiting"


def test_api_claim_race_and_message_rules(sf):
    add_handoff(sf)
    tokens = {name: store.create_api_token(sf, name) for name in ("Alice Smith", "Bob Jones")}

    async def body():
        import asyncio

        async with Console(sf) as console:
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

    run(body())


def test_cli_adds_users_from_stdin_and_creates_tokens(sf, tmp_path, monkeypatch, capsys):
    url = str(sf.kw["bind"].url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert cli.main(["users", "add", "Carol Kay", "--role", "admin"]) == 0
    with sf() as session:
        assert session.execute(select(ConsoleUser.role).where(ConsoleUser.name == "Carol Kay")).scalar_one() == "admin"
    assert store.check_login(sf, "Carol Kay", "a long enough password")[1] == "ok"

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
