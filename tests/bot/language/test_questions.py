"""A question after thanks, hello, bye, yes or no is still a question; the pleasantry alone is not."""

import pytest

from bot.language.questions import question_after_pleasantry


@pytest.mark.parametrize(
    "text, asked",
    [
        ("cheers. and do i need to tell the parents?", "and do i need to tell the parents?"),
        ("ok but what if he says no", "but what if he says no"),
        ("no, I meant in wales", "I meant in wales"),
        ("Thanks, that's helpful. Who decides?", "Who decides?"),
        ("hello, what is the nrm", "what is the nrm"),
    ],
)
def test_the_question_after_a_pleasantry_is_what_is_asked(text, asked):
    assert question_after_pleasantry(text) == asked


@pytest.mark.parametrize(
    "text",
    ["thanks", "thanks, bye", "thank you so much", "thanks again", "great thanks", "yes please", "ok", "no she is safe at school", "what is the nrm?"],
)
def test_a_pleasantry_alone_or_a_plain_message_asks_nothing_extra(text):
    assert question_after_pleasantry(text) is None
