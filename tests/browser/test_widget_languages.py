"""The widget's safety words in the person's language: the notice, Quick exit and the outage banner
in Romanian and Arabic (right to left), from the browser's language before the first message and
from the conversation's language after it; `lang` on every message; axe-core still clean.

Canned replies through a stand-in socket.io client (tests/browser/widget_page.py), plus one real
path: a Romanian message through the real Rasa server switches the widget to Romanian.
"""

from __future__ import annotations

import asyncio

from bot import localized
from tests.browser.chromium import ARGS, CHROMIUM, requires_chromium
from tests.browser.test_accessibility import serious_problems
from tests.browser.widget_page import canned_page, fire, localized_reply, widget_site

pytestmark = requires_chromium
TEXTS = localized.widget_texts()
PHONE = "0808 800 5000"


def words(code: str, key: str) -> str:
    text = TEXTS[code]["text"][key]
    return text.replace("{helpline_phone}", PHONE).replace("{helpline_email}", "help@nspcc.org.uk").replace(
        "{quick_exit}", TEXTS[code]["text"]["quick_exit"])


async def check_language(browser, url: str, code: str, locale: str) -> None:
    from playwright.async_api import expect

    direction = "rtl" if code in localized.RIGHT_TO_LEFT else "ltr"
    page = await canned_page(browser, url, 390, locale=locale, bypass_csp=True)

    # Before the first message: the browser's language.
    exit_button = page.locator(".hl-quick-exit")
    await expect(exit_button).to_have_attribute("lang", code)
    await expect(exit_button).to_have_attribute("dir", direction)
    await expect(exit_button.locator(".hl-quick-exit-label")).to_have_text(words(code, "quick_exit"))
    await expect(exit_button.locator(".hl-visually-hidden")).to_have_text(words(code, "quick_exit_hint").strip())
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.dataset.hl") == "quick-exit"

    panel = page.locator(".hl-panel")
    await expect(panel).to_have_attribute("lang", code)
    assert await panel.evaluate("e => getComputedStyle(e).direction") == direction
    notice = page.locator(".hl-notice")
    await expect(notice.locator("h3")).to_have_text(words(code, "notice_title"))
    for key in ("notice_bot", "notice_emergency", "notice_contact", "notice_language", "notice_privacy", "notice_browser"):
        await expect(notice.locator(f"li[data-hl={key}]")).to_have_text(words(code, key))
    await expect(notice.locator("a[href='tel:999']")).to_be_visible()
    await expect(notice.locator("a[href='tel:08088005000']")).to_have_text(PHONE)
    await page.screenshot(path=f"reports/screenshots/widget-notice-{code}.png")
    await page.click(f"text={words(code, 'notice_accept')}")
    await expect(page.locator("label[for=hl-input]")).to_have_text(words(code, "input_label"))

    # A reply in the language and one in English: each message carries its own lang.
    parts = localized_reply("english_only", code)["text"].split("\n\n")
    for part in parts:
        await fire(page, "bot_uttered", {"text": part})
    await fire(page, "bot_uttered", {"text": "The National Referral Mechanism (NRM) is the UK framework."})
    await page.fill("#hl-input", "mulțumesc" if code == "ro" else "شكرا")
    await page.keyboard.press("Enter")
    messages = await page.evaluate(
        "Array.from(document.querySelectorAll('.hl-log .hl-msg')).map(e => [e.className, e.lang, e.querySelector('.hl-who').lang])")
    assert [m[1] for m in messages] == [code] * len(parts) + ["en", code]
    assert all(m[2] == code for m in messages)  # "Assistant (automated)" / "You" in the widget's language
    assert await page.evaluate("Array.from(document.querySelectorAll('.hl-chip')).every(b => b.lang === 'en')")

    # The outage banner, in the language, with 999 and the number.
    await page.evaluate("window.__helplineSocket.io.engine.close()")
    banner = page.locator(".hl-banner")
    await expect(banner).to_be_visible()
    await expect(banner).to_have_text(words(code, "banner"))
    await expect(banner.locator("a[href='tel:999']")).to_be_visible()
    await expect(banner.locator("a[href='tel:08088005000']")).to_have_text(PHONE)
    assert await banner.evaluate("e => getComputedStyle(e).direction") == direction
    await page.screenshot(path=f"reports/screenshots/widget-outage-{code}.png")

    # axe-core: no serious or critical problems in this language either.
    assert await serious_problems(page) == []
    assert page.errors == []
    await page.context.close()


async def languages_from_the_browser() -> None:
    from playwright.async_api import async_playwright

    async with widget_site() as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await check_language(browser, url, "ro", "ro-RO")
        await check_language(browser, url, "ar", "ar-EG")
        await browser.close()


def test_notice_quick_exit_and_outage_banner_in_romanian_and_arabic_from_the_browser_language():
    asyncio.run(languages_from_the_browser())


async def language_from_the_conversation() -> None:
    from playwright.async_api import async_playwright, expect

    async with widget_site() as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # An English browser; the conversation turns Arabic (metadata from domain/localized), then
        # Romanian with no metadata (today's socket.io channel): the widget follows both.
        page = await canned_page(browser, url, 1280, locale="en-GB")
        exit_label = page.locator(".hl-quick-exit-label")
        await expect(exit_label).to_have_text("Quick exit")
        await page.click("text=I understand")
        reply = localized_reply("goodbye", "ar")
        await fire(page, "bot_uttered", {"text": reply["text"], "metadata": {"lang": "ar", "dir": "rtl"}})
        await expect(exit_label).to_have_text(words("ar", "quick_exit"))
        await expect(page.locator(".hl-panel")).to_have_attribute("dir", "rtl")
        for part in localized_reply("greet", "ro")["text"].split("\n\n"):
            await fire(page, "bot_uttered", {"text": part})
        await expect(exit_label).to_have_text(words("ro", "quick_exit"))
        await expect(page.locator(".hl-panel")).to_have_attribute("dir", "ltr")
        # The English examples quoted in a Romanian reply are marked as English.
        for part in localized_reply("ask_rephrase", "ro")["text"].split("\n\n"):
            await fire(page, "bot_uttered", {"text": part})
        quoted = await page.evaluate("Array.from(document.querySelectorAll('.hl-log .hl-msg:last-child [lang=en]')).map(e => e.textContent)")
        assert quoted == ["what are the signs of trafficking", "how do I make an NRM referral"]
        # A reload in the same tab keeps the conversation's language.
        await page.reload()
        await expect(exit_label).to_have_text(words("ro", "quick_exit"))
        await page.evaluate("window.__helplineSocket.io.engine.close()")
        await expect(page.locator(".hl-banner")).to_have_text(words("ro", "banner"))
        assert page.errors == []
        await browser.close()


def test_the_widget_follows_the_conversation_language_after_the_first_reply():
    asyncio.run(language_from_the_conversation())


async def real_romanian(bot) -> None:
    from playwright.async_api import async_playwright, expect

    async with widget_site(bot.url) as url, async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
        await page.goto(url + "/")
        await page.click("text=I understand")
        await page.fill("#hl-input", "Bună ziua, sunt profesoară și vreau să aflu care sunt semnele traficului de copii")
        await page.keyboard.press("Enter")
        await expect(page.locator(".hl-log .hl-msg--bot[lang=ro]").first).to_be_visible(timeout=30000)
        await expect(page.locator(".hl-quick-exit-label")).to_have_text(words("ro", "quick_exit"))
        await expect(page.locator(".hl-log .hl-msg--user")).to_have_attribute("lang", "ro")
        await browser.close()


def test_a_real_romanian_conversation_switches_the_widget_to_romanian(bot):
    asyncio.run(real_romanian(bot))
