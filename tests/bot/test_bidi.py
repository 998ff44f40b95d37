"""bot/bidi.py: phone numbers made to read left to right in plain text (the rendering is measured
in tests/browser/test_plain_text_numbers.py)."""

from __future__ import annotations

import pytest

from bot.bidi import LRI, NBSP, PDI, keep_numbers_left_to_right
from bot.content import load_contacts

ARABIC = "يُرجى الاتصال بالرقم 0808 800 5000 أو إرسال بريد إلكتروني إلى help@nspcc.org.uk. اتصل بالرقم 999."


def test_the_digit_groups_are_joined_by_no_break_spaces():
    assert keep_numbers_left_to_right(ARABIC) == ARABIC.replace("0808 800 5000", f"0808{NBSP}800{NBSP}5000")


def test_isolate_mode_wraps_the_number_in_ltr_isolates():
    assert keep_numbers_left_to_right(ARABIC, mode="isolate") == ARABIC.replace("0808 800 5000", f"{LRI}0808 800 5000{PDI}")
    both = keep_numbers_left_to_right(ARABIC, mode="both")
    assert f"{LRI}0808{NBSP}800{NBSP}5000{PDI}" in both


@pytest.mark.parametrize("mode", ["nbsp", "isolate", "both"])
def test_it_is_idempotent_and_keeps_every_digit(mode):
    once = keep_numbers_left_to_right(ARABIC, mode)
    assert keep_numbers_left_to_right(once, mode) == once
    assert [c for c in once if c.isdigit()] == [c for c in ARABIC if c.isdigit()]


def test_every_contact_number_is_handled_and_short_numbers_are_left_alone():
    phones = {name: value for name, value in load_contacts().items() if name.endswith("_phone")}
    for value in phones.values():
        fixed = keep_numbers_left_to_right(f"اتصل بالرقم {value} الآن")
        assert fixed == f"اتصل بالرقم {value.replace(' ', NBSP)} الآن", value
    text = "Call 999 or 101. You are number 3 in the queue; since 2024; reference HO-7K2M9Q."
    assert keep_numbers_left_to_right(text) == text
    assert keep_numbers_left_to_right("+44 808 800 5000") == f"+44{NBSP}808{NBSP}800{NBSP}5000"


def test_english_text_keeps_its_meaning_and_empty_text_is_fine():
    assert keep_numbers_left_to_right("Call 0808 800 5000.").replace(NBSP, " ") == "Call 0808 800 5000."
    assert keep_numbers_left_to_right("") == ""
    with pytest.raises(ValueError):
        keep_numbers_left_to_right("x", mode="rtl")
