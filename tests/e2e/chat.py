"""A tiny client for the bot's REST channel, as a website would use it."""

from __future__ import annotations

import json
import urllib.request
import uuid
from typing import Any


def post(url: str, payload: dict[str, Any], timeout: float = 60) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


class Conversation:
    """One professional's conversation with the bot through /webhooks/rest/webhook."""

    def __init__(self, base_url: str, token: str = "") -> None:
        self.base_url, self.token = base_url, token  # token: Rasa's --auth-token, for tracker()
        self.sender = f"test-{uuid.uuid4().hex}"

    def say(self, text: str) -> list[str]:
        replies = post(f"{self.base_url}/webhooks/rest/webhook", {"sender": self.sender, "message": text})
        return [r.get("text", "") for r in replies]

    def reply(self, text: str) -> str:
        """The bot's whole reply as one text (the REST channel sends each paragraph separately)."""
        return "\n\n".join(self.say(text))

    def tracker(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base_url}/conversations/{self.sender}/tracker?token={self.token}", timeout=30) as r:
            return json.loads(r.read())
