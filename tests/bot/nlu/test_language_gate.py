"""A message the bot cannot read in English is never answered from an English guess."""

from __future__ import annotations

from bot.nlu.language_gate import NonEnglishGate, should_divert

UNDERSTOOD = NonEnglishGate.get_default_config()["understood_in_any_language"]
TRAINED = NonEnglishGate.get_default_config()["trained_languages"]
ROMANIAN = {"code": "ro", "confidence": 0.99, "reliable": True}


def test_a_reliable_foreign_faq_guess_is_diverted():
    assert should_divert(ROMANIAN, {"name": "faq", "confidence": 0.98}, UNDERSTOOD, TRAINED, 0.5)


def test_a_greeting_or_danger_learned_in_that_language_is_kept():
    assert not should_divert(ROMANIAN, {"name": "greet", "confidence": 0.9}, UNDERSTOOD, TRAINED, 0.5)
    assert not should_divert(ROMANIAN, {"name": "immediate_danger", "confidence": 0.8}, UNDERSTOOD, TRAINED, 0.5)


def test_an_unsure_conversation_move_in_a_foreign_language_is_diverted():
    assert should_divert(ROMANIAN, {"name": "raise_concern", "confidence": 0.3}, UNDERSTOOD, TRAINED, 0.5)


def test_english_and_unreliable_detections_are_left_alone():
    assert not should_divert({"code": "en", "confidence": 0.99, "reliable": True}, {"name": "faq", "confidence": 0.9}, UNDERSTOOD, TRAINED, 0.5)
    assert not should_divert({"code": "ro", "confidence": 0.6, "reliable": False}, {"name": "faq", "confidence": 0.9}, UNDERSTOOD, TRAINED, 0.5)


def test_a_greeting_guessed_in_a_language_we_have_no_examples_for_is_diverted():
    russian = {"code": "ru", "confidence": 0.99, "reliable": True}
    assert should_divert(russian, {"name": "greet", "confidence": 0.9}, UNDERSTOOD, TRAINED, 0.5)
