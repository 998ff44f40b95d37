"""Where one message asks two things: "who makes it and what's the test these days?".

Professionals often put two questions in one message. The classifier gives the message one topic,
so the answer covered only one half. Splitting the message where a second question starts (after a
question mark, or at "and"/"also"/"plus" followed by a question word) lets the answer find a facet
for each half (bot/answers/choose.py `second_facet`) or offer the other half as a button.
"""

from __future__ import annotations

import re

QUESTION_WORD = r"(?:what|what's|whats|who|whom|whose|how|when|where|which|why|is|are|was|were|can|could|do|does|did|should|would|will|if|any)"
# a question mark followed by more words, or ", and who ..." / " also how ..." / "plus is ..."
SECOND_QUESTION = re.compile(rf"\?+\s+(?=\S)|,?\s+(?:and|also|plus|and also)\s+(?={QUESTION_WORD}\b)", re.I)
MIN_PART_WORDS = 2  # "and how?" is one question about the first half, not a second one


def question_parts(text: str) -> list[str]:
    """The message's questions, in order; one part when it asks one thing."""
    parts = [part.strip(" \t\n?,.;:-") for part in SECOND_QUESTION.split(text)]
    parts = [part for part in parts if len(re.findall(r"\w+", part)) >= MIN_PART_WORDS]
    return parts if len(parts) > 1 else [text.strip()]
