"""The language targets: right on 4+ words, English almost never mistaken, and a
conversation never flips on a short reply. Checked on the tuning set and the blind set."""

from __future__ import annotations

import pytest

from bot import project
from bot.evaluation.language import run_language_evaluation

SETS = [project.LANGUAGE_EVAL, project.LANGUAGE_BLIND]


@pytest.fixture(scope="module", params=SETS, ids=lambda p: p.name)
def report(request, tmp_path_factory):
    return run_language_evaluation(request.param, report_dir=tmp_path_factory.mktemp("reports"), name=request.param.name)


def test_messages_of_four_or_more_words_are_detected_at_least_97_percent_right(report):
    assert report["accuracy_4_plus_words"] >= 0.97, report["errors"]


def test_english_is_taken_for_another_language_at_most_1_percent_of_the_time(report):
    assert report["english_misdetected"] <= 0.01, [e for e in report["errors"] if e["expected"] == "en"]


def test_no_conversation_changes_language_on_a_short_reply(report):
    assert report["conversation_failures"] == []


def test_every_supported_language_is_in_the_set(report):
    assert {"en", "cy", "ro", "vi", "sq", "pl", "ar", "fa", "ur", "so", "es", "fr", "pt"} <= set(report["by_language"])


def test_professionals_english_questions_almost_never_switch_the_conversation(report):
    assert len(report["nlu_english_false_alarms"]) <= 0.01 * report["nlu_english_messages"], report["nlu_english_false_alarms"]
