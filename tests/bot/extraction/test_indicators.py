"""Indicators with the right category and the professional's own words."""

from __future__ import annotations

import pytest


def categories(f):
    return {i["category"] for i in f["indicators"]}


def texts(f):
    return [i["text"] for i in f["indicators"]]


@pytest.mark.parametrize(
    "text, category, fragment",
    [
        ("an older man holds her passport", "situational", "an older man holds her passport"),
        ("she has bruises on her arms", "physical", "she has bruises on her arms"),
        ("he is malnourished", "physical", "he is malnourished"),
        ("untreated dental problems", "physical", "untreated dental problems"),
        ("she has an STI", "physical", "she has an STI"),
        ("she's pregnant", "physical", "she's pregnant"),
        ("always tired in lessons", "physical", "always tired in lessons"),
        ("burns on his hands from chemicals", "physical", "burns on his hands from chemicals"),
        ("she seems frightened", "behavioural", "she seems frightened"),
        ("very withdrawn", "behavioural", "very withdrawn"),
        ("his story sounds scripted", "behavioural", "his story sounds scripted"),
        ("he keeps going missing", "behavioural", "he keeps going missing"),
        ("she's terrified of the police", "behavioural", "she's terrified of the police"),
        ("he doesn't know his address", "behavioural", "he doesn't know his address"),
        ("no documents", "situational", "no documents"),
        ("lives with lots of other adults", "situational", "lives with lots of other adults"),
        ("she says she owes a debt", "situational", "she says she owes a debt"),
        ("has two phones", "situational", "has two phones"),
        ("always has new clothes", "situational", "always has new clothes"),
        ("gets picked up by cars after school", "situational", "gets picked up by cars after school"),
        ("works long hours", "situational", "works long hours"),
        ("he's not in school", "situational", "he's not in school"),
        ("he's been drug running", "exploitation", "he's been drug running"),
        ("involved in county lines", "exploitation", "involved in county lines"),
        ("found in a cannabis farm", "exploitation", "found in a cannabis farm"),
        ("working at a nail bar", "exploitation", "working at a nail bar"),
        ("works at a hand car wash", "exploitation", "works at a hand car wash"),
        ("forced begging in the town centre", "exploitation", "forced begging in the town centre"),
        ("she is being sexually exploited", "exploitation", "she is being sexually exploited"),
        ("does all the cooking and cleaning for the family", "exploitation", "does all the cooking"),
    ],
)
def test_indicator_category_and_fragment(facts, text, category, fragment):
    f = facts(text)
    assert {"category": category, "text": fragment} in f["indicators"], f["indicators"]


def test_indicator_text_is_always_verbatim(facts):
    message = (
        "she's about 15, says 17 but looks younger, Romanian, speaks little English, found in Croydon "
        "working at a nail bar, an older man holds her passport, she has bruises and seems frightened"
    )
    f = facts(message)
    assert f["indicators"]
    for indicator in f["indicators"]:
        assert indicator["text"] in message
        assert indicator["category"] in {"physical", "behavioural", "situational", "exploitation"}


def test_one_entry_per_category_and_clause(facts):
    f = facts("an older man holds her passport")
    assert f["indicators"] == [{"category": "situational", "text": "an older man holds her passport"}]


@pytest.mark.parametrize(
    "text",
    [
        "she has no injuries",
        "he is not frightened",
        "she isn't pregnant",
        "I'm scared for her",
        "I don't know her address",
        "I work at a nail bar",
        "what are the signs of county lines?",
        "how do I spot sexual exploitation?",
        "she is missing her mum",
    ],
)
def test_negated_writer_and_generic_mentions_are_not_indicators(facts, text):
    assert facts(text)["indicators"] == []


@pytest.mark.parametrize(
    "text, topics",
    [
        ("drug running and county lines", ["criminal_exploitation_county_lines"]),
        ("works in a cannabis farm", ["criminal_exploitation_county_lines"]),
        ("sold for sex at parties with older men", ["sexual_exploitation"]),
        ("working at a nail bar", ["labour_exploitation"]),
        ("car wash", ["labour_exploitation"]),
        ("made to do all the housework, domestic servitude", ["domestic_servitude"]),
        ("county lines, and she is sexually exploited", ["criminal_exploitation_county_lines", "sexual_exploitation"]),
    ],
)
def test_exploitation_types_are_contract_topic_names(facts, text, topics):
    assert facts(text)["exploitation_types"] == topics


@pytest.mark.parametrize(
    "text",
    [
        "she's being moved tonight",
        "he is with him now",
        "she is with him right now",
        "locked in a flat in Luton",
        "they are collecting her after school today",
        "he's being moved today",
        "she is in danger",
    ],
)
def test_immediate_risk(facts, text):
    assert facts(text)["immediate_risk"] is True


@pytest.mark.parametrize("text", ["she's not in immediate danger", "he is safe now", "no immediate risk"])
def test_explicitly_safe_now(facts, text):
    assert facts(text)["immediate_risk"] is False


@pytest.mark.parametrize(
    "text",
    ["she's 15 now", "I saw her last week", "what should I do tonight if a child is in danger?", "she is not being moved today"],
)
def test_no_immediate_risk_stated(facts, text):
    assert facts(text)["immediate_risk"] is None


@pytest.mark.parametrize(
    "text",
    ["she has gone missing", "he is missing", "ran away from his placement", "went missing twice this month", "absconded from care"],
)
def test_missing(facts, text):
    assert facts(text)["missing"] is True


@pytest.mark.parametrize("text", ["he is missing school", "she's missing her family", "she is 15"])
def test_not_missing(facts, text):
    assert facts(text)["missing"] is None


def test_explicitly_not_missing(facts):
    assert facts("she has never gone missing")["missing"] is False
