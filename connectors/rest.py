"""The REST channel (POST /webhooks/rest/webhook) with the helpline number readable in every language.

Plain-text clients draw a right-to-left reply's "0808 800 5000" as "5000 800 0808"; the digit
groups of numbers in right-to-left replies are joined with no-break spaces (bot/bidi.py, chosen
by a test that renders it in Chromium). Registered in credentials.yml as `connectors.rest.RestInput`.

Before Rasa sees a message (a request middleware of this channel's blueprint, in this order):
- HELPLINE_REST_TOKEN set: `Authorization: Bearer <token>` or 401 (compared in constant time). The
  webhook is for trusted integrations; production sets the token and keeps the path off the proxy.
- the body, sender and text are checked (connectors/edge.py: 400), and the text loses `/intent` syntax;
- the rate limits (connectors/limits.py): a limited message gets HTTP 429 with a normal bot message
  list saying to wait, with 999 and the helpline's number and email, never an empty reply.
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Awaitable, Callable, Dict, FrozenSet, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage as BadRequest  # 400 in Sanic 21.12 (Rasa 3.6)
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.addresses import IPAddress, client_address, forwarded_for, trusted_from_env
from bot.bidi import keep_numbers_left_to_right
from connectors.edge import message_text, valid_rest_sender
from connectors.limits import EdgeLimits, limited_reply, retry_after
from connectors.never_silent import handle_never_silent

logger = logging.getLogger(__name__)


def right_to_left(kwargs: Dict[str, Any]) -> bool:
    return ((kwargs.get("metadata") or {}).get("dir")) == "rtl"


class NumbersLeftToRight(OutputChannel):
    """Passes every reply to `inner`, with the numbers of right-to-left replies kept left to right."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _text(self, text: Text, kwargs: Dict[str, Any]) -> Text:
        return keep_numbers_left_to_right(text) if right_to_left(kwargs) else text

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.inner.send_text_message(recipient_id, self._text(text, kwargs), **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.inner.send_text_with_buttons(recipient_id, self._text(text, kwargs), buttons, **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self.inner.send_custom_json(recipient_id, json_message, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.inner.send_image_url(recipient_id, image, **kwargs)

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        await self.inner.send_attachment(recipient_id, attachment, **kwargs)


def json_object(request: Request) -> dict:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - sanic raises its own errors for bodies that are not JSON
        raise BadRequest("the body must be JSON") from None
    if not isinstance(body, dict):
        raise BadRequest('the body must be a JSON object: {"sender": "...", "message": "..."}')
    return body


def bearer_token_matches(request: Request, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time so timing reveals nothing of it."""
    scheme, _, given = (request.headers.get("authorization") or "").strip().partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


class RestInput(RasaRestInput):
    """Rasa's REST channel with the request checked at the edge (connectors/edge.py: 400, never 500 or a
    crash), an optional bearer token, rate limits, and no `/intent` syntax; replies pass through
    NumbersLeftToRight."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> RestInput:
        return cls()

    def __init__(self, token: Optional[str] = None, limits: Optional[EdgeLimits] = None,
                 trusted: Optional[FrozenSet[IPAddress]] = None) -> None:
        """`token`, `limits` and `trusted` (proxies) default to the environment: HELPLINE_REST_TOKEN,
        HELPLINE_LIMIT_* and HELPLINE_TRUSTED_PROXIES, read once at start-up."""
        self.token = os.environ.get("HELPLINE_REST_TOKEN", "") if token is None else token
        self.limits = limits or EdgeLimits()
        self.trusted = trusted_from_env() if trusted is None else trusted

    async def _gate(self, request: Request) -> Optional[HTTPResponse]:
        """401 without the token (when one is set), 400 for a bad body, 429 when limited; else None."""
        if self.token and not bearer_token_matches(request, self.token):
            return response.json({"error": "this webhook needs Authorization: Bearer <HELPLINE_REST_TOKEN>"},
                                 status=401, headers={"WWW-Authenticate": 'Bearer realm="helpline"'})
        sender = await self._extract_sender(request)  # 400 for anything that is not a safe sender
        self._extract_message(request)  # 400 for a message that is not text
        address = client_address(request.ip, forwarded_for(request.headers), self.trusted)
        wait = self.limits.check(f"rest:{sender}", address)
        if wait:
            logger.warning("REST message rate-limited (retry after %s s)", retry_after(wait))
            return response.json([{"recipient_id": sender, "text": limited_reply()}], status=429,
                                 headers={"Retry-After": retry_after(wait)})
        return None

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = json_object(req).get("sender")
        if not valid_rest_sender(sender):
            raise BadRequest("sender must be 1-128 letters, digits or . _ : @ - (and not a website session id)")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = message_text(json_object(req).get("message"))
        if text is None:
            raise BadRequest('message must be text: {"sender": "...", "message": "..."}')
        return text

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = json_object(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> Any:
            message.output_channel = NumbersLeftToRight(message.output_channel)
            return await handle_never_silent(message, on_new_message, blueprint)

        blueprint = super().blueprint(handle)

        async def gate(request: Request) -> Optional[HTTPResponse]:
            # Blueprint middleware runs for this channel's routes only; the health check stays open.
            if request.method == "POST" and request.path.rstrip("/").endswith("/webhook"):
                return await self._gate(request)
            return None

        blueprint.middleware(gate, "request")
        return blueprint
