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

from bot.bidi import keep_numbers_left_to_right


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


class RestInput(RasaRestInput):
    """Rasa's REST channel; replies pass through NumbersLeftToRight."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def handle(message: UserMessage) -> Any:
            message.output_channel = NumbersLeftToRight(message.output_channel)
            return await on_new_message(message)

        return super().blueprint(handle)
