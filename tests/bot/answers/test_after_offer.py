"""A follow-up typed instead of clicking an offered question is answered from the offered topics."""

from bot.answers.choose import choose
from bot.answers.facets import Facet

FACETS = {
    "training": [
        Facet("training", "overview", "CTAC trains professionals ...", ("awareness",), suggestion="Does the NSPCC offer training?"),
        Facet("training", "courses", "Our courses are CPD certified ...", ("cpd", "certificate")),
    ],
    "ctac_services": [Facet("ctac_services", "overview", "CTAC advises ...", ("advice",), suggestion="What does CTAC do?")],
}
UNSURE = {"intent": {"name": "nlu_fallback"}, "response_selector": {"faq": {"ranking": [
    {"intent_response_key": "faq/ctac_services", "confidence": 0.2}, {"intent_response_key": "faq/training", "confidence": 0.1}]}}}


def test_a_follow_up_pointing_at_an_offered_topic_gets_its_facet():
    choice = choose("is it cpd certified", UNSURE, FACETS, offered=["training", "ctac_services"], sure=False)
    assert choice is not None and choice.facet.key == "training/courses"


def test_without_an_offer_the_same_follow_up_is_not_guessed():
    assert choose("is it cpd certified", UNSURE, FACETS, sure=False) is None


def test_a_follow_up_that_points_at_nothing_offered_is_not_guessed():
    assert choose("is it expensive then", UNSURE, FACETS, offered=["training"], sure=False) is None
