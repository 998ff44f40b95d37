"""The many ways people name a nation or an age read as one cue each."""

from bot.answers.cues import age_group_of, cues_of, matched, nation_of


def test_nations_however_written():
    assert nation_of("and in NI?") == "northern ireland"
    assert nation_of("does the PSNI do this") == "northern ireland"
    assert nation_of("we're a Scottish authority") == "scotland"
    assert nation_of("is it different in cymru") == "wales"
    assert nation_of("since 2023 nothing changed") is None


def test_ages_say_adult_or_child():
    assert age_group_of("what if they're 19?") == "adult"
    assert age_group_of("she's an adult now") == "adult"
    assert age_group_of("a 20 year old man") == "adult"
    assert age_group_of("he is 17") == "child"
    assert age_group_of("what is the nrm") is None


def test_a_cue_matches_whatever_the_word_ending():
    assert matched(["refer", "how long"], cues_of("Referring a YP - how long does it take?")) == ["refer", "how long"]
    assert matched(["reasonable grounds"], cues_of("what are the grounds")) == []
