"""Ages as professionals write them, and numbers that are not ages."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, age",
    [
        ("she's about 15", 15),
        ("he is 16", 16),
        ("15yo girl", 15),
        ("15 y/o boy", 15),
        ("a 15-year-old from Albania", 15),
        ("a 15 year old", 15),
        ("a 15 yr old lad", 15),
        ("aged 15, Eritrean", 15),
        ("Aged about 14", 14),
        ("she is fifteen", 15),
        ("a fifteen-year-old girl", 15),
        ("YP (16) placed in Kent", 16),
        ("yp 15 romanian boy in croydon working at car wash", 15),
        ("boy, 14, found at a car wash", 14),
        ("Andrei (16) is Romanian", 16),
        ("she's 15ish", 15),
        ("she's nearly 16", 15),
        ("he turned 15 last week", 15),
        ("he's 17 years old", 17),
        ("15 years of age", 15),
    ],
)
def test_a_stated_age_is_an_int(facts, text, age):
    assert facts(text)["age"] == age


def test_says_but_looks_younger_keeps_the_words_and_is_disputed(facts):
    f = facts("says 17 but looks younger")
    assert f["age"] == 17
    assert f["age_text"] == "says 17 but looks younger"
    assert f["age_disputed"] is True


def test_the_professionals_estimate_beats_the_childs_claim(facts):
    f = facts("she's about 15, says 17 but looks younger, Romanian")
    assert f["age"] == 15
    assert f["age_text"] == "she's about 15, says 17 but looks younger"
    assert f["age_disputed"] is True


@pytest.mark.parametrize(
    "text",
    ["claims to be 16", "he claims he's 17", "age disputed, says he is 17", "could be 13 or 14", "looks much younger than 16"],
)
def test_doubted_ages_are_disputed(facts, text):
    assert facts(text)["age_disputed"] is True


def test_age_disputed_without_a_number_keeps_the_words(facts):
    f = facts("UASC, age disputed, from Sudan")
    assert f["age"] is None
    assert f["age_text"] == "age disputed"
    assert f["age_disputed"] is True


def test_a_plain_age_is_not_marked_disputed(facts):
    assert facts("she's 14")["age_disputed"] is None


def test_confirmed_age_is_not_disputed(facts):
    assert facts("he's 16, age confirmed by the local authority")["age_disputed"] is False


@pytest.mark.parametrize(
    "text, low, high",
    [
        ("she could be 13 or 14", 13, 14),
        ("he's 15/16", 15, 16),
        ("aged 14-16", 14, 16),
        ("under 13", None, 12),
        ("she's under 16", None, 15),
        ("in her mid teens", 14, 16),
    ],
)
def test_ranges_and_bounds_give_no_age_but_a_range(facts, text, low, high):
    f = facts(text)
    assert f["age"] is None
    assert f["age_range"] == [low, high]
    assert f["age_text"]


def test_the_childs_claim_does_not_override_the_professionals_range(facts):
    f = facts("she could be 13 or 14, claims to be 16")
    assert f["age"] is None
    assert f["age_range"] == [13, 14]
    assert f["age_disputed"] is True


@pytest.mark.parametrize(
    "text, low, high",
    [("he's in year 10", 14, 15), ("Year 7 pupil", 11, 12), ("girl in Y9", 13, 14), ("yr 11 boy", 15, 16)],
)
def test_school_year_is_a_range_in_the_england_and_wales_convention(facts, text, low, high):
    f = facts(text)
    assert f["age"] is None
    assert f["age_range"] == [low, high]
    assert f["age_text"].lower().replace(" ", "") in text.lower().replace(" ", "")


def test_scottish_secondary_year(facts):
    assert facts("she's in S3 at a school in Edinburgh")["age_range"] == [13, 14]


@pytest.mark.parametrize(
    "text",
    [
        "i have 2 children in my class",
        "she has been here since 2019",
        "meet at 3pm",
        "she stays in room 15",
        "they paid her £200",
        "he's 15 minutes away",
        "she is 2 months pregnant",
        "there were about 15 people in the house",
        "this year 10 times already",
        "his 40-year-old uncle",
        "her 19-year-old boyfriend picks her up",
        "call me at 15:30",
        "she was 12 when she arrived",
        "trafficked at age 11",
    ],
)
def test_numbers_that_are_not_the_childs_age_now(facts, text):
    f = facts(text)
    assert f["age"] is None
    assert f["age_range"] is None


def test_two_different_stated_ages_give_no_age(facts):
    f = facts("a girl of 14 and a boy of 16 at the same address")
    assert f["age"] is None
    assert "14" in f["age_text"] and "16" in f["age_text"]


def test_correction_in_one_message_keeps_the_stated_age(facts):
    # Merging corrections across turns is the caller's job; within a message the
    # plainly stated age is the one reported.
    assert facts("sorry she's 16 not 15")["age"] == 16
