"""Nothing without a login (every route: test_routes.py; forged posts: test_csrf.py; logging in: test_login.py,
test_throttle.py), and what each role may do to a handoff."""

from __future__ import annotations

from bot.console.auth import may_close, may_manage
from bot.storage.handoffs import get_handoff
from tests.bot.console.conftest import PASSWORD, Browser, add_handoff

HTML_GETS = ["/", "/queue/events", "/handoffs/HO-7K2M9Q", "/handoffs/HO-7K2M9Q/events", "/handoffs/HO-NOPE"]
HTML_POSTS = [f"/handoffs/HO-7K2M9Q/{a}" for a in ("claim", "release", "transfer", "notes", "messages", "close")] + [
    "/logout", "/logout/everywhere"]
API = [
    ("GET", "/api/handoffs"), ("GET", "/api/handoffs/HO-7K2M9Q"), ("POST", "/api/handoffs/HO-7K2M9Q/claim"),
    ("POST", "/api/handoffs/HO-7K2M9Q/messages"), ("POST", "/api/handoffs/HO-7K2M9Q/close"),
]


async def test_every_route_without_a_session_redirects_to_login_or_answers_401(sf, console):
    add_handoff(sf)

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
    assert get_handoff(sf, "HO-7K2M9Q")["status"] == "waiting"


async def test_login_sets_a_strict_httponly_cookie_and_logout_ends_the_session(sf, console):
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


ALICE = {"name": "Alice Smith", "role": "counsellor"}
ADMIN = {"name": "Ada Admin", "role": "admin"}


def test_the_holder_or_an_admin_may_release_or_transfer_a_claimed_handoff():
    assert may_manage(ALICE, "Alice Smith") and may_manage(ADMIN, "Alice Smith")
    assert not may_manage(ALICE, "Bob Jones")
    assert not may_manage(ALICE, None) and not may_manage(ADMIN, None)  # nothing to release when nobody has it


def test_the_holder_or_an_admin_may_close_an_open_handoff():
    assert may_close(ALICE, "Alice Smith", "claimed") and may_close(ADMIN, "Bob Jones", "claimed")
    assert may_close(ADMIN, None, "waiting")
    assert not may_close(ALICE, "Bob Jones", "claimed") and not may_close(ALICE, None, "waiting")
    assert not may_close(ALICE, "Alice Smith", "closed") and not may_close(ADMIN, None, "closed")
