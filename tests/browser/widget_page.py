"""The chat widget with canned replies and no Rasa server: a stand-in socket.io client.

`window.io` is replaced (before widget.js runs) by a fake that confirms a session at once and
lets the test play server events: `await fire(page, "bot_uttered", {...})`. The widget's own
code does the rest exactly as with the real channel. The page is served by bot/website.py, so
the real headers (CSP included) apply.
"""

from __future__ import annotations

import contextlib
from typing import Any, AsyncIterator, Dict, List, Optional

import yaml

from bot import localized
from bot.content import load_contacts
from bot.stack import free_port

FAKE_IO = """
(function () {
  window.io = function () {
    var handlers = {};
    var sock = {
      connected: true,
      sent: [],
      io: { engine: { transport: { name: "fake" }, close: function () { sock.connected = false; sock.fire("disconnect"); } } },
      on: function (event, fn) { (handlers[event] = handlers[event] || []).push(fn); return sock; },
      emit: function (event, data) {
        sock.sent.push([event, data]);
        if (event === "session_request") setTimeout(function () { sock.fire("session_confirm", "fake-session.0"); }, 0);
      },
      disconnect: function () { sock.connected = false; },
      fire: function (event, data) { (handlers[event] || []).forEach(function (fn) { fn(data); }); }
    };
    window.__helplineSocket = sock;
    setTimeout(function () { sock.fire("connect"); }, 0);
    return sock;
  };
})();
"""

REFERENCE = "HO-7K2M9Q"
GROUPS = ["0808", "800", "5000"]


@contextlib.asynccontextmanager
async def widget_site(rasa_url: str = "http://127.0.0.1:9") -> AsyncIterator[str]:
    """bot/website.py on a free port; yields its base URL."""
    from aiohttp import web

    from bot.website import create_app

    runner = web.AppRunner(create_app(rasa_url=rasa_url))
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def canned_page(browser, url: str, width: int, locale: Optional[str] = None, bypass_csp: bool = False):
    """A fresh context (browser language `locale`) with the fake socket.io client; returns the page.

    bypass_csp only for injecting axe-core (the page rightly forbids inline scripts)."""
    context = await browser.new_context(viewport={"width": width, "height": 900}, locale=locale or "en-GB", bypass_csp=bypass_csp)
    page = await context.new_page()
    await page.add_init_script(FAKE_IO)
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    await page.goto(url + "/")
    return page


async def fire(page, event: str, data: Any) -> None:
    await page.evaluate("([event, data]) => window.__helplineSocket.fire(event, data)", [event, data])


def localized_reply(name: str, code: str) -> Dict[str, Any]:
    """The variant of utter_<name> for `code`, its text filled in as the bot fills it."""
    path = localized.LOCALIZED_DIR / f"{name}.yml"
    variants = yaml.safe_load(path.read_text(encoding="utf-8"))["responses"][f"utter_{name}"]
    variant = localized.variants_by_language(variants)[code]
    values = dict(load_contacts(), handoff_reference=REFERENCE, queue_position="3")
    text = variant["text"]
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return {"text": text, "metadata": variant.get("metadata") or {}}


def replies_with_the_number() -> List[str]:
    """Every localized reply whose English says {helpline_phone}."""
    names = []
    for path in sorted(localized.LOCALIZED_DIR.glob("*.yml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError:  # reported by tests/test_localized.py
            continue
        for name, variants in (document.get("responses") or {}).items():
            if "{helpline_phone}" in localized.variants_by_language(variants)["en"]["text"]:
                names.append(name[len("utter_"):])
    return names


# Where each digit group of every displayed 0808 800 5000 is drawn: one entry per number,
# [{"text": "0808", "left": .., "top": .., "rects": n}, ...] in the order the groups are in the text.
DIGIT_GROUP_BOXES = """
(selector) => Array.from(document.querySelectorAll(selector)).filter(e => e.textContent.replace(/[\u00a0\u202f]/g, " ").trim() === "0808 800 5000").map(e => {
  const node = e.firstChild;
  const groups = [];
  let from = 0;
  for (const group of ["0808", "800", "5000"]) {
    const start = node.data.indexOf(group, from);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + group.length);
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
    const box = range.getBoundingClientRect();
    groups.push({text: group, left: box.left, right: box.right, top: box.top, bottom: box.bottom, rects: rects.length});
    from = start + group.length;
  }
  const whole = Array.from(e.getClientRects()).filter(r => r.width > 0).length;
  return {groups, lines: whole, context: e.closest("[lang]") ? e.closest("[lang]").getAttribute("lang") : null};
})
"""


def reading_order_problems(numbers: List[dict], where: str) -> List[str]:
    """Empty when every number shows 0808, 800, 5000 left to right on one line."""
    problems = []
    for number in numbers:
        groups = number["groups"]
        lefts = [g["left"] for g in groups]
        tops = {round(g["top"]) for g in groups}
        order = [g["text"] for g in sorted(groups, key=lambda g: g["left"])]
        if order != GROUPS or not lefts[0] < lefts[1] < lefts[2]:
            problems.append(f"{where} [{number['context']}]: reads {' '.join(order)}")
        if len(tops) != 1 or number["lines"] != 1 or any(g["rects"] != 1 for g in groups):
            problems.append(f"{where} [{number['context']}]: split over lines (tops {sorted(tops)})")
    return problems


