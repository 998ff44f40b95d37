"""The channels served for real (Sanic on a free port, registered as Rasa registers them), with a
stand-in for Rasa's agent that records each UserMessage it is given and answers "ok".

What reaches `handled` is exactly what Rasa's processor would parse, so the tests can say "this
text never reaches the processor as `/intent`" without training or loading a model.
"""

from __future__ import annotations

import contextlib
import uuid
from types import SimpleNamespace
from typing import AsyncIterator, List

from rasa.core.channels.channel import InputChannel, UserMessage, register
from sanic import Sanic

from bot.stack import free_port


class Agent:
    """Stands in for rasa.core.agent.Agent.handle_message: records the message, replies "ok"."""

    def __init__(self) -> None:
        self.handled: List[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.handled.append(message)
        await message.output_channel.send_text_message(message.sender_id, "ok")

    @property
    def texts(self) -> List[str]:
        return [m.text for m in self.handled]


@contextlib.asynccontextmanager
async def serve(*channels: InputChannel) -> AsyncIterator[SimpleNamespace]:
    """Yields `url` (http://127.0.0.1:<port>) and `agent` while the channels are served."""
    Sanic.test_mode = True  # lets one process create many apps
    app = Sanic(f"edge_{uuid.uuid4().hex}")
    app.config.ACCESS_LOG = False
    agent = Agent()
    app.ctx.agent = agent
    register(list(channels), app, route="/webhooks/")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", agent=agent)
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()
