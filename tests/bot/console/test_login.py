"""Logging in and out: where `next` may lead, a new session at every login, at most a few per
user, logout of this browser or of every browser."""

from __future__ import annotations

import pytest

from bot import cli
from bot.console.login import safe_next
from bot.storage import console as store
from bot.storage.console_models import ConsoleSession
from tests.bot.console.conftest import PASSWORD, Browser, Console, add_handoff

# Off-site to a browser, or not plainly a path here (spaces, control characters, non-ASCII).
NOT_FOLLOWED = [
    "//evil.example", "//evil.example/queue", "https://evil.example", "http:evil.example", "/\\evil.example",
    "\\\\evil.example", "javascript:alert(1)", "JavaScript:alert(document.cookie)", "/\t/evil.example",
    "/\n/evil.example", " /x", "evil.example", "", "///evil.example", "/caf\u00e9",
]


def session_token(browser: Browser, console: Console) -> str:
    return browser.session.cookie_jar.filter_cookies(console.url)["helpline_session"].value


def sessions_of(sf, name: str) -> int:
    with sf() as session:
        return session.query(ConsoleSession).filter(ConsoleSession.user_id == store.get_user(sf, name)["id"]).count()


@pytest.mark.parametrize("target", NOT_FOLLOWED)
def test_safe_next_sends_anything_off_site_to_the_queue(target):
    assert safe_next(target) == "/"


async def test_login_follows_next_only_to_local_paths_and_sends_the_rest_to_the_queue(sf, console):
    add_handoff(sf)

    for target in ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"]:
        browser = console.browser()
        async with browser.session.get("/login", params={"next": target}) as page:
            assert 'name="next" value="/"' in await page.text(), target
        response = await browser.login("Alice Smith", PASSWORD, next=target)
        assert (response.status, response.headers["Location"]) == (303, "/"), target
    local = "/handoffs/HO-7K2M9Q?notice=claimed"
    response = await console.browser().login("Alice Smith", PASSWORD, next=local)
    assert (response.status, response.headers["Location"]) == (303, local)
    # The redirect to /login carries the page asked for, and logging in goes back there.
    browser = console.browser()
    async with browser.session.get("/handoffs/HO-7K2M9Q", allow_redirects=True) as page:
        assert 'name="next" value="/handoffs/HO-7K2M9Q"' in await page.text()


async def test_empty_fields_are_asked_for(sf, console):
    response = await console.browser().login("", "")
    assert response.status == 400 and "Enter your name and your password." in await response.text()


async def test_every_login_is_a_new_session_and_ends_the_one_the_browser_had(sf, console):
    browser = await console.login("Alice Smith")
    old = session_token(browser, console)
    assert (await browser.login("Alice Smith", PASSWORD)).status == 303  # again, without logging out
    new = session_token(browser, console)
    assert new != old
    assert store.session_user(sf, old) is None and store.session_user(sf, new)["name"] == "Alice Smith"
    assert sessions_of(sf, "Alice Smith") == 1
    # A shared computer: Bob logging in on it ends Alice's session there.
    assert (await browser.login("Bob Jones", PASSWORD)).status == 303
    assert sessions_of(sf, "Alice Smith") == 0
    status, page = await browser.get("/")
    assert status == 200 and "Bob Jones" in page


async def test_at_most_five_logins_per_user_and_the_oldest_ends_first(sf, console):
    browsers = [await console.login("Alice Smith") for _ in range(store.MAX_SESSIONS_PER_USER + 2)]
    statuses = [(await b.get("/"))[0] for b in browsers]
    assert statuses == [302, 302] + [200] * store.MAX_SESSIONS_PER_USER
    assert sessions_of(sf, "Alice Smith") == store.MAX_SESSIONS_PER_USER
    bob = await console.login("Bob Jones")  # each user has their own allowance
    assert (await bob.get("/"))[0] == 200 and (await browsers[-1].get("/"))[0] == 200


async def test_logout_ends_this_browser_only_and_logout_everywhere_ends_every_login(sf, console):
    laptop, desk, phone = [await console.login("Alice Smith") for _ in range(3)]
    bob = await console.login("Bob Jones")
    assert (await phone.post("/logout"))[:2] == (303, "/login")
    assert (await phone.get("/"))[0] == 302 and (await laptop.get("/"))[0] == 200
    # Everywhere needs the session's CSRF token like every other POST.
    status, _, _ = await laptop.post("/logout/everywhere", csrf=False)
    assert status == 403 and (await desk.get("/"))[0] == 200
    status, location, _ = await laptop.post("/logout/everywhere")
    assert (status, location) == (303, "/login?out=everywhere")
    assert (await laptop.get("/"))[0] == 302 and (await desk.get("/"))[0] == 302
    async with laptop.session.get("/login?out=everywhere") as response:
        assert "You are logged out on every browser and device." in await response.text()
    assert (await bob.get("/"))[0] == 200  # nobody else's
    assert (await laptop.login("Alice Smith", PASSWORD)).status == 303  # and she can log in again


async def test_an_admin_can_end_a_users_logins_from_the_cli(sf, monkeypatch, capsys, console):
    monkeypatch.setenv("DATABASE_URL", str(sf.kw["bind"].url))

    alice = [await console.login("Alice Smith") for _ in range(2)]
    bob = await console.login("Bob Jones")
    assert cli.main(["users", "logout", "Alice Smith"]) == 0
    assert "Ended 2 console login(s) of Alice Smith" in capsys.readouterr().out
    assert [(await a.get("/"))[0] for a in alice] == [302, 302] and (await bob.get("/"))[0] == 200
    assert cli.main(["users", "logout", "Nobody"]) == 2
