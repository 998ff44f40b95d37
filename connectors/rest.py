"""The REST channel (POST /webhooks/rest/webhook) with the helpline number readable in every language.

Plain-text clients draw a right-to-left reply's "0808 800 5000" as "5000 800 0808"; the digit
groups of numbers in right-to-left replies are joined with no-break spaces (bot/bidi.py, chosen
by a test that renders it in Chromium). Registered in credentials.yml as `connectors.rest.RestInput`.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage as BadRequest  # 400 in Sanic 21.12 (Rasa 3.6)
from sanic.request import Request

from bot.bidi import keep_numbers_left_to_right
from connectors.edge import clean_text, valid_rest_sender


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


class RestInput(RasaRestInput):
    """Rasa's REST channel with the request checked at the edge (connectors/edge.py: 400, never 500 or a
    crash); replies pass through NumbersLeftToRight."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        return cls()

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        sender = json_object(req).get("sender")
        if not valid_rest_sender(sender):
            raise BadRequest("sender must be 1-128 letters, digits or . _ : @ - (and not a website session id)")
        return sender

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = clean_text(json_object(req).get("message"))
        if text is None:
            raise BadRequest('message must be text: {"sender": "...", "message": "..."}')
        return text

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = json_object(request).get("metadata")
        return metadata if isinstance(metadata, dict) else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> Any:
            message.output_channel = NumbersLeftToRight(message.output_channel)
            return await on_new_message(message)

        return super().blueprint(handle)
