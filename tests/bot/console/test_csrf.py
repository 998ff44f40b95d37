"""No state-changing request from another site: the session's token on every logged-in POST, a
double-submit token on the login form (bot/console/csrf.py)."""

from __future__ import annotations

from bot.console import routes
from bot.storage import console as store
from bot.storage.handoffs import get_handoff
from tests.bot.console.conftest import CSRF, PASSWORD, add_handoff, table


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


async def test_every_post_in_the_route_table_needs_the_session_token(sf, console):
    add_handoff(sf)
    alice = await console.login("Alice Smith")
    posts = [(method, path) for method, path in table(routes.SIGNED_IN) if method == "POST"]
    assert ("POST", "/logout/everywhere") in posts and ("POST", "/api/handoffs/HO-7K2M9Q/close") in posts
    for _, path in posts:
        async with alice.session.post(path, data={"text": "hi", "outcome": "advice given"},
                                      allow_redirects=False) as response:
            assert response.status == 403, path
    assert get_handoff(sf, "HO-7K2M9Q")["status"] == "waiting"
    assert store.list_notes(sf, "HO-7K2M9Q") == []
    assert (await alice.get("/"))[0] == 200  # still logged in: neither logout went through


async def test_a_logged_in_page_may_call_the_api_with_its_token_in_the_header(sf, console):
    add_handoff(sf)
    alice = await console.login("Alice Smith")
    async with alice.session.post("/api/handoffs/HO-7K2M9Q/claim", headers={"X-CSRF-Token": "guess"}) as response:
        assert response.status == 403
    async with alice.session.post("/api/handoffs/HO-7K2M9Q/claim", headers={"X-CSRF-Token": alice.csrf}) as response:
        assert response.status == 200 and (await response.json())["handling"]["claimed_by"] == "Alice Smith"


async def test_the_login_form_needs_the_token_its_cookie_holds(console):
    browser = console.browser()
    async with browser.session.get("/login") as page:
        token = CSRF.search(await page.text()).group(1)
        cookie = page.cookies["helpline_login_csrf"]
        assert cookie.value == token and cookie["path"] == "/login" and cookie["httponly"]
    async with browser.session.get("/login") as again:  # a second login tab keeps the same token
        assert CSRF.search(await again.text()).group(1) == token
    response = await browser.login("Alice Smith", PASSWORD, token="guess")
    assert response.status == 403 and "The login form had expired" in await response.text()
    stranger = console.browser()  # the right token, but from a browser without the cookie
    response = await stranger.login("Alice Smith", PASSWORD, token=token)
    assert response.status == 403
    assert (await browser.login("Alice Smith", PASSWORD, token=token)).status == 303

