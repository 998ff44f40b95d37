"""The writer's role, what they have done, and a contact that validates."""

from __future__ import annotations

import pytest

from bot.extraction.contact import normalise_uk_phone, validate_email


@pytest.mark.parametrize(
    "text, role",
    [
        ("I'm a school nurse", "school nurse"),
        ("school nurse here, worried about a pupil", "school nurse"),
        ("hi, DSL here", "DSL"),
        ("I am the designated safeguarding lead", "designated safeguarding lead"),  # their words, which say more than "DSL"
        ("I'm her teacher", "teacher"),
        ("I'm a maths teacher", "teacher"),
        ("as a social worker I'm worried", "social worker"),
        ("I'm his GP", "GP"),
        ("im a youth worker in Wolverhampton", "youth worker"),
        ("I work as a police officer", "police officer"),
        ("I'm his foster carer", "foster carer"),
        ("foster carer here", "foster carer"),
        ("this is the head of year", "head of year"),
        ("I'm a senior social worker", "senior social worker"),
    ],
)
def test_reporter_role_from_first_person(facts, text, role):
    assert facts(text)["reporter_role"] == role


@pytest.mark.parametrize(
    "text",
    [
        "her social worker said she is fine",
        "the DSL told me to ask",
        "I'm worried about her teacher",
        "should I tell a police officer?",
        "services such as a youth worker",
    ],
)
def test_roles_mentioned_in_passing_are_not_the_reporter(facts, text):
    assert facts(text)["reporter_role"] is None


@pytest.mark.parametrize(
    "text, actions",
    [
        ("I've told the DSL", ["told the DSL"]),
        ("rang children's services this morning", ["rang children's services"]),
        ("I called 101", ["called 101"]),
        ("made an NRM referral", ["made an NRM referral"]),
        ("informed police", ["informed police"]),
        ("children's social care informed", ["children's social care informed"]),
        ("police have been informed", ["police have been informed"]),
        ("MASH referral made", ["MASH referral made"]),
        ("referred her to CSC", ["referred her to CSC"]),
        ("told the DSL and rang CSC", ["told the DSL", "rang CSC"]),
        ("spoke to my line manager", ["spoke to my line manager"]),
        ("strategy meeting booked", ["strategy meeting booked"]),
    ],
)
def test_actions_taken_verbatim(facts, text, actions):
    assert facts(text)["actions_taken"] == actions


@pytest.mark.parametrize(
    "text",
    [
        "should I tell the DSL?",
        "I haven't told the police yet",
        "I will ring children's services",
        "do I need to call 101?",
        "I'm going to make an NRM referral",
        "what is the NRM?",
    ],
)
def test_plans_and_questions_are_not_actions(facts, text):
    assert facts(text)["actions_taken"] == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("07700 900123", "07700900123"),
        ("07700900123", "07700900123"),
        ("077-0090-0123", "07700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("020 7946 0018", "02079460018"),
        ("(020) 7946 0018", "02079460018"),
        ("0161 496 0000", "01614960000"),
        ("01632 960 001", "01632960001"),
        ("0300 123 4567", "03001234567"),
        ("07624 123456", "07624123456"),
        ("0770 090", None),
        ("07700 900123 4", None),
        ("0808 800 5000", None),
        ("0800 1111", None),
        ("09011 234567", None),
        ("07000 123456", None),
        ("+1 212 555 0100", None),
        ("7700 900123", None),
        ("101", None),
        ("999", None),
    ],
)
def test_uk_phone_validation_table(raw, expected):
    assert normalise_uk_phone(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("j.smith@school.sch.uk", "j.smith@school.sch.uk"),
        ("Jane.Doe+dsl@croydon.gov.uk", "Jane.Doe+dsl@croydon.gov.uk"),
        ("nurse@nhs.net", "nurse@nhs.net"),
        ("a@b.co", "a@b.co"),
        ("no-at-sign.example.com", None),
        ("two@@example.com", None),
        ("dot.@example.com", None),
        ("a..b@example.com", None),
        ("name@localhost", None),
        ("name@-bad.com", None),
        ("name@example.c", None),
        ("name@exa mple.com", None),
        ("help@nspcc.org.uk", None),
    ],
)
def test_email_validation_table(raw, expected):
    assert validate_email(raw) == expected


@pytest.mark.parametrize(
    "text, contact",
    [
        ("call me on 07700 900123", "07700900123"),
        ("my number is +44 7700 900 123 thanks", "+447700900123"),
        ("email me j.smith@school.sch.uk", "j.smith@school.sch.uk"),
        ("j.smith@school.sch.uk or 07700 900123", "j.smith@school.sch.uk"),
        ("ring me on 0770 090", None),
        ("I rang 0808 800 5000 already", None),
        ("email help@nspcc.org.uk?", None),
        ("she was born 12/03/2010", None),
    ],
)
def test_contact_in_a_message(facts, text, contact):
    assert facts(text)["contact"] == contact


def test_the_role_in_the_writers_words_and_a_foster_carer_by_their_foster_child(facts):
    assert facts("I'm his key worker at the hostel")["reporter_role"] == "key worker"
    assert facts("My foster son is 12 and a man has just driven off with him")["reporter_role"] == "foster carer"
    assert facts("PC here, 15 year old girl")["reporter_role"] == "police officer"
