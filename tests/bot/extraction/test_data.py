"""The shipped data files: coverage the brief asks for, and every pattern compiles."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.extraction import resources
from bot.extraction.data_files import load
from bot.extraction.indicators import CATEGORIES, EXPLOITATION_TOPICS
from bot.extraction.patterns import PatternError, compile_pattern

USUAL_ORIGINS = {
    "Vietnamese", "Albanian", "Romanian", "Eritrean", "Sudanese", "South Sudanese", "Afghan", "Iranian", "Iraqi",
    "Syrian", "Ethiopian", "Polish", "Nigerian", "Chinese", "British", "Egyptian", "Kuwaiti", "Slovak", "Czech",
    "Hungarian", "Bulgarian", "Lithuanian", "Somali", "Ghanaian", "Guinean", "Chadian", "Libyan", "Pakistani",
    "Bangladeshi", "Indian", "Sri Lankan", "Kosovan", "Moldovan", "Ukrainian",
}


def test_at_least_80_countries_with_the_usual_origin_countries():
    countries = load("nationalities.yml")["countries"]
    assert len(countries) >= 80
    demonyms = {c["demonym"] for c in countries}
    assert USUAL_ORIGINS <= demonyms
    names = [c["country"] for c in countries]
    assert len(names) == len(set(names))


def test_every_listed_language_is_a_known_language():
    data = load("nationalities.yml")
    languages = {entry["name"] for entry in data["languages"]}
    for entry in data["countries"] + data["ethnicities"]:
        assert set(entry.get("languages", [])) <= languages, entry
    for name in ("Romanian", "Vietnamese", "Tigrinya", "Arabic", "Dari", "Pashto", "Kurdish Sorani", "Albanian"):
        assert name in languages
    assert {e["name"] for e in data["ethnicities"]} >= {"Kurdish", "Roma"}


def test_local_authorities_cover_all_four_nations():
    data = load("local_authorities.yml")
    authorities = data["authorities"]
    by_nation = Counter(a["nation"] for a in authorities)
    assert by_nation["Wales"] == 22
    assert by_nation["Scotland"] == 32
    assert by_nation["Northern Ireland"] == 11
    kinds = Counter(a["kind"] for a in authorities if a["nation"] == "England")
    assert kinds["county"] == 21
    assert kinds["metropolitan"] == 36
    assert kinds["london"] == 33  # 32 boroughs and the City of London
    assert kinds["unitary"] == 63  # 62 unitary authorities and the Isles of Scilly
    names = [a["name"] for a in authorities]
    assert len(names) == len(set(names))
    entries = len(authorities) + sum(len(a["places"]) for a in authorities)
    assert entries >= 250


def test_no_place_name_is_silently_given_to_two_councils():
    seen = {}
    for authority in load("local_authorities.yml")["authorities"]:
        for place in authority["places"]:
            key = place.lower()
            assert key not in seen, f"{place} in {seen.get(key)} and {authority['name']}"
            seen[key] = authority["name"]
    for place in load("local_authorities.yml")["ambiguous"]:
        assert place.lower() not in seen, place


def test_strict_places_are_listed_places():
    data = load("local_authorities.yml")
    places = {p.lower() for a in data["authorities"] for p in a["places"]}
    for place in data["strict"]:
        assert place.lower() in places, place


def test_indicator_entries_are_well_formed():
    entries = load("indicators.yml")["indicators"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert entry["category"] in CATEGORIES
        assert entry.get("exploitation") in (None, *EXPLOITATION_TOPICS)
        assert entry["patterns"]
    assert {e["category"] for e in entries} == set(CATEGORIES)
    assert {e.get("exploitation") for e in entries} >= set(EXPLOITATION_TOPICS)


def test_every_pattern_compiles():
    res = resources.build()
    assert res.indicators.specs
    assert res.reporters.role_by_key


def test_the_pattern_language():
    nlp = resources.make_nlp()
    assert compile_pattern("hold|holds her|his? passport", nlp) == [
        {"LOWER": {"IN": ["hold", "holds"]}},
        {"LOWER": {"IN": ["her", "his"]}, "OP": "?"},
        {"LOWER": "passport"},
    ]
    assert compile_pattern("bruis*", nlp) == [{"LOWER": {"REGEX": "^(?:bruis.*)$"}}]
    assert compile_pattern("children's services", nlp) == [{"LOWER": "children"}, {"LOWER": "'s"}, {"LOWER": "services"}]
    assert len(compile_pattern("a ... b", nlp)) == 5
    for bad in ("", "x?", "children's|kids"):
        with pytest.raises(PatternError):
            compile_pattern(bad, nlp)


def test_the_anchored_matcher_finds_what_a_plain_matcher_finds():
    from spacy.matcher import Matcher

    from bot.extraction.patterns import AnchoredMatcher

    nlp = resources.make_nlp()
    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp)
    for entry in load("indicators.yml")["indicators"]:
        patterns = [compile_pattern(str(p), nlp) for p in entry["patterns"]]
        plain.add(entry["id"], patterns)
        anchored.add(entry["id"], patterns)
    texts = [
        "an older man holds her passport and she has bruises, works long hours at a car wash",
        "he keeps going missing, found in a cannabis farm, drug debt, two phones, burns from chemicals",
        "she's not in school, lives with lots of other adults, owes money, picked up by cars late at night",
        "withdrawn, no eye contact, doesn't know her address, scripted story, terrified of the police",
        "made to do all the housework, sold for sex, forced begging, self-harm, pregnant, malnourished",
    ]
    for text in texts:
        doc = nlp.make_doc(text)
        assert set(anchored(doc)) == set(plain(doc)), text
