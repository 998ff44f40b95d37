"""Which facet a professional gets: what they asked, in the conversation they are having."""

from __future__ import annotations

from bot.answers.choose import choose, is_followup
from bot.answers.facets import Facet

FACETS = {
    "nrm_what_is": [
        Facet("nrm_what_is", "overview", "The NRM is ...", ("what is", "explain")),
        Facet("nrm_what_is", "decisions", "RG and CG ...", ("reasonable grounds", "rg", "cg", "how long", "decide")),
        Facet("nrm_what_is", "child_support", "For children ...", ("give", "support", "benefit")),
    ],
    "scotland": [
        Facet("scotland", "overview", "In Scotland ...", ("law",)),
        Facet("scotland", "nrm", "The NRM in Scotland ...", ("nrm", "refer"), related=("nrm_what_is", "nrm_how_to_refer")),
    ],
    "wales": [Facet("wales", "overview", "In Wales ...", ("procedures",), related=("nrm_what_is",))],
    "nrm_consent_children": [Facet("nrm_consent_children", "overview", "Children need not consent ...", ("consent",))],
    "adult_victims": [
        Facet("adult_victims", "overview", "For adults ...", ("adult", "modern slavery helpline")),
        Facet("adult_victims", "consent", "Adults must consent ...", ("adult", "consent"), related=("nrm_consent_children",)),
    ],
}


def parse(topic: str | None, confidence: float = 0.9) -> dict:
    ranking = [{"intent_response_key": f"faq/{topic}", "confidence": confidence}] if topic else []
    others = [{"intent_response_key": f"faq/{t}", "confidence": (1 - confidence) / 10} for t in FACETS if t != topic]
    return {"response_selector": {"faq": {"ranking": ranking + others}}}


def key(choice) -> str | None:
    return choice.facet.key if choice else None


def test_a_plain_question_gets_its_topics_overview():
    assert key(choose("what is the nrm", parse("nrm_what_is"), FACETS)) == "nrm_what_is/overview"


def test_a_specific_question_gets_the_facet_it_asks_for():
    assert key(choose("how long does a reasonable grounds decision take", parse("nrm_what_is"), FACETS)) == "nrm_what_is/decisions"


def test_the_same_question_again_never_gets_the_same_text_twice_in_a_row():
    shown = ["nrm_what_is/overview"]
    assert key(choose("what is the nrm", parse("nrm_what_is"), FACETS, shown)) != "nrm_what_is/overview"


def test_and_in_scotland_after_an_nrm_answer_is_the_nrm_in_scotland():
    assert key(choose("and in scotland?", parse("scotland", 0.8), FACETS, ["nrm_what_is/overview"])) == "scotland/nrm"


def test_a_nation_follow_up_is_answered_even_when_the_classifier_was_unsure():
    choice = choose("what about scotland", parse("scotland", 0.3), FACETS, ["nrm_what_is/overview"], sure=False)
    assert key(choice) == "scotland/nrm" and choice.because == "follow-up"


def test_a_nation_follow_up_never_gets_another_nations_facet():
    assert key(choose("and in wales?", parse("wales", 0.8), FACETS, ["nrm_what_is/overview"])) == "wales/overview"


def test_what_if_they_are_19_after_the_consent_answer_is_the_adult_rule():
    choice = choose("what if they're 19?", parse(None), FACETS, ["nrm_consent_children/overview"], sure=False)
    assert key(choice) == "adult_victims/consent"


def test_tell_me_more_gives_the_next_facet_not_yet_shown():
    shown = ["nrm_what_is/overview", "nrm_what_is/decisions"]
    assert key(choose("tell me more", parse(None), FACETS, shown, sure=False)) == "nrm_what_is/child_support"


def test_an_unclear_message_that_is_not_a_follow_up_is_not_guessed():
    assert choose("my neighbour's dog keeps barking all night long and I am fed up with it", parse("nrm_what_is", 0.3),
                  FACETS, ["nrm_what_is/overview"], sure=False) is None


def test_without_a_conversation_an_unsure_message_is_never_answered():
    assert choose("and in scotland?", parse("scotland", 0.3), FACETS, [], sure=False) is None


def test_a_new_confident_question_changes_the_subject():
    shown = ["nrm_what_is/overview"]
    assert key(choose("do children have to consent to the nrm", parse("nrm_consent_children"), FACETS, shown)) == (
        "nrm_consent_children/overview"
    )


def test_follow_ups_are_short_messages_that_lean_on_what_came_before():
    for text in ("and in NI?", "who can then?", "what if they're 19?", "how long does that take", "tell me more"):
        assert is_followup(text), text
    assert not is_followup("We have a 15 year old at school who has started arriving with expensive trainers and a new phone")


def unsure(ranking: dict[str, float]) -> dict:
    return {"intent": {"name": "nlu_fallback"},
            "response_selector": {"faq": {"ranking": [{"intent_response_key": f"faq/{t}", "confidence": c}
                                                      for t, c in ranking.items()]}}}


def test_an_unsure_follow_up_is_answered_on_the_topic_the_conversation_makes_likely():
    # the classifier leans slightly the other way, but the professional has just read about adults
    parse = unsure({"nrm_what_is": 0.45, "adult_victims": 0.35, "wales": 0.2})
    choice = choose("and if they won't agree?", parse, FACETS, ["adult_victims/overview"], sure=False)
    assert key(choice) == "adult_victims/consent"


def test_an_unsure_message_with_no_conversation_behind_it_is_not_guessed():
    parse = unsure({"nrm_what_is": 0.45, "adult_victims": 0.35, "wales": 0.2})
    assert choose("and if they won't agree?", parse, FACETS, [], sure=False) is None
