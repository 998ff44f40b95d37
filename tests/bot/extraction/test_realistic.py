"""Messages written the way professionals write them: the key facts of each.

These are regression cases: each pins the facts a counsellor would need from one
realistic message (typed fast, lower case, jargon, run-on sentences).
"""

from __future__ import annotations

import pytest

CASES = [
    (
        "school nurse here. a girl in yr 10 told me her aunt keeps her passport and she does all the cleaning at home",
        {"reporter_role": "school nurse", "age": None, "age_range": [14, 15], "gender": "female",
         "exploitation_types": ["domestic_servitude"]},
    ),
    (
        "GP here, teenage boy brought in by a man who says he's his uncle but they dont seem related and the boy won't speak",
        {"reporter_role": "GP", "gender": "male"},
    ),
    (
        "i'm the DSL and i have concerns about a pupil who arrived from vietnam recently and always has loads of cash",
        {"reporter_role": "DSL", "nationality": "Vietnamese"},
    ),
    (
        "border force officer - we stopped a 12yo travelling with an adult who isnt her parent and her story sounded rehearsed",
        {"reporter_role": "border force officer", "age": 12, "gender": "female"},
    ),
    (
        "police officer, arrested a 15 year old at a cannabis farm, i think he's a victim not an offender",
        {"reporter_role": "police officer", "age": 15, "gender": "male",
         "exploitation_types": ["criminal_exploitation_county_lines"]},
    ),
    (
        "hi there my name is Sarah I'm a social worker, the young person I work with has disappeared from her placement "
        "in Norwich last night, she is 15",
        {"reporter_role": "social worker", "age": 15, "gender": "female", "missing": True,
         "local_authority": "Norfolk County Council"},
    ),
    (
        "The child says she's 16 but her papers say 19. The Home Office think she's an adult. She's Eritrean, speaks "
        "Tigrinya, in Hounslow",
        {"age": None, "age_disputed": True, "nationality": "Eritrean", "first_language": "Tigrinya",
         "local_authority": "London Borough of Hounslow"},
    ),
    (
        "They're both from Vietnam, a boy and a girl, about 14 and 15",
        {"age": None, "gender": None, "nationality": "Vietnamese", "age_text": "about 14 and 15"},
    ),
    (
        "Kurdish boy from Iraq, Sorani, 16, UASC in Kent",
        {"age": 16, "gender": "male", "nationality": "Iraqi Kurdish", "first_language": "Kurdish Sorani",
         "local_authority": "Kent County Council"},
    ),
    (
        "He said his uncle brought him from Afghanistan in the back of a lorry and he has to work to pay back the money",
        {"nationality": "Afghan", "gender": "male"},
    ),
    (
        "im a housing officer, inspected a 2 bed flat with about 8 young lads sleeping on mattresses, one of them looked "
        "no older than 14",
        {"reporter_role": "housing officer", "age": 14, "age_text": "looked no older than 14"},
    ),
    (
        "we have a UASC at our college who says hes 16, theres always a man waiting outside for him at the end of the day",
        {"age": 16, "immediate_risk": None},
    ),
    (
        "Hello, the kid is at my door now, says a man is waiting outside for him, he is terrified, what do I do",
        {"immediate_risk": True, "gender": "male"},
    ),
    (
        "youth worker, we have a 16 year old girl at our project whose boyfriend is 27 and he has taken her to "
        "birmingham and leeds",
        {"reporter_role": "youth worker", "age": 16, "local_authority": "Birmingham City Council"},
    ),
    (
        "I've already spoken to the police and they said to contact you. Also logged it on CPOMS.",
        {"actions_taken": ["spoken to the police", "logged it on CPOMS"]},
    ),
    (
        "I'm the DSL, have informed the head and the LADO",
        {"reporter_role": "DSL", "actions_taken": ["informed the head and the LADO"]},
    ),
    (
        "my pupils mum told me she isnt really her mum and the child isnt registered with a gp",
        {"actions_taken": []},
    ),
    (
        "Hi, I'm a teacher at a secondary school in Leeds. One of my Year 9 pupils, a Romanian girl, has been missing a "
        "lot of school. Her 'cousin' picks her up in a car and she has a new iPhone. She seems scared.",
        {"reporter_role": "teacher", "age_range": [13, 14], "gender": "female", "nationality": "Romanian",
         "local_authority": "Leeds City Council", "missing": None},
    ),
    (
        "football coach, a lad on my team keeps turning up with wads of cash and says an older guy pays him to hold bags",
        {"reporter_role": "football coach", "gender": "male", "exploitation_types": ["criminal_exploitation_county_lines"]},
    ),
    (
        "teacher, 13 yr old roma girl told me she is getting married in the summer to a man she has never met and the "
        "family have her passport",
        {"reporter_role": "teacher", "age": 13, "nationality": "Roma", "gender": "female"},
    ),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_realistic_message(facts, text, expected):
    f = facts(text)
    for key, value in expected.items():
        assert f[key] == value, (key, f)
    for indicator in f["indicators"]:
        assert indicator["text"] in text


@pytest.mark.parametrize(
    "text, category, fragment",
    [
        ("the girl I teach is frightened and has bruises", "behavioural", "the girl I teach is frightened"),
        ("pupil was absent for weeks and when she came back she was using a different name", "situational",
         "when she came back she was using a different name"),
        ("her 'cousin' picks her up in a car", "situational", "her 'cousin' picks her up in a car"),
        ("lots of kids living there and none of the adults seemed related to them", "situational",
         "none of the adults seemed related to them"),
        ("says his employer holds his ID and he sleeps at the factory", "situational", "says his employer holds his ID"),
        ("he says he cant get out of the line", "exploitation", "he says he cant get out of the line"),
        ("she is not allowed out", "situational", "she is not allowed out"),
        ("a 13 yo girl came through with a woman claiming to be her aunt", "situational",
         "a 13 yo girl came through with a woman claiming to be her aunt"),
    ],
)
def test_realistic_indicator(facts, text, category, fragment):
    assert {"category": category, "text": fragment} in facts(text)["indicators"]


@pytest.mark.parametrize(
    "text",
    [
        "im a DSL, how do i recognise CCE",
        "what are the signs of county lines",
        "can u explain domestic servitude in simple terms",
        "signs of sexual exploitation",
        "what happens after an NRM referral for a 15 year old?",
    ],
)
def test_knowledge_questions_give_no_child_facts(facts, text):
    f = facts(text)
    child_keys = ("age", "age_range", "gender", "nationality", "location", "immediate_risk", "missing")
    assert all(f[k] is None for k in child_keys)
    assert f["indicators"] == [] and f["exploitation_types"] == []
