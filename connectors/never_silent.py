"""Every message gets an answer even when the action server has died (rule 1: never silent).

Both channels hand each message to `handle_never_silent`: it counts what the bot sends and, if
nothing was sent, asks bot/handoff/actions_away.py whether that was a fault (the action server
not answering) and, if so, sends its reply (the phone number, the email and 999) and keeps the
concern. A silence while a counsellor has the conversation is meant and stays silent.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, List, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint

from bot.handoff.actions_away import answer_if_actions_away


class Counting(OutputChannel):
    """Passes every reply on to `inner` and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner, self.sent = inner, 0

    def name(self) -> Text:  # the channel it wraps, for channel-specific replies
        return self.inner.name()

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(recipient_id, text, **kwargs)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_with_buttons(recipient_id, text, buttons, **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_custom_json(recipient_id, json_message, **kwargs)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_image_url(recipient_id, image, **kwargs)

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_attachment(recipient_id, attachment, **kwargs)


async def handle_never_silent(
    message: UserMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]], blueprint: Blueprint
) -> Any:
    """Rasa handles the message; if it said nothing because the actions are away, say why and what to do.

    `blueprint` is the channel's own, registered on the app whose `ctx.agent` handles messages.
    """
    channel = message.output_channel.name() if message.output_channel else "rest"
    counting = Counting(message.output_channel)
    message.output_channel = counting
    result = await on_new_message(message)
    if counting.sent == 0 and blueprint.apps:
        agent = next(iter(blueprint.apps)).ctx.agent
        for reply in await answer_if_actions_away(agent, message.sender_id, channel):
            await counting.send_response(message.sender_id, reply)
    return result
