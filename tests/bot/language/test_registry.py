"""The language registry agrees with what ships: the localized replies, the widget, langdetect."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot import localized, project
from bot.language.registry import (
    ENGLISH,
    LANGUAGE_NAMES,
    PLAUSIBLE_LANGUAGES,
    REPLY_LANGUAGES,
    RIGHT_TO_LEFT_SCRIPTS,
    SCRIPT_ONLY,
)

WIDGET_JS = project.ROOT / "connectors" / "static" / "widget.js"


def replies_languages() -> dict[str, set[str]]:
    """{language: directions its localized replies are marked with} across domain/localized/*.yml."""
    found: dict[str, set[str]] = {}
    for path in sorted(Path(localized.LOCALIZED_DIR).glob("*.yml")):
        for variants in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}).values():
            for code, variant in localized.variants_by_language(variants).items():
                found.setdefault(code, set()).add((variant.get("metadata") or {}).get("dir", "ltr"))
    return found


def test_the_localized_replies_are_in_exactly_the_reply_languages_with_their_direction():
    found = replies_languages()
    assert set(found) == {ENGLISH, *REPLY_LANGUAGES}
    for code, directions in found.items():
        assert directions == {"rtl" if code in RIGHT_TO_LEFT_SCRIPTS else "ltr"}, code


def test_the_widget_has_texts_for_exactly_the_reply_languages_and_reads_rtl_as_the_registry_does():
    source = WIDGET_JS.read_text(encoding="utf-8")
    block = source[source.index("var TEXTS = {"):source.index("var REPLY_LANGUAGES")]
    assert set(re.findall(r'^\s{4}"([a-z-]+)": \{"dir"', block, re.M)) == {ENGLISH, *REPLY_LANGUAGES}
    rtl_pattern = re.search(r"/\^\((.*?)\)\\b/\.test\(code", source)
    assert rtl_pattern, "widget.js dirOf() no longer has its right-to-left pattern"
    assert RIGHT_TO_LEFT_SCRIPTS <= set(rtl_pattern.group(1).split("|"))
    assert not set(rtl_pattern.group(1).split("|")) & set(LANGUAGE_NAMES) - RIGHT_TO_LEFT_SCRIPTS


def test_detection_may_answer_only_languages_langdetect_knows_and_every_answer_has_a_name():
    import langdetect

    profiles = {p.name for p in (Path(langdetect.__file__).parent / "profiles").iterdir()}
    assert PLAUSIBLE_LANGUAGES <= profiles
    assert not SCRIPT_ONLY & profiles
    assert set(REPLY_LANGUAGES) <= PLAUSIBLE_LANGUAGES
