"""axe-core in the real page: no serious or critical accessibility problems (WCAG 2.x A/AA rules)
in the website widget (before and after the privacy notice, and with a message marked "Received")
and the counsellor console."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage import console
from bot.storage.database import make_engine, session_factory
from tests.browser.chromium import CHROMIUM, requires_chromium

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
pytestmark = requires_chromium
PASSWORD = "a third long password"


async def serious_problems(page) -> list[str]:
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def audit(bot) -> dict[str, list[str]]:
    from playwright.async_api import async_playwright

    console.create_user(session_factory(make_engine(bot.database_url)), "Ada Lovelace", "counsellor", PASSWORD)
    found: dict[str, list[str]] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
        for width in (1280, 390):
            # bypass_csp: the pages rightly forbid inline scripts; axe is injected only for the audit
            page = await browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
            await page.goto(f"http://localhost:{bot.website_port}/")
            found[f"widget notice {width}px"] = await serious_problems(page)
            await page.reload()
            await page.click("text=I understand")
            found[f"widget chat {width}px"] = await serious_problems(page)
            # A reply and the "Received" line under the professional's message (its contrast included).
            await page.fill("#hl-input", "what is the nrm")
            await page.keyboard.press("Enter")
            await page.wait_for_selector(".hl-msg--user .hl-received", timeout=30000)
            found[f"widget chat with a received message {width}px"] = await serious_problems(page)
            await page.close()
        page = await browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        await page.goto(f"{bot.console_url}/login")
        found["console login"] = await serious_problems(page)
        await page.fill("#name", "Ada Lovelace")
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit]")
        found["console queue"] = await serious_problems(page)
        await browser.close()
    return found


def test_no_serious_or_critical_accessibility_problems(bot):
    found = asyncio.run(audit(bot))
    assert {where: problems for where, problems in found.items() if problems} == {}
