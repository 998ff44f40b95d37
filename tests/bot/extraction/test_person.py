"""Gender, nationality and first language: from the words used about the child only."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, gender",
    [
        ("a 15 year old girl", "female"),
        ("yp 15 romanian boy in croydon", "male"),
        ("my niece is 14", "female"),
        ("my nephew has gone missing", "male"),
        ("she is frightened", "female"),
        ("he won't talk to anyone", "male"),
        ("a young woman, maybe 17", "female"),
        ("the lad is 16", "male"),
        ("her daughter, 13", "female"),
        ("his son is 12", "male"),
        ("they are non-binary and 16", "non-binary"),
        ("an older man holds her passport", "female"),
        ("he's 15 and his mother says she can't cope", "male"),
        ("she's 15 and her boyfriend says he is 22", "female"),
    ],
)
def test_gender_from_words_about_the_child(facts, text, gender):
    assert facts(text)["gender"] == gender


@pytest.mark.parametrize(
    "text",
    [
        "a girl and a boy at the same address",
        "she says he takes the money",
        "YP 15 at a car wash",
        "the young person is 15",
    ],
)
def test_mixed_or_unstated_gender_is_none(facts, text):
    assert facts(text)["gender"] is None


@pytest.mark.parametrize(
    "text, nationality",
    [
        ("Romanian girl, 15", "Romanian"),
        ("yp 15 romanian boy in croydon", "Romanian"),
        ("a Vietnamese boy found in a cannabis farm", "Vietnamese"),
        ("he is Albanian", "Albanian"),
        ("Eritrean UASC", "Eritrean"),
        ("a Sudanese boy", "Sudanese"),
        ("Afghan, 16", "Afghan"),
        ("Polish girl", "Polish"),
        ("Pupil, 14, polish, in Kent", "Polish"),
        ("Nigerian girl in a house in Luton", "Nigerian"),
        ("she's Chinese", "Chinese"),
        ("Iraqi boy", "Iraqi"),
        ("he's Kurdish", "Kurdish"),
        ("an Iraqi Kurdish boy", "Iraqi Kurdish"),
        ("British girl, 14, county lines", "British"),
        ("he is from Vietnam", "Vietnamese"),
        ("a girl from Romania", "Romanian"),
        ("originally from Eritrea", "Eritrean"),
        ("UASC from Afghanistan", "Afghan"),
        ("born in Albania", "Albanian"),
        ("she is from the DRC", "Congolese"),
        ("a boy from Kurdistan", "Kurdish"),
    ],
)
def test_nationality_from_words_about_the_child(facts, text, nationality):
    assert facts(text)["nationality"] == nationality


@pytest.mark.parametrize(
    "text",
    [
        "speaks Romanian",
        "Tigrinya speaker",
        "needs an Albanian interpreter",
        "Albanian men pick him up",
        "works at a Chinese takeaway",
        "she bought nail polish",
        "arrived in a lorry from France",
        "came from Libya on a boat",
        "I'm Polish and work at the school",
        "Eritrean or Ethiopian, not sure",
    ],
)
def test_no_nationality_from_languages_adults_businesses_or_journeys(facts, text):
    assert facts(text)["nationality"] is None


@pytest.mark.parametrize(
    "text, language",
    [
        ("speaks Romanian", "Romanian"),
        ("only speaks Vietnamese", "Vietnamese"),
        ("speaks only Tigrinya", "Tigrinya"),
        ("Tigrinya speaker", "Tigrinya"),
        ("first language Arabic", "Arabic"),
        ("first language is Dari", "Dari"),
        ("his first language: Pashto", "Pashto"),
        ("no English, speaks Albanian", "Albanian"),
        ("speaks Kurdish Sorani", "Kurdish Sorani"),
        ("speaks Sorani", "Kurdish Sorani"),
        ("Arabic-speaking boy", "Arabic"),
        ("needs a Farsi interpreter", "Farsi"),
        ("speaks Dari and Pashto", "Dari"),
        ("speaks Albanian and a bit of Italian", "Albanian"),
        ("mother tongue Amharic", "Amharic"),
        ("Pashtu speaker", "Pashto"),
        ("only speaks English", "English"),
    ],
)
def test_first_language(facts, text, language):
    assert facts(text)["first_language"] == language


@pytest.mark.parametrize(
    "text",
    ["speaks little English", "Romanian girl", "she speaks good English", "speaks English", "Vietnamese, no English"],
)
def test_no_first_language_from_nationality_or_second_language(facts, text):
    assert facts(text)["first_language"] is None


def test_nationality_and_language_are_kept_apart(facts):
    f = facts("Romanian, speaks little English")
    assert f["nationality"] == "Romanian"
    assert f["first_language"] is None
    f = facts("Moldovan girl, speaks Romanian")
    assert f["nationality"] == "Moldovan"
    assert f["first_language"] == "Romanian"
