"""The action server (rasa-sdk's app for `actions/`), closed to everyone but our Rasa server.

rasa-sdk 3.6 listens on 0.0.0.0, allows any CORS origin and checks no credentials, so one
anonymous POST to /webhook could run `action_submit_handoff` and put a forged "immediate"
handoff at the top of the queue. Here it binds to loopback, sends no CORS headers, and
/webhook needs `Authorization: Bearer $ACTION_SERVER_TOKEN`, which Rasa sends from
endpoints.yml. /health stays open (it says nothing) for the runner's readiness check.

It also drains the handoff spool (bot/handoff/spool.py) at start and every few seconds: the
actions spool a concern when the database cannot take it, and the same process puts it back.

`python -m bot.action_server --port 5055 [--host 127.0.0.1]`
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import logging
import os
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request

TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"
OPEN_PATHS = {"/health"}
DRAIN_EVERY = 5.0  # seconds between attempts to put spooled concerns into the database
logger = logging.getLogger(__name__)


def authorised(request: Request, token: str) -> bool:
    """Whether the request carries the shared secret (compared in constant time)."""
    given = request.headers.get("Authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def create_app(token: str, actions: str = "actions") -> Sanic:
    """rasa-sdk's app with the shared-secret check in front of everything but /health."""
    from rasa_sdk.endpoint import create_app as sdk_app

    if not token:
        raise ValueError(f"{TOKEN_VARIABLE} is empty: the action server would be open to anyone")
    app = sdk_app(actions, cors_origins=None)

    @app.middleware("request")
    async def require_the_token(request: Request) -> Optional[response.HTTPResponse]:
        if request.path in OPEN_PATHS or authorised(request, token):
            return None
        return response.json({"error": "not authorised"}, status=401)

    @app.listener("after_server_start")
    async def start_draining(app: Sanic, loop: object) -> None:
        app.add_task(drain_the_spool_forever())

    return app


async def drain_the_spool_forever() -> None:
    """Put spooled concerns into the database whenever it takes them."""
    from actions.handoff import service
    from bot.handoff.spool import drain

    while True:
        try:
            await asyncio.to_thread(drain, service())
        except Exception:  # noqa: BLE001 - the database is away; the spool keeps everything
            logger.warning("could not drain the handoff spool yet", exc_info=True)
        await asyncio.sleep(DRAIN_EVERY)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.action_server", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    token = os.environ.get(TOKEN_VARIABLE, "")
    if not token:
        print(f"Set {TOKEN_VARIABLE} (make run generates one): the action server will not run open.")
        return 2
    app = create_app(token)
    logger.info("Action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
