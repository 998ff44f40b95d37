"""A plain python-socketio client speaking Rasa's socket.io protocol, as rasa-webchat does."""

from __future__ import annotations

import asyncio

import pytest
import socketio

pytestmark = pytest.mark.e2e


async def chat(url: str, session_id=None, messages=("hi",), client_ids=None, acks=None) -> tuple[str, list[dict]]:
    """Each message in turn, with customData.client_id from `client_ids` when given (as the widget
    sends it); the `message_received` events that come back are appended to `acks`."""
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue = asyncio.Queue()
    replies: asyncio.Queue = asyncio.Queue()
    turn_over: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    client.on("bot_typing", lambda data: data.get("typing") or turn_over.put_nowait(True))
    client.on("message_received", lambda data: acks.append(data) if acks is not None else None)
    # long-polling: this engineio client's websocket transport needs a newer aiohttp than Rasa 3.6 allows
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        session = await asyncio.wait_for(confirmed.get(), 10)
        received = []
        for index, text in enumerate(messages):
            data = {"message": text, "session_id": session}
            if client_ids:
                data["customData"] = {"client_id": client_ids[index]}
            await client.emit("user_uttered", data)
            received.append(await asyncio.wait_for(replies.get(), 30))
            await asyncio.wait_for(turn_over.get(), 30)  # bot_typing false: the turn (and its ack) is over
            await asyncio.sleep(0.2)
            while not replies.empty():
                received.append(replies.get_nowait())
        return session, received
    finally:
        try:  # a long-polling client waits for its open poll to end; don't wait for that
            await asyncio.wait_for(client.disconnect(), 2)
        except asyncio.TimeoutError:
            pass


def test_a_socketio_client_chats_with_the_bot(bot):
    acks: list = []
    session, replies = asyncio.run(chat(
        bot.url, messages=("hi", "what is the national referral mechanism", "what is county lines"),
        client_ids=("u-0123456789abcdef", "u-fedcba9876543210", "<img src=x onerror=alert(1)>"), acks=acks,
    ))
    # message_received after each handled message, with the client's id; an unsafe id is never echoed
    assert acks == [{"client_id": "u-0123456789abcdef"}, {"client_id": "u-fedcba9876543210"}]
    assert all("text" in r for r in replies)
    assert "." in session and len(session) > 40
    texts = " ".join(r.get("text", "") for r in replies)
    assert "automated assistant" in texts and "National Referral Mechanism" in texts


def test_a_made_up_session_id_gets_a_fresh_one_and_a_real_one_resumes(bot):
    guessed = "0123456789abcdef"
    session, _ = asyncio.run(chat(bot.url, session_id=guessed))
    assert session != guessed
    resumed, _ = asyncio.run(chat(bot.url, session_id=session))
    assert resumed == session


async def counsellor_reaches_the_chat(bot) -> dict:
    import aiohttp

    client = socketio.AsyncClient()
    confirmed: asyncio.Queue = asyncio.Queue()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
    client.on("bot_uttered", lambda data: replies.put_nowait(data))
    statuses: asyncio.Queue = asyncio.Queue()
    client.on("handoff_status", lambda data: statuses.put_nowait(data))
    await client.connect(bot.url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {})
        session = await asyncio.wait_for(confirmed.get(), 10)
        await client.emit("user_uttered", {"message": "can i speak to a real person please", "session_id": session})
        confirmation = await asyncio.wait_for(replies.get(), 30)
        assert "reference number is HO-" in confirmation["text"]
        await asyncio.sleep(0.5)
        while not replies.empty():
            replies.get_nowait()
        async with aiohttp.ClientSession() as http:
            joined = {"conversation_id": session, "status": "counsellor", "name": "Sam"}
            async with http.post(f"{bot.url}/webhooks/website/counsellor", json=joined,
                                 headers={"X-Helpline-Relay-Secret": bot.relay_secret}) as response:
                assert response.status == 200
            assert await asyncio.wait_for(statuses.get(), 10) == {"status": "counsellor", "name": "Sam"}
            body = {"conversation_id": session, "text": "Hello, I'm Sam from the helpline.", "name": "Sam"}
            async with http.post(f"{bot.url}/webhooks/website/counsellor", json=body,
                                 headers={"X-Helpline-Relay-Secret": bot.relay_secret}) as response:
                assert response.status == 200
            async with http.post(f"{bot.url}/webhooks/website/counsellor", json=body,
                                 headers={"X-Helpline-Relay-Secret": "guess"}) as response:
                assert response.status == 403
        return await asyncio.wait_for(replies.get(), 10)
    finally:
        try:
            await asyncio.wait_for(client.disconnect(), 2)
        except asyncio.TimeoutError:
            pass


def test_a_counsellor_joining_and_their_message_reach_the_open_chat_marked_as_from_a_person(bot):
    message = asyncio.run(counsellor_reaches_the_chat(bot))
    assert message == {"text": "Hello, I'm Sam from the helpline.", "metadata": {"from": "counsellor", "name": "Sam"}}


async def typing_around_a_reply(url: str) -> list:
    client = socketio.AsyncClient()
    confirmed: asyncio.Queue = asyncio.Queue()
    seen: list = []
    done = asyncio.Event()
    client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
    client.on("bot_uttered", lambda data: seen.append("reply"))
    client.on("bot_typing", lambda data: (seen.append(data["typing"]), data["typing"] or done.set()))
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {})
        session = await asyncio.wait_for(confirmed.get(), 10)
        await client.emit("user_uttered", {"message": "what is county lines", "session_id": session})
        await asyncio.wait_for(done.wait(), 30)
        return seen
    finally:
        try:
            await asyncio.wait_for(client.disconnect(), 2)
        except asyncio.TimeoutError:
            pass


def test_the_bot_shows_it_is_typing_until_its_reply_is_out(bot):
    seen = asyncio.run(typing_around_a_reply(bot.url))
    assert seen[0] is True and seen[-1] is False and "reply" in seen[1:-1]


def test_on_the_website_a_danger_message_after_the_handoff_gets_999_first_and_raises_the_case(bot):
    from bot.storage.database import make_engine, session_factory
    from bot.storage.handoffs import list_handoffs

    session, replies = asyncio.run(chat(bot.url, messages=(
        "can i talk to a counsellor about one of our looked after girls",
        "she has just rung me, a man has locked her in a flat in Slough and says she is not leaving tonight",
    )))
    texts = [r.get("text", "") for r in replies]
    emergency = next(i for i, t in enumerate(texts) if t.startswith("This sounds like an emergency. Call 999 now"))
    # the very first reply to the danger message: right after the wait message that ended the first reply
    assert "queue" in texts[emergency - 1] or "No counsellor is online" in texts[emergency - 1]
    assert any("as urgent" in t for t in texts[emergency + 1:])
    assert all(r.get("metadata", {}).get("lang") == "en" for r in replies if r.get("metadata"))
    [summary] = [h for h in list_handoffs(session_factory(make_engine(bot.database_url))) if h["conversation_id"] == session]
    assert summary["urgency"] == "immediate" and "danger described after the handoff" in summary["urgency_reasons"]


def test_a_null_or_malformed_frame_is_ignored_and_the_chat_goes_on(bot):
    async def run() -> list:
        client = socketio.AsyncClient()
        confirmed: asyncio.Queue = asyncio.Queue()
        replies: asyncio.Queue = asyncio.Queue()
        client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
        client.on("bot_uttered", lambda data: replies.put_nowait(data))
        await client.connect(bot.url, socketio_path="/socket.io", transports=["polling"])
        try:
            await client.emit("session_request", {"session_id": None})
            session = await asyncio.wait_for(confirmed.get(), 10)
            for frame in ({"message": None, "session_id": session}, {"message": ["x"], "session_id": session}, "junk", None):
                await client.emit("user_uttered", frame)
            await client.emit("user_uttered", {"message": "hi\ud800", "session_id": session})
            return [await asyncio.wait_for(replies.get(), 30)]
        finally:
            try:
                await asyncio.wait_for(client.disconnect(), 2)
            except asyncio.TimeoutError:
                pass

    [reply] = asyncio.run(run())
    assert "automated assistant" in reply.get("text", "") or reply.get("text")
