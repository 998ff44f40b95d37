"""The JSON API (/api/...): the same actions and rules as the pages, for scripts with a bearer token.

Every handler answers JSON, errors included: a refused action is {"error": message} with the
action's status. Also /healthz, the public liveness check.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from aiohttp import web

from bot.console import handoff_actions as actions
from bot.console.common import Handler, api_error, db
from bot.storage import console as store
from bot.storage import handoffs

STATUSES = ("collecting", "waiting", "claimed", "closed")


def refusals_as_json(call: Handler) -> Handler:
    """A refused action becomes {"error": ...} with its status, not an HTML page."""

    @functools.wraps(call)
    async def handler(request: web.Request) -> web.StreamResponse:
        try:
            return await call(request)
        except actions.Refused as refused:
            return api_error(refused.status, refused.message)

    return handler


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise actions.Refused(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise actions.Refused(400, "the body must be a JSON object")
    return body


@refusals_as_json
async def list_handoffs(request: web.Request) -> web.Response:
    status = request.query.get("status")
    if status is None:
        documents = await db(request, actions.open_handoffs)
    elif status in STATUSES:
        documents = await db(request, handoffs.list_handoffs, status)
    else:
        raise actions.Refused(400, "status must be " + ", ".join(STATUSES[:-1]) + f" or {STATUSES[-1]}")
    return web.json_response({"handoffs": documents})


@refusals_as_json
async def presence(request: web.Request) -> web.Response:
    """Who is signed in to the console and active now (the bot tells a waiting professional honestly)."""
    return web.json_response({"online": await db(request, store.online_counsellors, store.PRESENCE_WINDOW)})


@refusals_as_json
async def get_handoff(request: web.Request) -> web.Response:
    reference = request.match_info["ref"]
    document = await actions.load(request, reference)
    await db(request, store.audit, reference, request["user"]["name"], "viewed", "API")
    return web.json_response(
        {**document, "notes": await db(request, store.list_notes, reference),
         "audit": await db(request, store.list_audit, reference)}
    )


@refusals_as_json
async def claim(request: web.Request) -> web.Response:
    return web.json_response(await actions.claim(request, request.match_info["ref"]))


@refusals_as_json
async def message(request: web.Request) -> web.Response:
    text = (await _json_body(request)).get("text")
    if not isinstance(text, str):
        raise actions.Refused(400, 'send {"text": "..."}')
    relayed = await actions.message(request, request.match_info["ref"], text)
    return web.json_response({"stored": True, "relayed": relayed}, status=201)


@refusals_as_json
async def close(request: web.Request) -> web.Response:
    outcome = (await _json_body(request)).get("outcome")
    return web.json_response(await actions.close(request, request.match_info["ref"], outcome if isinstance(outcome, str) else ""))


async def healthz(_request: web.Request) -> web.Response:
    """Public: the console process answers (no database call, so a probe never loads it)."""
    return web.json_response({"ok": True})
