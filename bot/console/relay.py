"""The relay from a counsellor to the professional: Rasa's tracker, then the professional's open website chat.

Kept apart (and unchanged) because the mechanism is to be replaced by one standard Rasa call
(issue 14, "one path from counsellor to professional"); nothing else in the console knows how
a message travels, only whether it arrived.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web

from bot.console import views
from bot.console.keys import HTTP, RASA_TOKEN, RASA_URL

logger = logging.getLogger(__name__)


async def relay(app: web.Application, conversation_id: str, text: str, name: str) -> bool:
    """Append a bot event from the counsellor to the Rasa conversation; False if Rasa did not take it."""
    url = f"{app[RASA_URL]}/conversations/{quote(conversation_id, safe='')}/tracker/events"
    params = {"token": app[RASA_TOKEN]} if app[RASA_TOKEN] else None
    body: dict[str, Any] = {
        "event": "bot", "text": text, "metadata": {"from": "counsellor", "name": views.first_name(name)},
    }
    try:
        async with app[HTTP].post(url, json=body, params=params) as response:
            if response.status >= 300:
                return False
        await push_to_website(app, conversation_id, text, body["metadata"]["name"])
        return True
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False


async def push_to_website(app: web.Application, conversation_id: str, text: str = "", name: str = "", status: str = "") -> None:
    """Show a counsellor's message, or that a person joined or left ("counsellor" / "bot"), in the
    professional's open website chat (connectors/website.py), if there is one."""
    secret = os.environ.get("RELAY_SECRET")
    if not secret:
        return
    body = {"conversation_id": conversation_id, "text": text, "name": name, "status": status}
    async with app[HTTP].post(f"{app[RASA_URL]}/webhooks/website/counsellor", json=body,
                              headers={"X-Helpline-Relay-Secret": secret}) as response:
        if response.status >= 300:
            logger.warning("website push for %s answered %s", conversation_id, response.status)


async def tell_website(request: web.Request, document: dict[str, Any], status: str, name: str = "") -> None:
    """Best effort: the professional's open chat learns a person joined or left; never fails the action."""
    try:
        await push_to_website(request.app, document["conversation_id"], name=name, status=status)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        logger.warning("could not tell the website chat of %s about %s", document["conversation_id"], status)
