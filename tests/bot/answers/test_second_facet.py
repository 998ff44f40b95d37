"""A message asking two things about one topic gets both facets; a half about another topic is not guessed."""

from bot.answers.choose import second_facet
from bot.answers.facets import Facet

DECISIONS = Facet("nrm_what_is", "decisions", "RG and CG ...", ("reasonable grounds", "test", "how long"))
WHO = Facet("nrm_what_is", "who_decides", "The Single Competent Authority ...", ("who decides", "who makes", "single competent authority"))
OVERVIEW = Facet("nrm_what_is", "overview", "The NRM is ...", ("what is",))
FACETS = {
    "nrm_what_is": [OVERVIEW, DECISIONS, WHO],
    "scotland": [Facet("scotland", "overview", "In Scotland ...", ("scotland",))],
}


def test_the_other_half_gets_its_own_facet_of_the_topic():
    assert second_facet("who makes it and what's the test these days?", WHO, FACETS) == DECISIONS
    assert second_facet("who makes it and what's the test these days?", DECISIONS, FACETS) == WHO


def test_one_question_gets_one_facet():
    assert second_facet("who makes the reasonable grounds decision", WHO, FACETS) is None


def test_a_half_that_points_nowhere_in_the_topic_adds_nothing():
    assert second_facet("who makes it and is there a helpline in scotland?", WHO, FACETS) is None


def test_the_chosen_facet_is_never_its_own_second():
    assert second_facet("what's the test and how long does the test take?", DECISIONS, FACETS) is None
