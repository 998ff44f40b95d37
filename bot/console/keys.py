"""What the console keeps on its aiohttp app, as typed `web.AppKey`s (what each holds is checked by mypy).

A leaf module: every console module may import it and it imports none of them (the watcher's
type is named only for the type checker), so no two console modules need each other for a key.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Optional

import aiohttp
from aiohttp import web
from sqlalchemy.orm import sessionmaker

if TYPE_CHECKING:
    from bot.console.live import Watcher

SESSION_FACTORY = web.AppKey("session_factory", sessionmaker)  # the handoff database (migrated)
RASA_URL = web.AppKey("rasa_url", str)  # where counsellor messages are relayed, without a trailing "/"
RASA_TOKEN = web.AppKey[Optional[str]]("rasa_token")  # Rasa's --auth-token, if it has one
SECURE_COOKIES = web.AppKey[Optional[bool]]("secure_cookies")  # None: Secure when the request came over https
TRUSTED_PROXIES = web.AppKey("trusted_proxies", frozenset)  # proxies whose X-Forwarded-For names the client
HTTP = web.AppKey("http", aiohttp.ClientSession)  # the one outgoing HTTP client (relay to Rasa)
STOPPING = web.AppKey("stopping", asyncio.Event)  # set at shutdown: live streams and background tasks end
SWEEPER = web.AppKey[asyncio.Task]("sweeper")  # the background task that ends quiet intakes
WATCHER: web.AppKey[Watcher] = web.AppKey("watcher")  # the one live-update watcher of this process
