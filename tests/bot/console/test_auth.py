"""Nothing without a login, no POST without the session's token (login itself: test_login.py, test_throttle.py)."""

from __future__ import annotations

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


async def test_a_post_without_the_csrf_token_is_rejected(sf, console):
    add_handoff(sf)

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
    assert get_handoff(sf, "HO-7K2M9Q")["handling"]["claimed_by"] == "Alice Smith"
