"""The HTML pages (the queue, one handoff) and the handoff page's form actions.

A form action answers with a redirect to the handoff page and a notice (post/redirect/get), or,
when refused, the handoff page again with the reason and what the counsellor had typed.
"""

from __future__ import annotations

from typing import Optional
from urllib.parse import quote

from aiohttp import web

from bot.console import handoff_actions as actions
from bot.console import views
from bot.console.auth import may_close, may_manage
from bot.console.common import db, error_page, render
from bot.storage import console as store
from bot.storage import handoffs


async def queue_page(request: web.Request) -> web.Response:
    documents = await db(request, actions.open_handoffs)
    online = await db(request, store.online_counsellors, store.PRESENCE_WINDOW)
    return render(request, "queue.html", {"items": [views.queue_item(d) for d in documents], "online": online,
                                          "presence_minutes": int(store.PRESENCE_WINDOW.total_seconds() // 60),
                                          "immediate_refs": await _immediate_refs(request)})


async def _immediate_refs(request: web.Request) -> str:
    """The open immediate handoffs when the page was made: the page alerts only for ones that become immediate later."""
    return " ".join(r[0] for r in await db(request, store.immediate_signature))


async def handoff_page(
    request: web.Request, reference: str, error: Optional[str] = None, status: int = 200, draft: str = ""
) -> web.Response:
    document = await db(request, handoffs.get_handoff, reference)
    if document is None:
        return error_page(request, 404, "Handoff not found", f"There is no handoff {reference}.")
    user = request["user"]
    if status == 200 and request.method == "GET":
        await db(request, store.audit, reference, user["name"], "viewed")
    current = actions.holder(document)
    context = {
        **views.summary_context(document),
        "immediate_refs": await _immediate_refs(request),
        "holder": current,
        "is_holder": current == user["name"],
        "can_manage": may_manage(user, current),
        "can_close": may_close(user, current, document["status"]),
        "notes": await db(request, store.list_notes, reference),
        "audit": await db(request, store.list_audit, reference),
        "users": [u for u in await db(request, store.list_users) if u["name"] != current],
        "notice": views.NOTICES.get(request.query.get("notice", "")),
        "warning": request.query.get("notice") == "relay_failed",
        "error": error,
        "draft": draft,
    }
    return render(request, "handoff.html", context, status=status)


async def handoff_get(request: web.Request) -> web.Response:
    return await handoff_page(request, request.match_info["ref"])


def _after(reference: str, notice: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/handoffs/{quote(reference)}?notice={notice}")


async def handoff_action(request: web.Request) -> web.StreamResponse:
    """POST /handoffs/{ref}/{action}: one of the handoff page's forms (FORM_ACTIONS in routes.py)."""
    reference, action = request.match_info["ref"], request.match_info["action"]
    form = await request.post()
    text = str(form.get("text", ""))
    try:
        if action == "claim":
            await actions.claim(request, reference)
            return _after(reference, "claimed")
        if action == "release":
            await actions.release(request, reference)
            return _after(reference, "released")
        if action == "transfer":
            await actions.transfer(request, reference, str(form.get("to", "")).strip())
            return _after(reference, "transferred")
        if action == "notes":
            await actions.note(request, reference, text)
            return _after(reference, "noted")
        if action == "messages":
            relayed = await actions.message(request, reference, text)
            return _after(reference, "sent" if relayed else "relay_failed")
        if action == "close":
            await actions.close(request, reference, str(form.get("outcome", "")))
            return _after(reference, "closed")
    except actions.Refused as refused:
        if refused.status == 404:
            return error_page(request, 404, "Handoff not found", refused.message)
        return await handoff_page(request, reference, error=refused.message, status=refused.status,
                                  draft=text if action == "messages" else "")
    raise web.HTTPNotFound()
