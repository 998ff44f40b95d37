"""The website chat channel: Rasa's socket.io protocol, so rasa-webchat-style clients connect unchanged.

Speaks `session_request` / `session_confirm`, `user_uttered`, `bot_uttered` like Rasa's
SocketIOInput, with two changes for a child-protection helpline:
- Session ids are issued by the server, random and signed; a client may resume only a
  session id this server signed (a guessed or made-up id gets a fresh session), so one
  person cannot read into another's conversation by guessing an id.
Registered in credentials.yml as `connectors.website.WebsiteInput` (socket path /socket.io).
- A counsellor's message (relayed by the console to POST /webhooks/website/counsellor with
  the shared RELAY_SECRET) reaches the professional's open chat as `bot_uttered` with
  `metadata: {"from": "counsellor", "name": <first name>}`; claiming and closing send a
  `handoff_status` event ({"status": "counsellor", "name": ...} / {"status": "bot"}).
- `bot_typing` {"typing": true|false} brackets the bot's work on each message (typing indicator).
- `message_received` {"client_id": ...} goes to the session's room once a message has been handled,
  when the client sent `customData: {"client_id": <its id for the message>}` (a short token of
  letters, digits, `-` and `_`; anything else is never echoed): the widget shows "Received" even
  while a counsellor has the conversation and the bot says nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import os
import re
import secrets
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request

from connectors.edge import clean_text

SIGNATURE_LENGTH = 32
CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # the widget's message ids ("u-" + 16 hex digits)


class SessionIds:
    """Random session ids carrying an HMAC, so only ids this server issued are accepted back."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _sign(self, token: str) -> str:
        return hmac.new(self._secret, token.encode(), hashlib.sha256).hexdigest()[:SIGNATURE_LENGTH]

    def issue(self) -> str:
        token = secrets.token_urlsafe(24)
        return f"{token}.{self._sign(token)}"

    def is_ours(self, session_id: Any) -> bool:
        if not isinstance(session_id, str) or "." not in session_id:
            return False
        token, signature = session_id.rsplit(".", 1)
        return hmac.compare_digest(signature, self._sign(token))


class WebsiteOutput(SocketIOOutput):
    """Rasa's socket.io output, with each reply's language and direction (metadata lang/dir from
    domain/localized/) so the widget can set `lang` and `dir` on the message."""

    @staticmethod
    def _language(kwargs: Dict[str, Any]) -> Dict[str, Any]:
        metadata = kwargs.get("metadata") or {}
        return {key: metadata[key] for key in ("lang", "dir") if isinstance(metadata.get(key), str)}

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        language = self._language(kwargs)
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, **({"metadata": language} if language else {})})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        language = self._language(kwargs)
        parts = text.strip().split("\n\n") or [text]
        messages: List[Dict[Text, Any]] = [{"text": part, "quick_replies": []} for part in parts]
        messages[-1]["quick_replies"] = [
            {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
        ]
        for message in messages:
            await self._send_message(recipient_id, {**message, **({"metadata": language} if language else {})})


class WebsiteInput(SocketIOInput):
    """Rasa's socket.io channel with server-issued session ids."""

    @classmethod
    def name(cls) -> Text:
        return "website"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebsiteInput":
        credentials = credentials or {}
        return cls(socketio_path=credentials.get("socketio_path", "/socket.io"))

    def __init__(self, socketio_path: Text = "/socket.io", secret: Optional[bytes] = None) -> None:
        super().__init__(session_persistence=True, socketio_path=socketio_path)
        configured = os.environ.get("WEBSITE_SESSION_SECRET", "").encode()
        # Without a configured secret, sessions survive only as long as this process.
        self.session_ids = SessionIds(secret or configured or secrets.token_bytes(32))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_languages(message: UserMessage) -> Any:
            message.output_channel = WebsiteOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        blueprint = super().blueprint(with_languages)
        sio = self.sio

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            requested = (data or {}).get("session_id")
            session_id = requested if self.session_ids.is_ours(requested) else self.session_ids.issue()
            entered = sio.enter_room(sid, session_id)
            if inspect.isawaitable(entered):  # a coroutine in python-socketio 5.x's AsyncServer
                await entered
            await sio.emit("session_confirm", session_id, room=sid)

        async def user_uttered(sid: Text, data: Any) -> None:
            data = data if isinstance(data, dict) else {}
            if not self.session_ids.is_ours(data.get("session_id")):
                await sio.emit(self.bot_message_evt, {"text": "Your chat session has expired. Please reload the page."}, room=sid)
                return
            text = clean_text(data.get("message"))
            if not text or not text.strip():  # {"message": null}, rasa-webchat's first frame, or nothing readable
                return
            data = {**data, "message": text}
            await sio.emit("bot_typing", {"typing": True}, room=sid)
            try:
                await handle_message(sid, data)
                # Handled (stored, answered or kept for the counsellor): the widget marks the
                # message "Received", so even a turn the bot leaves silent is acknowledged.
                # The id is read from the event's customData itself (this channel's metadata_key
                # is Rasa's default, "metadata") and sent back only if it is a short safe token.
                custom = data.get("customData")
                client_id = custom.get("client_id") if isinstance(custom, dict) else None
                if isinstance(client_id, str) and CLIENT_ID.fullmatch(client_id):
                    await sio.emit("message_received", {"client_id": client_id}, room=data["session_id"])
            finally:
                await sio.emit("bot_typing", {"typing": False}, room=sid)

        async def counsellor_message(request: Request) -> response.HTTPResponse:
            secret = os.environ.get("RELAY_SECRET", "")
            given = request.headers.get("X-Helpline-Relay-Secret", "")
            if not secret or not hmac.compare_digest(given, secret):
                return response.json({"error": "not allowed"}, status=403)
            body = request.json or {}
            conversation = body.get("conversation_id")
            if body.get("status") in ("counsellor", "bot") and conversation:
                # "you're now talking to a counsellor" / "back to the assistant"
                await sio.emit("handoff_status", {"status": body["status"], "name": body.get("name") or None}, room=conversation)
                return response.json({"status": "sent"})
            if not conversation or not body.get("text"):
                return response.json({"error": "conversation_id and text (or status) are required"}, status=400)
            message = {"text": body["text"], "metadata": {"from": "counsellor", "name": body.get("name")}}
            await sio.emit(self.bot_message_evt, message, room=conversation)
            return response.json({"status": "sent"})

        handle_message = sio.handlers[self.namespace or "/"][self.user_message_evt]
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_uttered, namespace=self.namespace)
        blueprint.add_route(counsellor_message, "/counsellor", methods=["POST"])
        return blueprint
