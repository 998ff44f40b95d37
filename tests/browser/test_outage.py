"""The Rasa server dies mid-conversation and comes back: the widget says so meanwhile, then
carries on in the same conversation with nothing lost and nothing said twice."""

from __future__ import annotations

import asyncio

from tests.browser.chromium import CHROMIUM, requires_chromium

pytestmark = requires_chromium


async def outage(bot) -> None:
    from playwright.async_api import async_playwright, expect

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.goto(f"http://localhost:{bot.website_port}/")
        await page.click("text=I understand")
        log = page.locator(".hl-log")
        await page.fill("#hl-input", "what is the national referral mechanism")
        await page.keyboard.press("Enter")
        await expect(log.locator(".hl-msg--bot").filter(has_text="National Referral Mechanism").first).to_be_visible(timeout=30000)
        session = await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat')).sessionId")

        await asyncio.to_thread(bot.kill_rasa_server)
        try:
            banner = page.locator(".hl-banner")
            await expect(banner).to_be_visible(timeout=15000)
            await expect(banner).to_contain_text("999")
            await page.fill("#hl-input", "what are the signs of county lines")
            await page.keyboard.press("Enter")
            await expect(log.locator(".hl-msg--unsent")).to_have_count(1)
        finally:
            await asyncio.to_thread(bot.start_rasa_server)
            await asyncio.to_thread(bot.wait_until_ready)

        await expect(banner).to_be_hidden(timeout=60000)
        await expect(log.locator(".hl-msg--bot").filter(has_text="county lines").first).to_be_visible(timeout=30000)
        assert await log.locator(".hl-msg--user").count() == 2  # nothing lost, nothing twice
        assert await log.locator(".hl-msg--unsent").count() == 0
        assert await page.evaluate("JSON.parse(sessionStorage.getItem('helpline-chat')).sessionId") == session
        await browser.close()


def test_the_widget_survives_a_rasa_restart_without_losing_or_repeating_a_message(bot):
    asyncio.run(outage(bot))
