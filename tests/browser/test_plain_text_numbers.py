"""Which plain-text form of the helpline number reads left to right: measured in Chromium.

A plain-text channel (REST, rasa-webchat, SMS) cannot send markup, so bot/bidi.py changes the
text itself. Every Arabic, Persian and Urdu reply with the number is drawn the way a generic
client draws a message (a dir="auto" paragraph, text only) at phone and desktop widths, as
sent today, with no-break spaces, with isolates and with both; the bounding boxes of 0808, 800
and 5000 must go left to right on one line. Today's text fails (issue 11); NBSP, bot/bidi.py's
default, passes everywhere; isolates fix the order but may still wrap between groups.
"""

from __future__ import annotations

import asyncio
import html

from bot import localized
from bot.bidi import keep_numbers_left_to_right
from tests.browser.chromium import ARGS, CHROMIUM, requires_chromium
from tests.browser.widget_page import localized_reply, replies_with_the_number

pytestmark = requires_chromium

GROUP_BOXES = """
() => Array.from(document.querySelectorAll("p")).map(p => {
  const node = p.firstChild;
  const text = node.data;
  const start = text.search(/0808[\\s\\u00a0\\u2069\\u2066]*800/);
  const groups = [];
  let from = start;
  for (const group of ["0808", "800", "5000"]) {
    const at = text.indexOf(group, from);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + group.length);
    const box = range.getBoundingClientRect();
    groups.push({text: group, left: box.left, top: box.top});
    from = at + group.length;
  }
  return groups;
})
"""


def problems_of(boxes: list[list[dict]]) -> dict[str, int]:
    order = sum(1 for groups in boxes if not groups[0]["left"] < groups[1]["left"] < groups[2]["left"])
    lines = sum(1 for groups in boxes if len({round(g["top"]) for g in groups}) != 1)
    return {"reversed": order, "split": lines}


async def measure() -> dict[tuple[str, int], dict[str, int]]:
    from playwright.async_api import async_playwright

    texts = [localized_reply(name, code)["text"] for code in sorted(localized.RIGHT_TO_LEFT) for name in replies_with_the_number()]
    forms = {
        "as sent today": lambda t: t,
        "nbsp": lambda t: keep_numbers_left_to_right(t, "nbsp"),
        "isolate": lambda t: keep_numbers_left_to_right(t, "isolate"),
        "both": lambda t: keep_numbers_left_to_right(t, "both"),
    }
    found = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page()
        for width in (200, 240, 280, 320, 1200):
            for form, change in forms.items():
                paragraphs = "".join(
                    f'<p dir="auto" style="width:{width}px;font:16px Arial,sans-serif;white-space:pre-wrap">{html.escape(change(t))}</p>'
                    for t in texts
                )
                await page.set_content(f"<!doctype html><html><body>{paragraphs}</body></html>")
                boxes = await page.evaluate(GROUP_BOXES)
                assert len(boxes) == len(texts)
                found[(form, width)] = problems_of(boxes)
        await browser.close()
    return found


def test_no_break_spaces_make_the_plain_text_number_read_left_to_right_on_one_line():
    found = asyncio.run(measure())
    for line in sorted(found.items()):
        print(line)
    replies = len(localized.RIGHT_TO_LEFT) * len(replies_with_the_number())
    # The bug, measured: every RTL reply shows 5000 800 0808 (or a mix) as sent today.
    assert all(found[("as sent today", w)]["reversed"] == replies for w in (200, 240, 280, 320, 1200))
    # Isolates alone still let a narrow screen split the number: why NBSP is the default.
    assert sum(found[("isolate", w)]["split"] for w in (200, 240, 280, 320)) > 0
    for width in (200, 240, 280, 320, 1200):
        assert found[("nbsp", width)] == {"reversed": 0, "split": 0}, width
        assert found[("both", width)] == {"reversed": 0, "split": 0}, width
        assert found[("isolate", width)]["reversed"] == 0, width
