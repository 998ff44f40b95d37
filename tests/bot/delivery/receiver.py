"""A real webhook receiver on 127.0.0.1 for delivery tests: checks signatures, drops repeats."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Optional

from aiohttp import web

from bot.delivery.webhook import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verify


class Receiver:
    """Records what arrives the way a careful case system would.

    `lose_first_answer_for`: keys whose first delivery is stored but answered 503, as if
    the response were lost on the way back; the redelivery must then be recognised.
    `status`: answer every request with this status instead (e.g. 500, a broken receiver).
    """

    def __init__(self, secret: str, port: int, *, lose_first_answer_for: set[str] = frozenset(),
                 status: Optional[int] = None) -> None:
        self.secret = secret
        self.port = port
        self.status = status
        self.lose_first_answer_for = set(lose_first_answer_for)
        self.requests: list[str] = []  # every Idempotency-Key seen, repeats included
        self.accepted: dict[str, dict[str, Any]] = {}  # what the case system stored, once per key
        self.stored_times: Counter[str] = Counter()
        self.duplicates = 0
        self.bad_signatures = 0
        self._runner: Optional[web.AppRunner] = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/handoffs"

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        if not verify(body, self.secret, request.headers.get(SIGNATURE_HEADER)):
            self.bad_signatures += 1
            return web.Response(status=401, text="bad signature")
        if request.content_type != "application/json":
            return web.Response(status=415)
        key = request.headers[IDEMPOTENCY_HEADER]
        self.requests.append(key)
        if self.status is not None:
            return web.Response(status=self.status, text="receiver broken")
        if key in self.accepted:
            self.duplicates += 1
            return web.Response(status=200, text="already have it")
        self.accepted[key] = json.loads(body)
        self.stored_times[key] += 1
        if key in self.lose_first_answer_for:
            self.lose_first_answer_for.discard(key)
            return web.Response(status=503, text="stored, but this answer is lost")
        return web.Response(status=201, text="stored")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/handoffs", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
