"""0808 800 5000 reads 0808, 800, 5000 from left to right, on one line, in Arabic, Persian and Urdu.

Measured, not assumed: for every displayed helpline number the bounding boxes of its three digit
groups must go left to right on one line. Without the isolation (dir="ltr" spans) Chromium shows
"5000 800 0808" (issue 11), which this check reports.

- the widget, every RTL language x every localized reply with {helpline_phone}, at 360 and 1280 px,
  with the reply's metadata (lang, dir) and without it (what the socket.io channel sends today);
- the counsellor console's transcript of a handoff holding the same replies;
- one real path: an Arabic message through the real Rasa server to the widget.
"""

from __future__ import annotations

import asyncio

from bot import localized
from tests.browser.chromium import ARGS, CHROMIUM, requires_chromium
from tests.browser.widget_page import (
    DIGIT_GROUP_BOXES,
    REFERENCE,
    canned_page,
    fire,
    localized_reply,
    reading_order_problems,
    replies_with_the_number,
    widget_site,
)

pytestmark = requires_chromium
RTL = sorted(localized.RIGHT_TO_LEFT)
ONE_LINE = """
(selector) => Array.from(document.querySelectorAll(selector)).map(e => ({
  text: e.textContent, lines: Array.from(e.getClientRects()).filter(r => r.width > 0).length,
  dir: getComputedStyle(e).direction, bidi: getComputedStyle(e).unicodeBidi, wrap: getComputedStyle(e).whiteSpace}))
"""


def socket_messages(name: str, code: str, with_metadata: bool) -> list[dict]:
    """The reply as the website channel emits it: one bot_uttered per paragraph."""
    reply = localized_reply(name, code)
    meta = {"lang": reply["metadata"]["lang"], "dir": reply["metadata"]["dir"]}
    return [dict(text=part, **({"metadata": meta} if with_metadata else {})) for part in reply["text"].strip().split("\n\n")]


async def widget_numbers(width: int, with_metadata: bool) -> tuple[list[str], dict]:
    from playwright.async_api import async_playwright

    names = replies_with_the_number()
    async with widget_site() as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        problems: list[str] = []
        seen = {}
        for code in RTL:
            page = await canned_page(browser, url, width, locale=code)
            await page.click(".hl-notice button")
            for name in names:
                for message in socket_messages(name, code, with_metadata):
                    await fire(page, "bot_uttered", message)
            where = f"widget {width}px {'with' if with_metadata else 'without'} metadata {code}"
            numbers = await page.evaluate(DIGIT_GROUP_BOXES, ".hl-log .hl-text a[href='tel:08088005000']")
            problems += reading_order_problems(numbers, where)
            seen[code] = len(numbers)
            # The notice's and banner's numbers too (the banner shows when the connection drops).
            await page.evaluate("window.__helplineSocket.io.engine.close()")
            banner = await page.evaluate(DIGIT_GROUP_BOXES, ".hl-banner a")
            problems += reading_order_problems(banner, where + " banner")
            if len(banner) != 1:
                problems.append(f"{where}: the banner shows {len(banner)} helpline numbers")
            # References, e-mail and 999: isolated left to right, each on one line.
            for item in await page.evaluate(ONE_LINE, ".hl-log .hl-ltr:not(.hl-ltr--wrap)"):
                if item["lines"] != 1 or item["dir"] != "ltr" or item["bidi"] != "isolate" or item["wrap"] != "nowrap":
                    problems.append(f"{where}: {item}")
            refs = await page.evaluate(ONE_LINE, ".hl-log .hl-ref")
            if not any(r["text"] == REFERENCE for r in refs):
                problems.append(f"{where}: the reference {REFERENCE} is not an isolated span")
            langs = await page.evaluate("Array.from(document.querySelectorAll('.hl-log .hl-msg')).map(e => e.lang)")
            if set(langs) != {code}:
                problems.append(f"{where}: message lang {sorted(set(langs))}, expected {code}")
            problems += [f"{where}: page error {e}" for e in page.errors]
            await page.context.close()
        await browser.close()
    return problems, seen


def test_the_widget_shows_the_number_left_to_right_in_every_rtl_reply_at_360_and_1280_px():
    expected = len(replies_with_the_number())
    assert expected >= 6  # english_only, handoff_confirmed, handoff_offer, fallback_offer_counsellor, goodbye, handoff_failed
    for width in (360, 1280):
        for with_metadata in (True, False):
            problems, seen = asyncio.run(widget_numbers(width, with_metadata))
            assert problems == []
            assert seen == {code: expected for code in RTL}


async def console_numbers(tmp_path) -> tuple[list[str], int]:
    from playwright.async_api import async_playwright

    from bot.storage import console as store
    from bot.storage.database import make_engine, session_factory
    from bot.storage.migrate import upgrade
    from tests.bot.console.conftest import PASSWORD, Console, add_handoff

    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    sf = session_factory(make_engine(url))
    store.create_user(sf, "Alice Smith", "counsellor", PASSWORD)
    transcript = []
    minute = 0
    for code in RTL:
        for name in replies_with_the_number():
            minute += 1
            transcript.append({"sender": "bot", "text": localized_reply(name, code)["text"],
                               "timestamp": f"2026-11-23T18:{minute:02d}:00Z", "language": code})
    reference = add_handoff(sf, transcript=transcript)
    problems: list[str] = []
    async with Console(sf) as app, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1280, 768):
            page = await browser.new_page(viewport={"width": width, "height": 900})
            await page.goto(f"{app.url}/login")
            await page.fill("#name", "Alice Smith")
            await page.fill("#password", PASSWORD)
            await page.click("button[type=submit]")
            await page.goto(f"{app.url}/handoffs/{reference}")
            await page.wait_for_selector("#transcript .ltr")
            numbers = await page.evaluate(DIGIT_GROUP_BOXES, "#transcript .msg p .ltr")
            problems += reading_order_problems(numbers, f"console {width}px")
            if len(numbers) != len(transcript):
                problems.append(f"console {width}px: {len(numbers)} numbers for {len(transcript)} messages")
            directions = await page.evaluate(
                "Array.from(document.querySelectorAll('#transcript .msg p')).map(p => [p.dir, p.lang, getComputedStyle(p).direction])")
            if any(d != ["auto", code, "rtl"] for d, code in zip(directions, [m["language"] for m in transcript], strict=False)):
                problems.append(f"console {width}px: message dir/lang {directions[:3]}")
            for item in await page.evaluate(ONE_LINE, "#transcript .ltr"):
                if item["lines"] != 1 or item["dir"] != "ltr" or item["bidi"] != "isolate":
                    problems.append(f"console {width}px: {item}")
            await page.close()
        await browser.close()
    return problems, len(transcript)


def test_the_console_transcript_shows_the_number_left_to_right(tmp_path):
    problems, count = asyncio.run(console_numbers(tmp_path))
    assert count == len(RTL) * len(replies_with_the_number())
    assert problems == []


async def real_arabic_reply(bot) -> list[str]:
    from playwright.async_api import async_playwright, expect

    async with widget_site(bot.url) as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 360, "height": 800})
        await page.goto(url + "/")
        await page.click(".hl-notice button")
        await page.fill("#hl-input", "أنا معلم وأريد أن أعرف علامات الاتجار بالأطفال في المدرسة")
        await page.keyboard.press("Enter")
        number = page.locator(".hl-log .hl-msg--bot a[href='tel:08088005000']").first
        await expect(number).to_be_visible(timeout=30000)
        numbers = await page.evaluate(DIGIT_GROUP_BOXES, ".hl-log .hl-msg--bot a[href='tel:08088005000']")
        langs = await page.evaluate("Array.from(document.querySelectorAll('.hl-log .hl-msg--bot')).map(e => e.lang)")
        await browser.close()
    problems = reading_order_problems(numbers, "real Arabic reply")
    if "ar" not in langs:
        problems.append(f"the Arabic replies are marked lang {langs}")
    return problems


def test_a_real_arabic_reply_through_rasa_shows_the_number_left_to_right(bot):
    assert asyncio.run(real_arabic_reply(bot)) == []


async def widget_with_plain_text_forms() -> tuple[int, list[str]]:
    from playwright.async_api import async_playwright

    from bot.bidi import MODES, keep_numbers_left_to_right

    async with widget_site() as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await canned_page(browser, url, 360, locale="ar")
        await page.click(".hl-notice button")
        for mode in MODES:
            for name in replies_with_the_number():
                await fire(page, "bot_uttered", {"text": keep_numbers_left_to_right(localized_reply(name, "ar")["text"], mode)})
        numbers = await page.evaluate(DIGIT_GROUP_BOXES, ".hl-log .hl-text a[href='tel:08088005000']")
        problems = reading_order_problems(numbers, "widget with bot/bidi.py text") + page.errors
        await browser.close()
    return len(numbers), problems


def test_the_widget_also_takes_the_plain_text_forms_of_bot_bidi():
    """Should a channel send bot/bidi.py's text to the widget too, the number still links and reads right."""
    from bot.bidi import MODES

    count, problems = asyncio.run(widget_with_plain_text_forms())
    assert problems == []
    assert count == len(MODES) * len(replies_with_the_number())
