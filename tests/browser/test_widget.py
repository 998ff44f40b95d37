"""The chat widget in real Chromium: privacy notice, two FAQ answers, Quick exit.

Serves connectors/static/ with bot/website.py on a free port, pointing the widget at the
real Rasa server started by the `bot` fixture (socket.io, connectors/website.py).
"""

from __future__ import annotations

import asyncio
import json
import urllib.request

from bot import project
from bot.stack import free_port
from tests.browser.chromium import CHROMIUM, requires_chromium

pytestmark = requires_chromium
SCREENSHOTS = project.REPORTS / "screenshots"


async def widget_session(rasa_url: str, relay_secret: str) -> None:
    from aiohttp import web
    from playwright.async_api import async_playwright, expect

    from bot.website import create_app

    port = free_port()
    # Quick exit's destination, configured: another origin (localhost, the page is on 127.0.0.1),
    # standing in for the external neutral site, which this machine cannot reach.
    away = f"http://localhost:{port}/neutral.html?away=1"
    runner = web.AppRunner(create_app(rasa_url=rasa_url, exit_url=away))
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(f"http://127.0.0.1:{port}/")

            # Quick exit is the first tab stop.
            await page.keyboard.press("Tab")
            assert await page.evaluate("document.activeElement.dataset.hl") == "quick-exit"
            await expect(page.locator(".hl-quick-exit")).to_contain_text("Quick exit")

            # The privacy notice comes first; chatting starts after "I understand".
            notice = page.locator(".hl-notice")
            await expect(notice).to_contain_text("not an emergency service")
            await expect(notice).to_contain_text("999")
            await expect(notice.locator("a[href='tel:08088005000']")).to_have_text("0808 800 5000")
            await expect(notice.locator("a[href='mailto:help@nspcc.org.uk']")).to_be_visible()
            await expect(page.locator("#hl-input")).to_be_hidden()
            await page.click("text=I understand")
            await expect(page.locator("label[for=hl-input]")).to_have_text("Your message")

            log = page.locator(".hl-log")
            await page.fill("#hl-input", "what is the national referral mechanism")
            await page.click("button:has-text('Send')")
            await expect(log.locator(".hl-msg--bot").filter(has_text="National Referral Mechanism").first).to_be_visible(timeout=30000)
            await page.fill("#hl-input", "what are the signs of county lines")
            await page.keyboard.press("Enter")
            await expect(log.locator(".hl-msg--bot").filter(has_text="county lines").first).to_be_visible(timeout=30000)
            assert await log.locator(".hl-msg--user").count() == 2  # each sent once, rendered once
            assert await log.locator(".hl-msg--unsent").count() == 0
            # The server says it has each message: "Received" under it, once.
            await expect(log.locator(".hl-msg--user .hl-received")).to_have_count(2, timeout=30000)
            await expect(log.locator(".hl-msg--user .hl-received").first).to_have_text("Received")
            await expect(log.locator(".hl-msg--user .hl-received").first).to_be_visible()
            assert await page.locator(".hl-msg[dir=auto], .hl-text[dir=auto]").count() >= 4

            stored = await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat'))")
            assert stored["sessionId"] and len(stored["messages"]) >= 4
            print("socket.io transport:", await page.evaluate("HelplineWidget.socket().io.engine.transport.name"))

            # A dropped connection: the banner shows, a message typed meanwhile waits, then goes once.
            await page.evaluate("HelplineWidget.socket().io.engine.close()")
            banner = page.locator(".hl-banner")
            await expect(banner).to_be_visible()
            await expect(banner).to_contain_text("If a child is in danger call 999")
            await page.fill("#hl-input", "what is the nrm")
            await page.keyboard.press("Enter")
            await expect(log.locator(".hl-msg--unsent")).to_have_count(1)
            await expect(banner).to_be_hidden(timeout=15000)
            await expect(log.locator(".hl-msg--unsent")).to_have_count(0)
            await expect(log.locator(".hl-msg--bot").filter(has_text="National Referral Mechanism")).to_have_count(2, timeout=30000)
            assert await log.locator(".hl-msg--user").count() == 3
            await expect(log.locator(".hl-msg--user .hl-received")).to_have_count(3, timeout=30000)
            resumed = await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat')).sessionId")
            assert resumed == stored["sessionId"]
            assert await page.evaluate("localStorage.length") == 0
            assert await page.evaluate("document.cookie") == ""

            # A counsellor's message (relayed as the console does) is marked as from a person,
            # shown as text (no HTML), right-to-left where the script is.
            relay = json.dumps({"conversation_id": resumed, "text": "مرحبا، <b>call</b> 0808 800 5000", "name": "Sam"}).encode()
            request = urllib.request.Request(
                f"{rasa_url}/webhooks/website/counsellor", data=relay, method="POST",
                headers={"Content-Type": "application/json", "X-Helpline-Relay-Secret": relay_secret},
            )
            await asyncio.to_thread(urllib.request.urlopen, request, None, 30)
            counsellor = log.locator(".hl-msg--counsellor")
            await expect(counsellor).to_have_count(1)
            await expect(counsellor.locator(".hl-who")).to_have_text("Counsellor Sam (a person)")
            await expect(counsellor.locator(".hl-text")).to_contain_text("<b>call</b>")
            await expect(counsellor.locator("a[href='tel:08088005000']")).to_be_visible()
            assert await counsellor.locator(".hl-text").evaluate("e => getComputedStyle(e).direction") == "rtl"

            # Reload in the same tab: the history comes back, nothing doubled.
            await page.reload()
            await expect(log.locator(".hl-msg--user")).to_have_count(3)
            await expect(log).to_contain_text("National Referral Mechanism")
            await expect(log.locator(".hl-msg--user .hl-received")).to_have_count(3)  # kept in sessionStorage

            await page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))
            await page.set_viewport_size({"width": 390, "height": 844})
            await page.screenshot(path=str(SCREENSHOTS / "widget-phone.png"))

            # Shift three times: the configured neutral site (another origin) replaces this page.
            await expect(page.locator(".hl-quick-exit")).to_have_attribute("href", away)
            await page.locator("body").click(position={"x": 5, "y": 200})
            for _ in range(3):
                await page.keyboard.press("Shift")
            await page.wait_for_url(away)
            await expect(page.locator("h1")).to_have_text("Weather forecast")
            # Back on the chat's origin in the same tab: the chat's sessionStorage is gone.
            await page.goto(f"http://127.0.0.1:{port}/neutral.html")
            assert await page.evaluate("sessionStorage.getItem('helpline-chat')") is None
            assert await page.evaluate("sessionStorage.length") == 0
            await browser.close()
        assert errors == []
    finally:
        await runner.cleanup()


def test_the_widget_answers_and_quick_exit_leaves_no_trace(bot):
    asyncio.run(widget_session(bot.url, bot.relay_secret))


async def received_while_a_counsellor_has_the_chat(bot) -> None:
    """A counsellor has the conversation, so the bot sends nothing: the message still shows "Received"."""
    from playwright.async_api import async_playwright, expect

    from bot.storage.database import make_engine, session_factory
    from bot.storage.handoffs import list_handoffs, set_status
    from tests.browser.widget_page import widget_site

    sessions = session_factory(make_engine(bot.database_url))
    errors: list[str] = []
    async with widget_site(bot.url) as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: errors.append(str(error)))
        await page.goto(url + "/")
        await page.click("text=I understand")
        log = page.locator(".hl-log")
        users = log.locator(".hl-msg--user")

        await page.fill("#hl-input", "can i speak to a counsellor")
        await page.keyboard.press("Enter")
        await expect(log.locator(".hl-msg--bot").filter(has_text="HO-").first).to_be_visible(timeout=30000)
        await expect(users.nth(0).locator(".hl-received")).to_have_text("Received", timeout=30000)

        session_id = await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat')).sessionId")
        [handoff] = [h for h in await asyncio.to_thread(list_handoffs, sessions) if h["conversation_id"] == session_id]
        await asyncio.to_thread(set_status, sessions, handoff["reference"], "claimed", by="Test")

        replies = await log.locator(".hl-msg--bot").count()
        await page.fill("#hl-input", "thank you, I will wait here for them")
        await page.keyboard.press("Enter")
        received = users.nth(1).locator(".hl-received")
        await expect(received).to_have_text("Received", timeout=30000)  # sent after the bot's turn ends
        await expect(received).to_be_visible()
        assert await log.locator(".hl-msg--bot").count() == replies  # the bot stayed quiet
        assert await users.nth(1).locator(".hl-pending").is_hidden()
        stored = await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat')).messages")
        assert [m.get("received") for m in stored if m["role"] == "user"] == [True, True]
        said = [m["text"] for m in await asyncio.to_thread(lambda: [h for h in list_handoffs(sessions) if h["conversation_id"] == session_id][0]["transcript"])]
        assert "thank you, I will wait here for them" in said  # "Received" means kept for the counsellor

        await page.reload()
        await expect(users.locator(".hl-received")).to_have_count(2)
        await browser.close()
    assert errors == []


def test_a_message_shows_received_even_when_a_counsellor_has_the_chat_and_the_bot_is_quiet(bot):
    asyncio.run(received_while_a_counsellor_has_the_chat(bot))


async def received_in_the_ui_language_and_only_for_its_message() -> None:
    from playwright.async_api import async_playwright, expect

    from tests.browser.widget_page import canned_page, fire, widget_site

    async with widget_site() as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = await canned_page(browser, url, 390, locale="ro-RO")
        await page.click("text=Am înțeles")
        await page.fill("#hl-input", "bună ziua")
        await page.keyboard.press("Enter")
        await page.wait_for_function("window.__helplineSocket.sent.some(e => e[0] === 'user_uttered')")
        sent = await page.evaluate("window.__helplineSocket.sent.filter(e => e[0] === 'user_uttered').map(e => e[1])")
        client_id = sent[0]["customData"]["client_id"]
        assert client_id.startswith("u-")
        message = page.locator(".hl-msg--user")
        for other in ("u-0000000000000000", "<b>x</b>", None):  # another id, or nonsense: nothing shown
            await fire(page, "message_received", {"client_id": other})
        await fire(page, "message_received", None)
        assert await message.locator(".hl-received").count() == 0
        await fire(page, "message_received", {"client_id": client_id})
        await fire(page, "message_received", {"client_id": client_id})  # twice: still one line
        await expect(message.locator(".hl-received")).to_have_count(1)
        await expect(message.locator(".hl-received")).to_have_text("Primit")
        await expect(message.locator(".hl-received")).to_have_attribute("lang", "ro")
        assert await page.locator(".hl-received[aria-live], .hl-received[role]").count() == 0  # not announced by itself
        assert page.errors == []
        await browser.close()


def test_received_is_in_the_widgets_language_and_marks_only_its_own_message():
    asyncio.run(received_in_the_ui_language_and_only_for_its_message())


async def quick_exit_leaves_the_site_and_falls_back_to_the_local_page_offline() -> None:
    """Unconfigured, Quick exit points off the site (BBC Weather); when the browser says it is offline
    it goes to the local neutral page instead. Nothing here loads the external site (no internet)."""
    from aiohttp import web
    from playwright.async_api import async_playwright, expect

    from bot.website import DEFAULT_QUICK_EXIT_URL, create_app
    from tests.browser.widget_page import FAKE_IO

    runner = web.AppRunner(create_app(rasa_url="http://127.0.0.1:9", exit_url=DEFAULT_QUICK_EXIT_URL))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            context = await browser.new_context()
            page = await context.new_page()
            await page.add_init_script(FAKE_IO)
            # The browser reports no network (Playwright's own offline mode would block the local page too).
            await page.add_init_script("Object.defineProperty(Navigator.prototype, 'onLine', {get: () => false})")
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(f"http://127.0.0.1:{port}/")
            assert await page.locator("script[data-exit-url]").get_attribute("data-exit-url") == "https://www.bbc.co.uk/weather"
            await expect(page.locator(".hl-quick-exit")).to_have_attribute("href", "https://www.bbc.co.uk/weather")
            await page.click("text=I understand")
            await page.locator(".hl-quick-exit").click()
            await page.wait_for_url(f"http://127.0.0.1:{port}/neutral.html")
            await expect(page.locator("h1")).to_have_text("Weather forecast")
            assert await page.evaluate("sessionStorage.length") == 0
            await browser.close()
        assert errors == []
    finally:
        await runner.cleanup()


def test_quick_exit_goes_off_the_site_by_default_and_to_the_local_page_when_offline():
    asyncio.run(quick_exit_leaves_the_site_and_falls_back_to_the_local_page_offline())
