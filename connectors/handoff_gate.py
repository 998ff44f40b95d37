"""Keep the bot quiet while a counsellor holds the conversation: shared by every input channel.

While a handoff is open (waiting or claimed) the professional's messages are stored in
the handoff's transcript for the counsellor and not passed to Rasa, so the bot never
talks over a person. Rasa's ConversationPaused cannot do this: paused messages still
reach NLU and nothing relays them. When the counsellor closes the handoff, the next
message gets a "you're back with the assistant" line and goes to the bot again.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def _sessions():
    from bot.storage.migrate import migrated_sessions

    return migrated_sessions()


@lru_cache(maxsize=1)
def back_with_the_bot() -> Text:
    from bot.content import load_contacts

    phone = load_contacts()["helpline_phone"]
    return f"The counsellor has closed this conversation. You're back with the automated assistant: ask me anything, or call {phone}."


def _open_reference(conversation_id: Text) -> Optional[Text]:
    from bot.storage.handoffs import open_reference_for

    return open_reference_for(_sessions(), conversation_id)


def _record(message: UserMessage) -> None:
    from bot.storage.handoffs import append_message

    append_message(_sessions(), message.sender_id, "user", message.text or "", external_id=message.message_id)


class HandoffGate:
    """Wraps a channel's `on_new_message`: to the counsellor while handed over, to the bot otherwise."""

    def __init__(self) -> None:
        self._handed_over: Dict[Text, Text] = {}  # conversation -> reference, while a counsellor has it

    def wrap(self, on_new_message: OnNewMessage) -> OnNewMessage:
        async def handle(message: UserMessage) -> Any:
            try:
                reference = await asyncio.to_thread(_open_reference, message.sender_id)
            except Exception:  # noqa: BLE001 - storage down: better the bot answers than nobody
                logger.exception("could not check for an open handoff; passing the message to the bot")
                reference = None
            if reference is not None:
                self._handed_over[message.sender_id] = reference
                await asyncio.to_thread(_record, message)
                return None
            if self._handed_over.pop(message.sender_id, None):
                await message.output_channel.send_text_message(message.sender_id, back_with_the_bot())
            return await on_new_message(message)

        return handle
