"""The action server (rasa-sdk's app for `actions/`), closed to everyone but our Rasa server.

rasa-sdk 3.6 listens on 0.0.0.0, allows any CORS origin and checks no credentials, so one
anonymous POST to /webhook could run `action_submit_handoff` and put a forged "immediate"
handoff at the top of the queue. Here it binds to loopback, sends no CORS headers, and
/webhook needs `Authorization: Bearer $ACTION_SERVER_TOKEN`, which Rasa sends from
endpoints.yml. /health stays open (it says nothing) for the runner's readiness check.

`python -m bot.action_server --port 5055 [--host 127.0.0.1]`
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Optional

from sanic import Sanic, response
from sanic.request import Request

TOKEN_VARIABLE = "ACTION_SERVER_TOKEN"
OPEN_PATHS = {"/health"}


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

    return app


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
    logging.getLogger(__name__).info("Action server on http://%s:%s", args.host, args.port)
    app.run(args.host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
