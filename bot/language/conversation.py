"""A conversation's language: it changes only on reliable evidence.

The same rule the bot applies through the `language` slot (the NLU component emits a
`language` entity only for reliable detections), written once as a function so the
evaluation can replay conversations without a server.
"""

from __future__ import annotations

from bot.language.detection import Detection


def next_language(current: str, detection: Detection) -> str:
    """The conversation's language after a message: unchanged unless the message is reliable evidence."""
    return detection.code if detection.reliable else current
