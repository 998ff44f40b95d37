"""The whole journey in real Chromium, two people at once: a professional on the website raises a
concern, answers the triage questions and gets a reference; a counsellor in the console claims it
and replies; the professional sees the reply marked as from a person; Quick exit leaves nothing."""

from __future__ import annotations

import asyncio
import re

from bot import project
from bot.storage import console
from bot.storage.database import make_engine, session_factory
from tests.browser.chromium import CHROMIUM, requires_chromium

pytestmark = requires_chromium
SCREENSHOTS = project.REPORTS / "screenshots"
PASSWORD = "another long password"
TRIAGE_ANSWERS = ["DSL at Oak Academy", "dsl@oak.sch.uk", "skip", "skip", "skip", "skip", "skip", "no", "nothing yet"]


async def journey(bot) -> None:
    from playwright.async_api import async_playwright, expect

    console.create_user(session_factory(make_engine(bot.database_url)), "Priya Shah", "counsellor", PASSWORD)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        professional = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
        counsellor = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()

        await professional.goto(f"http://localhost:{bot.website_port}/")
        await professional.click("text=I understand")
        log = professional.locator(".hl-log")

        async def say(text: str) -> None:
            before = await log.locator(".hl-msg--bot").count()
            await professional.fill("#hl-input", text)
            await professional.keyboard.press("Enter")
            await expect(log.locator(".hl-msg--bot")).not_to_have_count(before, timeout=30000)
            await asyncio.sleep(0.4)  # the rest of a multi-part reply

        await say("i'm worried about a 14 year old girl in year 9, an older man picks her up and she has a new phone")
        for answer in TRIAGE_ANSWERS:
            if "reference number is HO-" in await log.inner_text():
                break
            await say(answer)
        reference = re.search(r"HO-[0-9A-Z]{6}", await log.inner_text()).group(0)

        await counsellor.goto(f"{bot.console_url}/login")
        await counsellor.fill("#name", "Priya Shah")
        await counsellor.fill("#password", PASSWORD)
        await counsellor.click("button[type=submit]")
        await counsellor.click(f"a[href='/handoffs/{reference}']")
        await counsellor.click("text=Claim this handoff")
        await counsellor.fill("#message", "Hello, I'm Priya, a helpline counsellor. Thank you for the details.")
        await counsellor.click("form[action$='/messages'] button[type=submit]")

        from_a_person = log.locator(".hl-msg").filter(has_text="I'm Priya, a helpline counsellor")
        await expect(from_a_person).to_be_visible(timeout=10000)
        await expect(from_a_person).to_contain_text("Counsellor Priya (a person)")
        await professional.screenshot(path=str(SCREENSHOTS / "journey-professional.png"), full_page=True)
        await counsellor.screenshot(path=str(SCREENSHOTS / "journey-counsellor.png"), full_page=True)

        for _ in range(3):
            await professional.keyboard.press("Shift")
        await professional.wait_for_url(re.compile(r"neutral\.html$"))
        assert await professional.evaluate("sessionStorage.length") == 0
        await browser.close()


def test_professional_and_counsellor_meet_through_the_website_and_the_console(bot):
    asyncio.run(journey(bot))
