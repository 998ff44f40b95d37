"""bot/privacy/redact.py: each kind of personal data becomes its placeholder; ordinary text stays."""

from __future__ import annotations

import re
import time

import pytest
import yaml

from bot import project
from bot.privacy.redact import PUBLISHED_EMAILS, PUBLISHED_NUMBERS, nhs_check_digit_ok, redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("email me at jo.bloggs+dsl@oak-academy.sch.uk today", "email me at [email] today"),
        ("Sam.Carter@Example.ORG", "[email]"),
        ("call 07700 900417 please", "call [phone] please"),
        ("07700-900-417", "[phone]"),
        ("07700900417", "[phone]"),
        ("020 7946 0000", "[phone]"),
        ("(020) 7946 0000", "[phone]"),
        ("+44 7700 900417", "[phone]"),
        ("+44 (0)20 7946 0000", "[phone]"),
        ("0044 20 7946 0000", "[phone]"),
        ("+33 1 23 45 67 89", "[phone]"),
        ("tel:07700900417", "tel:[phone]"),
        ("07700\u00a0900417", "[phone]"),  # no-break spaces, as bot/bidi.py writes numbers
        ("my name is Sam Carter and I'm a DSL", "my name is [name] and I'm a DSL"),
        ("my name is sam. i work at oak", "my name is [name]. i work at oak"),
        ("her name's Amina, she is 14", "her name's [name], she is 14"),
        ("the boy's name is Ion Popescu", "the boy's name is [name]"),
        ("I'm called Priya", "I'm called [name]"),
        ("she is called O'Brien", "she is called [name]"),
        ("Name: Jo Bloggs, role: teacher", "Name: [name], role: teacher"),
        ("a girl called Mariam", "a girl called [name]"),
        ("call me Dee", "call me [name]"),
        ("she lives near SW1A 1AA", "she lives near [postcode]"),
        ("postcode cr0 2aa", "postcode [postcode]"),
        ("born on 12/03/2011", "born on [date of birth]"),
        ("DOB: 2011-03-12", "DOB: [date of birth]"),
        ("d.o.b. 3.4.12", "d.o.b. [date of birth]"),
        ("date of birth 12th March 2011", "date of birth [date of birth]"),
        ("born in March 2011", "born in [date of birth]"),
        ("her birthday is March 12, 2011", "her birthday is [date of birth]"),
        ("NHS number 9434765919", "NHS number [NHS number]"),
        ("nhs no: 123 456 7890", "nhs no: [NHS number]"),  # after "NHS", whatever the check digit
        ("943 476 5919", "[NHS number]"),
        ("943-476-5919", "[NHS number]"),
        ("9434765919", "[NHS number]"),  # 10 digits with a valid check digit
        ("NI number AB123456C", "NI number [NI number]"),
        ("ab 12 34 56 c", "[NI number]"),
    ],
)
def test_each_kind_of_personal_data_becomes_its_placeholder(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "she is 14",
        "a 14 year old in year 9, aged 14",
        "reference HO-7K2M9Q and HL-AB12CD, HO-AB12CD",  # AB12CD looks like a postcode
        "born in 2011",  # a year alone identifies no more than an age
        "she was born abroad",
        "call 999 now, or 101",
        "Call the helpline on 0808 800 5000 or email help@nspcc.org.uk",
        "Childline 0800 1111, Modern Slavery Helpline 08000 121 700 (0800 0121 700), Crimestoppers 0800 555 111",
        "Live Fear Free 0808 80 10 800; +44 808 800 5000",
        "0808\u00a0800\u00a05000",
        "Received user message 'hello' with intent '{'name': 'raise_concern', 'confidence': 0.9712345678}'",
        "event at 1764603600.123456 and 2026-11-23T18:12:00Z, 18:12:00",
        "127.0.0.1:5005 GET /conversations/3f2a9c1b-0123-4567-89ab-0123456789ab/tracker 200",
        "my name is not important",
        "call me back later",
        "a man called the police",
        "The National Referral Mechanism (NRM) is the UK's framework.",
        "Croydon CR0",  # an outward code alone is a district
        "1234567890",  # ten digits, no valid NHS check digit, not a phone
        "",
    ],
)
def test_ordinary_text_and_the_helplines_own_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_several_kinds_in_one_message() -> None:
    text = (
        "Hi, my name is Sam Carter, DSL at Oak. The girl's name is Amina Begum, DOB 02/05/2012, NHS 943 476 5919, "
        "lives at E1 6AN. Call me on 07700 900417 or sam@oak.sch.uk. Ref HO-7K2M9Q."
    )
    assert redact(text) == (
        "Hi, my name is [name], DSL at Oak. The girl's name is [name], DOB [date of birth], NHS [NHS number], "
        "lives at [postcode]. Call me on [phone] or [email]. Ref HO-7K2M9Q."
    )


def test_redacting_twice_changes_nothing_more() -> None:
    once = redact("my name is Sam, 07700 900417, SW1A 1AA")
    assert redact(once) == once


def test_never_raises() -> None:
    assert redact(None) == "None"  # type: ignore[arg-type]
    assert redact(12345) == "12345"  # type: ignore[arg-type]
    assert redact("\ud800 lone surrogate, jo@x.org") == "\ud800 lone surrogate, [email]"

    class Unprintable:
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert redact(Unprintable()).startswith("[text withheld")  # type: ignore[arg-type]


def test_the_nhs_check_digit() -> None:
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("123")


def test_the_published_numbers_are_the_ones_in_contacts_yml() -> None:
    """The numbers kept readable are the ones the bot gives out (domain/contacts.yml)."""
    slots = yaml.safe_load((project.DOMAIN / "contacts.yml").read_text())["slots"]
    values = [slot["initial_value"] for slot in slots.values()]
    phones = {re.sub(r"\D", "", v) for v in values if "@" not in v}
    emails = {v for v in values if "@" in v}
    assert phones <= PUBLISHED_NUMBERS
    assert emails <= PUBLISHED_EMAILS
    for value in values:
        assert redact(f"call {value}") == f"call {value}"


def test_a_long_run_without_spaces_does_not_make_the_pattern_backtrack() -> None:
    # Not a speed target (those belong in bench/): a pattern that backtracks badly takes seconds
    # or hours on such input, not the milliseconds it should.
    start = time.perf_counter()
    redact("a" * 2000 + "@")
    redact("0" * 2000)
    assert time.perf_counter() - start < 0.5
