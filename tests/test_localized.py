"""Replies in other languages: every language there, none loses the number or 999, each with its review trail."""

from __future__ import annotations

import yaml

from bot import localized, project


def test_every_localized_reply_has_every_language_with_its_number_and_999():
    assert localized.localized_problems() == []


def test_the_replies_the_language_issue_names_are_localized():
    names = {p.stem for p in localized.LOCALIZED_DIR.glob("*.yml")}
    assert {"greet", "english_only", "immediate_danger", "handoff_offer", "handoff_confirmed",
            "fallback_offer_counsellor", "ask_rephrase", "suggest", "goodbye", "handoff_failed", "widget"} <= names


def test_handoff_failed_is_defined_once_in_every_language():
    everywhere = [p for p in project.DOMAIN.rglob("*.yml") if "utter_handoff_failed:" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(project.DOMAIN).as_posix() for p in everywhere] == ["localized/handoff_failed.yml"]


def _reply(tmp_path, texts: dict, review: str = '{status: machine draft, date: "2026-12-02"}') -> None:
    variants = "".join(
        f"    - condition: [{{type: slot, name: language, value: {code}}}]\n"
        f"      metadata: {{lang: {code}, dir: {'rtl' if code in localized.RIGHT_TO_LEFT else 'ltr'}, review: {review}}}\n"
        f"      text: {texts.get(code, 'Call {helpline_phone} or 999.')}\n"
        for code in localized.LANGUAGES
    )
    (tmp_path / "goodbye.yml").write_text(
        'version: "3.1"\nresponses:\n  utter_goodbye:\n'
        "    - metadata: {lang: en, dir: ltr, review: {status: source}}\n"
        "      text: Call {helpline_phone} or 999.\n" + variants, encoding="utf-8"
    )


def test_a_translation_that_drops_the_number_is_reported_with_file_and_line(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "ROOT", tmp_path)
    _reply(tmp_path, {"ro": "Sunati-ne."})
    problems = localized.localized_problems(tmp_path)
    assert any(p.startswith("goodbye.yml:") and "[ro]" in p and "placeholders" in p for p in problems)
    assert any("[ro] lost the 999 advice" in p for p in problems)
    assert len(problems) == 2


def test_every_translation_records_its_review_and_a_review_goes_stale_when_the_text_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "ROOT", tmp_path)
    _reply(tmp_path, {}, review="{status: checked}")
    assert len([p for p in localized.localized_problems(tmp_path) if "needs review" in p]) == len(localized.LANGUAGES)

    good = localized.fingerprint("Call {helpline_phone} or 999.", "Call {helpline_phone} or 999.")
    _reply(tmp_path, {}, review=f'{{status: reviewed, by: "A. Translator, DPSI", date: "2026-12-05", fingerprint: "{good}"}}')
    assert localized.localized_problems(tmp_path) == []
    assert localized.unreviewed(tmp_path) == []

    _reply(tmp_path, {"ro": "Sunati la {helpline_phone} sau 999."},
           review=f'{{status: reviewed, by: "A. Translator, DPSI", date: "2026-12-05", fingerprint: "{good}"}}')
    stale = localized.localized_problems(tmp_path)
    assert len(stale) == 1 and "[ro]" in stale[0] and "changed since it was reviewed" in stale[0]

    _reply(tmp_path, {}, review='{status: reviewed, date: "2026-12-05", fingerprint: "x"}')
    assert any("must name the translator" in p for p in localized.localized_problems(tmp_path))


def test_unreviewed_translations_are_listed_with_file_and_line():
    listed = localized.unreviewed()
    assert any(line.startswith("domain/localized/greet.yml:") and "utter_greet [ro] machine draft" in line for line in listed)
    assert any(line.startswith("domain/localized/widget.yml:") and "widget [ar] machine draft" in line for line in listed)
    assert not any("[en]" in line for line in listed)


def test_a_translation_that_is_not_valid_yaml_is_reported_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(project, "ROOT", tmp_path)
    (tmp_path / "broken.yml").write_text("responses:\n  utter_x:\n    - text: Note: this breaks\n", encoding="utf-8")
    problems = localized.localized_problems(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("broken.yml:3: not valid YAML")


def test_the_widget_words_keep_999_the_number_and_quick_exit_in_every_language():
    texts = localized.widget_texts()
    assert set(texts) == {"en", *localized.LANGUAGES}
    for code in localized.LANGUAGES:
        words = texts[code]["text"]
        assert "999" in words["notice_emergency"] and "999" in words["banner"], code
        assert "{helpline_phone}" in words["banner"] and "{helpline_phone}" in words["notice_contact"], code
        assert words["quick_exit"] and words["quick_exit"] != texts["en"]["text"]["quick_exit"], code
        assert words["notice_language"], code  # says a counsellor can arrange an interpreter
        assert texts[code]["dir"] == ("rtl" if code in localized.RIGHT_TO_LEFT else "ltr")


def test_widget_js_carries_the_current_widget_words_and_contacts():
    source = localized.WIDGET_JS.read_text(encoding="utf-8")
    assert localized.widget_block() in source, "run .venv/bin/python -m bot.localized widget"
    phone = yaml.safe_load((project.DOMAIN / "contacts.yml").read_text())["slots"]["helpline_phone"]["initial_value"]
    assert source.count(phone) == 1  # only in CONTACTS: the texts say {helpline_phone}


def test_a_reply_start_names_one_language_only():
    starts = localized.reply_starts()
    assert len({start for start, _ in starts}) == len(starts)
    assert ("Bună ziua. Sunt asistentul autom", "ro") in starts
