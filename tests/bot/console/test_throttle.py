"""Login throttling over HTTP: guessing slows the guesser down but never locks a counsellor out.

Client addresses are sent as X-Forwarded-For to a console that trusts 127.0.0.1 as its proxy
(HELPLINE_TRUSTED_PROXIES), so one test process can be an office, a home and an attacker.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest

from bot.addresses import TRUSTED_PROXIES_ENV
from bot.console import throttle
from bot.console.login import FAILED
from bot.storage import console as store
from tests.bot.console.conftest import PASSWORD, Browser

OFFICE, HOME, ATTACKER = "203.0.113.10", "192.0.2.55", "198.51.100.7"
WRONG = "not the password"


@pytest.fixture(autouse=True)
def no_trusted_proxies_from_the_environment(monkeypatch):
    monkeypatch.delenv(TRUSTED_PROXIES_ENV, raising=False)


class CountingHasher:
    """Wraps the password hasher to count real password checks (they run in worker threads)."""

    def __init__(self, hasher) -> None:
        self.hasher, self.checks, self._lock = hasher, 0, threading.Lock()

    def verify(self, stored: str, password: str) -> bool:
        with self._lock:
            self.checks += 1
        return self.hasher.verify(stored, password)


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher(store._hasher)
    monkeypatch.setattr(store, "_hasher", counting)
    return counting


async def guess(browser: Browser, token: str, name: str, password: str, address: str) -> tuple[int, str]:
    """One login POST from `address` (X-Forwarded-For), with the browser's login form token."""
    async with browser.session.post(
        "/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
        headers={"X-Forwarded-For": address}, allow_redirects=False,
    ) as response:
        return response.status, await response.text()


async def test_guessing_from_another_address_does_not_stop_a_counsellor_even_on_a_new_browser(sf, start_console):
    console = await start_console(trusted_proxies="127.0.0.1")
    attacker = console.browser(ATTACKER)
    for _ in range(12):
        response = await attacker.login("Alice Smith", WRONG)
        assert response.status == 401 and FAILED in await response.text()
    # The guesser's place is slowed down: even the right password is refused there now.
    assert (await attacker.login("Alice Smith", PASSWORD)).status == 401
    # Alice, elsewhere, on a browser that never logged in before, gets straight in.
    alice = console.browser(HOME)
    assert (await alice.login("Alice Smith", PASSWORD)).status == 303
    status, page = await alice.get("/")
    assert status == 200 and "Alice Smith" in page


async def test_guessing_from_many_addresses_never_keeps_a_counsellor_out_of_their_usual_browser(sf, start_console):
    console = await start_console(trusted_proxies="127.0.0.1")
    usual = await console.login("Alice Smith", address=OFFICE)  # her browser is now a known device
    await usual.post("/logout")
    botnet = console.browser()
    token = await botnet.login_token()
    for i in range(throttle.NAME.free + 10):  # one guess from each of many addresses
        status, page = await guess(botnet, token, "Alice Smith", WRONG, f"198.51.100.{i + 1}")
        assert status == 401 and FAILED in page
    # Her name is now throttled for new places: a brand-new browser is refused, with the usual words...
    newcomer = console.browser(HOME)
    response = await newcomer.login("Alice Smith", PASSWORD)
    assert response.status == 401 and FAILED in await response.text()
    # ...but her usual browser logs in, at the office or anywhere else.
    assert (await usual.login("Alice Smith", PASSWORD)).status == 303
    await usual.post("/logout")
    usual.session.headers["X-Forwarded-For"] = HOME
    assert (await usual.login("Alice Smith", PASSWORD)).status == 303
    # Other counsellors were never affected.
    assert (await console.browser(ATTACKER).login("Bob Jones", PASSWORD)).status == 303


async def test_a_known_browser_gets_in_even_behind_the_same_address_as_the_guesser(sf, start_console):
    console = await start_console(trusted_proxies="127.0.0.1")
    usual = await console.login("Alice Smith", address=OFFICE)
    await usual.post("/logout")
    insider = console.browser(OFFICE)  # someone else in the same office, behind the same address
    for _ in range(10):
        assert (await insider.login("Alice Smith", WRONG)).status == 401
    assert (await insider.login("Alice Smith", PASSWORD)).status == 401  # throttled there
    assert (await usual.login("Alice Smith", PASSWORD)).status == 303
    assert (await console.browser(OFFICE).login("Bob Jones", PASSWORD)).status == 303


async def test_unknown_names_wrong_passwords_and_throttled_attempts_look_the_same(sf, console):
    browser = console.browser()

    async def attempt(name: str, password: str) -> tuple[int, str, list[str]]:
        response = await browser.login(name, password)
        page = (await response.text()).replace(name, "NAME")
        return response.status, page, sorted(response.headers.getall("Set-Cookie", []))

    unknown = await attempt("Nobody Here", WRONG)
    wrong = await attempt("Alice Smith", WRONG)
    for _ in range(throttle.PLACE.free):
        await attempt("Alice Smith", WRONG)
    throttled = await attempt("Alice Smith", PASSWORD)  # the right password, refused unchecked
    for _ in range(throttle.PLACE.free):
        await attempt("Nobody Here", WRONG)
    throttled_unknown = await attempt("Nobody Here", WRONG)
    assert unknown == wrong == throttled == throttled_unknown
    assert unknown[0] == 401 and FAILED in unknown[1]
    assert "locked" not in unknown[1] and "too many" in unknown[1]


async def test_parallel_wrong_guesses_get_no_more_password_checks_than_the_limit(sf, hasher, console):
    browser = console.browser()
    token = await browser.login_token()
    results = await asyncio.gather(*(guess(browser, token, "Alice Smith", WRONG, "ignored") for _ in range(16)))
    assert {status for status, _ in results} == {401}
    assert all(FAILED in page for _, page in results)
    assert hasher.checks == throttle.PLACE.free
    # The right password from that place is refused too, without a check.
    assert (await browser.login("Alice Smith", PASSWORD)).status == 401
    assert hasher.checks == throttle.PLACE.free
    pair = throttle.throttles_for("127.0.0.1", "Alice Smith")[0].key
    assert store.throttle_failures(sf, pair) == throttle.PLACE.free


async def test_x_forwarded_for_is_not_believed_without_a_trusted_proxy(sf, hasher, console):
    # HELPLINE_TRUSTED_PROXIES unset (no_trusted_proxies_from_the_environment)
    browser = console.browser()
    token = await browser.login_token()
    for i in range(throttle.PLACE.free + 3):  # a new "address" for every guess
        assert (await guess(browser, token, "Alice Smith", WRONG, f"198.51.100.{i + 1}"))[0] == 401
    assert hasher.checks == throttle.PLACE.free
    assert (await guess(browser, token, "Alice Smith", PASSWORD, "192.0.2.99"))[0] == 401


async def test_the_wait_after_too_many_failures_is_short_and_then_doubles(sf, monkeypatch, console):
    real_now, offset = store.utcnow, [timedelta(0)]
    monkeypatch.setattr(store, "utcnow", lambda: real_now() + offset[0])
    first = throttle.PLACE.first_delay

    browser = console.browser()
    for _ in range(throttle.PLACE.free):
        assert (await browser.login("Alice Smith", WRONG)).status == 401
    assert (await browser.login("Alice Smith", PASSWORD)).status == 401  # must wait now
    offset[0] += first + timedelta(seconds=1)
    assert (await browser.login("Alice Smith", WRONG)).status == 401  # one more try allowed, wrong again
    offset[0] += first + timedelta(seconds=1)
    assert (await browser.login("Alice Smith", PASSWORD)).status == 401  # the wait doubled
    offset[0] += first
    assert (await browser.login("Alice Smith", PASSWORD)).status == 303
    # A success from here wipes the count: the next mistype is free again.
    await browser.post("/logout")
    assert (await browser.login("Alice Smith", WRONG)).status == 401
    assert (await browser.login("Alice Smith", PASSWORD)).status == 303


async def test_the_known_device_cookie_is_long_lived_and_only_sent_to_the_login_page(sf, console):
    browser = console.browser()
    response = await browser.login("Alice Smith", PASSWORD)
    device = next(c for c in response.headers.getall("Set-Cookie") if c.startswith("helpline_device_"))
    assert "HttpOnly" in device and "SameSite=Strict" in device and "Path=/login" in device
    assert "Max-Age=15552000" in device  # 180 days
    # A forged one is only an unknown browser: it is throttled like one.
    user_id = store.get_user(sf, "Alice Smith")["id"]
    forged = console.browser()
    forged.session.cookie_jar.update_cookies({f"helpline_device_{user_id}": f"{user_id}.abc.1.{'0' * 64}"})
    for _ in range(throttle.PLACE.free):
        assert (await forged.login("Alice Smith", WRONG)).status == 401
    assert (await forged.login("Alice Smith", PASSWORD)).status == 401
