"""Places as written, mapped to the council responsible for the child."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, location, authority",
    [
        ("found in Croydon working at a nail bar", "Croydon", "London Borough of Croydon"),
        ("yp 15 romanian boy in croydon working at car wash", "croydon", "London Borough of Croydon"),
        ("she lives in Cardiff", "Cardiff", "Cardiff Council"),
        ("a boy in Glasgow", "Glasgow", "Glasgow City Council"),
        ("placed in Belfast", "Belfast", "Belfast City Council"),
        ("found in Luton", "Luton", "Luton Borough Council"),
        ("in Birmingham", "Birmingham", "Birmingham City Council"),
        ("a girl in Dundee", "Dundee", "Dundee City Council"),
        ("last seen in Wrexham", "Wrexham", "Wrexham County Borough Council"),
        ("working on a farm near Wisbech", "Wisbech", "Cambridgeshire County Council"),
        ("he's in Swansea", "Swansea", "Swansea Council"),
        ("in Merthyr Tydfil", "Merthyr Tydfil", "Merthyr Tydfil County Borough Council"),
        ("in Rhyl", "Rhyl", "Denbighshire County Council"),
        ("found in Paisley", "Paisley", "Renfrewshire Council"),
        ("moved to Inverness", "Inverness", "The Highland Council"),
        ("living in Derry", "Derry", "Derry City and Strabane District Council"),
        ("in Newry", "Newry", "Newry, Mourne and Down District Council"),
        ("in Stoke-on-Trent", "Stoke-on-Trent", "Stoke-on-Trent City Council"),
        ("in stoke on trent", "stoke on trent", "Stoke-on-Trent City Council"),
        ("in St. Helens", "St. Helens", "St Helens Borough Council"),
        ("at a hotel near Heathrow", "Heathrow", "London Borough of Hillingdon"),
        ("London Borough of Croydon placed her", "London Borough of Croydon", "London Borough of Croydon"),
        ("in Newcastle-under-Lyme", "Newcastle-under-Lyme", "Staffordshire County Council"),
        ("in Kent", "Kent", "Kent County Council"),
    ],
)
def test_place_and_local_authority(facts, text, location, authority):
    f = facts(text)
    assert f["location"] == location
    assert f["local_authority"] == authority


@pytest.mark.parametrize(
    "text, location",
    [("she's somewhere in London", "London"), ("in Yorkshire", "Yorkshire"), ("in Richmond", "Richmond"), ("in Bangor", "Bangor")],
)
def test_ambiguous_places_keep_the_place_but_no_council(facts, text, location):
    f = facts(text)
    assert f["location"] == location
    assert f["local_authority"] is None


@pytest.mark.parametrize(
    "text, location, authority",
    [
        ("she lives in Reading", "Reading", "Reading Borough Council"),
        ("he is from Bath", "Bath", "Bath and North East Somerset Council"),
        ("found in Sale", "Sale", "Trafford Council"),
        ("in Wells", "Wells", "Somerset Council"),
        ("in March, Cambs", "March", "Cambridgeshire County Council"),
        ("found in Barry", "Barry", "Vale of Glamorgan Council"),
        ("in Hamilton", "Hamilton", "South Lanarkshire Council"),
    ],
)
def test_common_word_places_count_when_capitalised_after_a_location_word(facts, text, location, authority):
    f = facts(text)
    assert (f["location"], f["local_authority"]) == (location, authority)


@pytest.mark.parametrize(
    "text",
    [
        "she was reading a book",
        "Reading her notes, I was worried",
        "she was in the bath",
        "in reading",
        "bought it in a sale",
        "she arrived in March",
        "the wells were dry",
        "Chelsea, 15, is frightened",
        "Barry is her uncle",
        "she went to New York",
        "what support is there in Kent?",
    ],
)
def test_common_words_and_names_are_not_places(facts, text):
    f = facts(text)
    assert f["location"] is None
    assert f["local_authority"] is None


def test_where_the_child_is_beats_where_they_are_from(facts):
    f = facts("she's from Manchester but was found in Cardiff")
    assert f["location"] == "Cardiff"
    assert f["local_authority"] == "Cardiff Council"


def test_a_named_borough_beats_london(facts):
    f = facts("in south London, Peckham")
    assert f["local_authority"] == "London Borough of Southwark"


@pytest.mark.parametrize("text, location, moving_to", [
    ("she's at school in Reading now but they're taking her to London after school", "Reading", "London"),
    ("he's just messaged me saying men are outside and they're going to make him go to birmingham tonight", None, "birmingham"),
    ("a 15 year old in Croydon who keeps being sent to Margate", "Croydon", "Margate"),
    ("she was moved from Leeds to Bradford last week and is in Bradford now", "Bradford", None),
    ("she is being moved to Leeds tomorrow", None, "Leeds"),
    ("she lives in Luton", "Luton", None),
])
def test_where_the_child_is_is_kept_apart_from_where_they_are_being_taken(facts, text, location, moving_to):
    found = facts(text)
    assert found["location"] == location and found["moving_to"] == moving_to


def test_a_place_corrected_in_the_same_message_is_the_later_one(facts):
    assert facts("and he's in Luton, no wait, Dunstable - the family moved last month")["location"] == "Dunstable"


def test_a_corrected_destination_is_the_later_one_and_never_the_location(facts):
    found = facts("A&E nurse at Manchester Royal, he said he's taking him to Manchester tonight, wait no, sorry, to Glasgow tonight")
    assert found["moving_to"] == "Glasgow" and found["location"] != "Glasgow"
