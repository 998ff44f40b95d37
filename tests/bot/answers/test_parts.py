"""Two questions in one message are told apart, and one question stays whole."""

import pytest

from bot.answers.parts import question_parts


@pytest.mark.parametrize("text, parts", [
    ("who makes it and what's the test these days?", ["who makes it", "what's the test these days"]),
    ("what's an ICTG and is there one in NI?", ["what's an ICTG", "is there one in NI"]),
    ("Is it the NRM? How long does it take?", ["Is it the NRM", "How long does it take"]),
    ("can we refer, and also how long does it take", ["can we refer", "how long does it take"]),
])
def test_a_second_question_is_its_own_part(text, parts):
    assert question_parts(text) == parts


@pytest.mark.parametrize("text", [
    "what are the signs of trafficking and exploitation",
    "can I refer and how?",  # "how" asks about the first half
    "who do I call?",
    "is it trafficking if a child is moved between towns and not across borders",
])
def test_one_question_stays_whole(text):
    assert question_parts(text) == [text.strip()]
