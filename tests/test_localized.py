"""Replies in other languages: every language there, and none loses the number or 999."""

from __future__ import annotations

from bot import localized, project


def test_every_localized_reply_has_every_language_with_its_number_and_999():
    assert localized.localized_problems() == []


def test_the_replies_the_language_issue_names_are_localized():
    names = {p.stem for p in localized.LOCALIZED_DIR.glob("*.yml")}
    assert {"greet", "english_only", "immediate_danger", "handoff_offer", "handoff_confirmed",
            "fallback_offer_counsellor", "ask_rephrase", "goodbye"} <= names


def test_a_translation_that_drops_the_number_is_reported_with_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "ROOT", tmp_path)
    reply = tmp_path / "goodbye.yml"
    variants = "".join(
        f"    - condition: [{{type: slot, name: language, value: {code}}}]\n"
        f"      metadata: {{dir: {'rtl' if code in localized.RIGHT_TO_LEFT else 'ltr'}}}\n"
        f"      text: {'Sunati-ne.' if code == 'ro' else 'Call {helpline_phone} or 999.'}\n"
        for code in localized.LANGUAGES
    )
    reply.write_text('version: "3.1"\nresponses:\n  utter_goodbye:\n    - text: Call {helpline_phone} or 999.\n' + variants)
    problems = localized.localized_problems(tmp_path)
    assert any(p.startswith("goodbye.yml:") and "[ro]" in p and "placeholders" in p for p in problems)
    assert any("[ro] lost the 999 advice" in p for p in problems)
    assert len(problems) == 2
