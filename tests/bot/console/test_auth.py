"""Login, logout, CSRF and lockout: nothing without a login, no POST without the session's token."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.storage.console_models import ConsoleUser
from bot.storage.handoffs import get_handoff
from bot.storage.models import utcnow
from tests.bot.console.conftest import PASSWORD, Browser, Console, add_handoff, run

HTML_GETS = ["/", "/queue/events", "/handoffs/HO-7K2M9Q", "/handoffs/HO-7K2M9Q/events", "/handoffs/HO-NOPE"]
HTML_POSTS = [f"/handoffs/HO-7K2M9Q/{a}" for a in ("claim", "release", "transfer", "notes", "messages", "close")] + ["/logout"]
API = [
    ("GET", "/api/handoffs"), ("GET", "/api/handoffs/HO-7K2M9Q"), ("POST", "/api/handoffs/HO-7K2M9Q/claim"),
    ("POST", "/api/handoffs/HO-7K2M9Q/messages"), ("POST", "/api/handoffs/HO-7K2M9Q/close"),
]


def test_every_route_without_a_session_redirects_to_login_or_answers_401(sf):
    add_handoff(sf)

    async def body():
        async with Console(sf) as console:
            client = console.client()
            for path in HTML_GETS:
                async with client.get(path, allow_redirects=False) as response:
                    assert response.status == 302, path
                    assert response.headers["Location"].startswith("/login?next="), path
            for path in HTML_POSTS:
                async with client.post(path, data={"text": "hi"}, allow_redirects=False) as response:
                    assert response.status == 302, path
                    assert response.headers["Location"].startswith("/login"), path
            for method, path in API:
                async with client.request(method, path, json={}) as response:
                    assert response.status == 401, path
                    assert "error" in await response.json()
            # A forged cookie is no session either.
            forged = console.client()
            forged.cookie_jar.update_cookies({"helpline_session": "not-a-real-token"})
            async with forged.get("/", allow_redirects=False) as response:
                assert response.status == 302

    run(body())
    assert get_handoff(sf, "HO-7K2M9Q")["status"] == "waiting"


def test_login_sets_a_strict_httponly_cookie_and_logout_ends_the_session(sf):
    async def body():
        async with Console(sf) as console:
            browser = Browser(console.client())
            response = await browser.login("Alice Smith", PASSWORD)
            assert response.status == 303
            cookie = response.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
            status, page = await browser.get("/")
            assert status == 200 and "Alice Smith" in page
            token = browser.session.cookie_jar.filter_cookies(console.url)["helpline_session"].value
            status, location, _ = await browser.post("/logout")
            assert (status, location) == (303, "/login")
            # The old cookie, replayed, is dead on the server too.
            replay = console.client()
            replay.cookie_jar.update_cookies({"helpline_session": token})
            async with replay.get("/", allow_redirects=False) as response:
                assert response.status == 302

    run(body())


def test_a_post_without_the_csrf_token_is_rejected(sf):
    add_handoff(sf)

    async def body():
        async with Console(sf) as console:
            alice = await console.login("Alice Smith")
            status, _, page = await alice.post("/handoffs/HO-7K2M9Q/claim", csrf=False)
            assert status == 403 and "security token" in page
            status, _, _ = await alice.post("/handoffs/HO-7K2M9Q/claim", {"csrf_token": "guess"}, csrf=False)
            assert status == 403
            # Bob's token is not Alice's.
            bob = await console.login("Bob Jones")
            status, _, _ = await alice.post("/handoffs/HO-7K2M9Q/claim", {"csrf_token": bob.csrf}, csrf=False)
            assert status == 403
            # Cookie-authenticated API POSTs need it too (as X-CSRF-Token).
            async with alice.session.post("/api/handoffs/HO-7K2M9Q/claim") as response:
                assert response.status == 403
            # The login form itself is protected as well.
            async with console.client().post("/login", data={"name": "Alice Smith", "password": PASSWORD}) as response:
                assert response.status == 403
            status, location, _ = await alice.post("/handoffs/HO-7K2M9Q/claim")
            assert status == 303

    run(body())
    assert get_handoff(sf, "HO-7K2M9Q")["handling"]["claimed_by"] == "Alice Smith"


def test_five_failed_logins_lock_the_account_for_15_minutes(sf):
    async def body():
        async with Console(sf) as console:
            browser = Browser(console.client())
            for _ in range(4):
                assert (await browser.login("Alice Smith", "wrong password!")).status == 401
            locked = await browser.login("Alice Smith", "wrong password!")
            assert locked.status == 429
            # Even the right password is refused while locked.
            response = await browser.login("Alice Smith", PASSWORD)
            assert response.status == 429
            assert "locked for 15 minutes" in await response.text()
            # Others are not affected.
            assert (await Browser(console.client()).login("Bob Jones", PASSWORD)).status == 303
            # After the 15 minutes, the right password works again.
            with sf.begin() as session:
                session.execute(
                    update(ConsoleUser).where(ConsoleUser.name == "Alice Smith").values(locked_until=utcnow() - timedelta(seconds=1))
                )
            assert (await browser.login("Alice Smith", PASSWORD)).status == 303

    run(body())


def test_unknown_name_and_empty_fields_get_a_clear_message(sf):
    async def body():
        async with Console(sf) as console:
            browser = Browser(console.client())
            response = await browser.login("Nobody", PASSWORD)
            assert response.status == 401
            assert "do not match" in await response.text()
            response = await browser.login("", "")
            assert response.status == 400

    run(body())


def test_login_redirects_only_to_local_paths(sf):
    async def body():
        async with Console(sf) as console:
            client = console.client()
            async with client.get("/login?next=//evil.example/x") as page:
                text = await page.text()
            assert 'name="next" value="/"' in text

    run(body())
