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
- Typed text loses Rasa's `/intent` syntax (connectors/edge.py), as in the REST channel.
- Rate limits per session and per client address (connectors/limits.py): a limited message gets a
  `bot_uttered` frame saying to wait, with 999 and the helpline's number and email, never silence.
- Only allowed page origins may connect (socket.io CORS; Rasa's own channel accepts any): the
  server's own origin always, plus `cors_allowed_origins` from credentials.yml, or instead the
  comma-separated HELPLINE_WIDGET_ORIGINS when set (see WidgetOrigins).
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import logging
import os
import re
import secrets
from typing import Any, Awaitable, Callable, Dict, FrozenSet, Iterable, List, Mapping, Optional, Set, Text, Union

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request

from bot.addresses import IPAddress, client_address, forwarded_for, trusted_from_env
from connectors.edge import message_text
from connectors.limits import EdgeLimits, limited_reply
from connectors.never_silent import handle_never_silent

logger = logging.getLogger(__name__)
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


def _origin(value: str) -> Optional[str]:
    """`scheme://host[:port]` lower-cased, or None if `value` is not an origin; the port may be `*`."""
    value = value.strip().rstrip("/").lower()
    match = re.fullmatch(r"(https?)://([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?", value)
    return value if match else None


class WidgetOrigins:
    """Which web pages may open the chat: socket.io's `cors_allowed_origins`, as a callable.

    Rasa's SocketIOInput passes `cors_allowed_origins=[]`, which switches the check off, so any site
    could put our chat (and its visitors' messages) on its own pages. Here: the server's own origin
    (engineio's same-origin rule: scheme and Host, or X-Forwarded-Proto/-Host) is always allowed;
    `allowed` adds exact origins (`https://www.example.org.uk`), `scheme://host:*` for any port of
    one host (the demo page and the tests' pages on this machine), or `*` for any (never in
    production). A request with no Origin is not a browser's cross-site request and is let through
    (engineio checks only when there is one): CORS protects visitors' browsers, the rate limits the rest."""

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.any = False
        self.exact: Set[str] = set()
        self.any_port: Set[str] = set()  # scheme://host of `scheme://host:*` entries
        for item in allowed:
            if item.strip() == "*":
                self.any = True
                continue
            origin = _origin(item)
            if origin is None:
                raise ValueError(f"not a web origin (scheme://host[:port]): {item!r}")
            if origin.endswith(":*"):
                self.any_port.add(origin[:-2])
            else:
                self.exact.add(origin)

    @classmethod
    def configured(cls, credentials_value: Union[None, str, Iterable[str]],
                   environ: Mapping[str, str] = os.environ) -> WidgetOrigins:
        """HELPLINE_WIDGET_ORIGINS (comma-separated) when set, else credentials.yml's list."""
        value: Union[None, str, Iterable[str]] = environ.get("HELPLINE_WIDGET_ORIGINS", "").strip() or credentials_value
        if value is None:
            return cls()
        items = value.split(",") if isinstance(value, str) else list(value)
        return cls(item for item in items if item and item.strip())

    @staticmethod
    def same_origins(environ: Mapping[str, Any]) -> List[str]:
        """The server's own origin(s) as engineio computes them for its default (same origin only)."""
        if "HTTP_HOST" not in environ:
            return []
        scheme = environ.get("wsgi.url_scheme", "http")
        origins = [f"{scheme}://{environ['HTTP_HOST']}".lower()]
        if "HTTP_X_FORWARDED_PROTO" in environ or "HTTP_X_FORWARDED_HOST" in environ:
            forwarded_scheme = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
            forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", environ["HTTP_HOST"]).split(",")[0].strip()
            origins.append(f"{forwarded_scheme}://{forwarded_host}".lower())
        return origins

    def __call__(self, origin: Optional[str], environ: Optional[Mapping[str, Any]] = None) -> bool:
        if not origin:
            return False  # nothing to allow (engineio only refuses a present, unallowed Origin)
        if self.any:
            return True
        normalised = origin.strip().rstrip("/").lower()
        if normalised in self.exact or normalised in self.same_origins(environ or {}):
            return True
        without_port = re.fullmatch(r"(https?://(?:[^:/\[\]]+|\[[0-9a-f:.]+\]))(?::\d{1,5})?", normalised)
        return without_port is not None and without_port.group(1) in self.any_port


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
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> WebsiteInput:
        credentials = credentials or {}
        return cls(
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            origins=WidgetOrigins.configured(credentials.get("cors_allowed_origins")),
        )

    def __init__(self, socketio_path: Text = "/socket.io", secret: Optional[bytes] = None,
                 origins: Optional[WidgetOrigins] = None, limits: Optional[EdgeLimits] = None,
                 trusted: Optional[FrozenSet[IPAddress]] = None) -> None:
        """`origins` defaults to HELPLINE_WIDGET_ORIGINS or same origin only; `limits` and `trusted`
        (proxies) to HELPLINE_LIMIT_* and HELPLINE_TRUSTED_PROXIES, read once at start-up."""
        super().__init__(session_persistence=True, socketio_path=socketio_path)
        configured = os.environ.get("WEBSITE_SESSION_SECRET", "").encode()
        # Without a configured secret, sessions survive only as long as this process.
        self.session_ids = SessionIds(secret or configured or secrets.token_bytes(32))
        self.origins = origins or WidgetOrigins.configured(None)
        self.limits = limits or EdgeLimits()
        self.trusted = trusted_from_env() if trusted is None else trusted

    def client_address(self, sid: Text) -> str:
        """The socket's client address, from the request that opened it (engineio's sanic driver
        writes 127.0.0.1 as REMOTE_ADDR, so the peer comes from the sanic request itself)."""
        environ = (self.sio.get_environ(sid, namespace=self.namespace) if self.sio else None) or {}
        request = environ.get("sanic.request")
        peer = getattr(request, "ip", None) if request is not None else None
        return client_address(peer, forwarded_for(environ), self.trusted)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def with_languages(message: UserMessage) -> Any:
            message.output_channel = WebsiteOutput(self.sio, self.bot_message_evt)
            return await handle_never_silent(message, on_new_message, blueprint)

        blueprint = super().blueprint(with_languages)
        sio = self.sio
        sio.eio.cors_allowed_origins = self.origins  # read on every request; replaces Rasa's [] (no check)

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
            text = message_text(data.get("message"))
            if not text or not text.strip():  # {"message": null}, rasa-webchat's first frame, or nothing readable
                return
            wait = self.limits.check(data["session_id"], self.client_address(sid))
            if wait:
                logger.warning("website message rate-limited (retry after %.0f s)", wait)
                # Never silence: the sender is told to wait and resend, with 999 and the helpline.
                await sio.emit(self.bot_message_evt, {"text": limited_reply(), "metadata": {"lang": "en", "dir": "ltr"}}, room=sid)
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
