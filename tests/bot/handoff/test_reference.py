"""Handoff references: short, unguessable, and safe to read out on the phone."""

from __future__ import annotations

import re

from bot.handoff import reference
from bot.handoff.reference import ALPHABET, is_reference, new_reference


def test_a_reference_is_ho_and_six_characters_without_look_alikes():
    for _ in range(500):
        ref = new_reference()
        assert re.fullmatch(r"HO-[2-9A-HJKMNP-Z]{6}", ref), ref
        assert is_reference(ref)
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31


def test_references_do_not_repeat_in_practice():
    refs = {new_reference() for _ in range(20_000)}
    assert len(refs) >= 19_990  # 887 million possibilities; a handful of collisions at most


def test_references_come_from_the_secrets_module(monkeypatch):
    monkeypatch.setattr(reference.secrets, "choice", lambda alphabet: alphabet[-1])
    assert new_reference() == "HO-ZZZZZZ"


def test_is_reference_rejects_look_alikes_and_wrong_shapes():
    assert is_reference("HO-7K2M9Q")
    for text in ("HO-7K2M9O", "HO-7K2M91", "HO-7K2M9", "HX-7K2M9Q", "ho-7k2m9q", "HO-7K2M9QQ"):
        assert not is_reference(text), text
