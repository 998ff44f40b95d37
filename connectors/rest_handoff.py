"""The REST channel (POST /webhooks/rest/webhook), quiet while a counsellor holds the conversation.

Registered in credentials.yml under its module path; see connectors/handoff_gate.py.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint

from connectors.handoff_gate import HandoffGate


class HandoffAwareRestInput(RestInput):
    """Rasa's REST channel behind the handoff gate."""

    def __init__(self) -> None:
        self._gate = HandoffGate()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "HandoffAwareRestInput":
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(self._gate.wrap(on_new_message))
