"""The accuracy targets, measured on held-out messages the model never saw."""

from __future__ import annotations

import json

import pytest

from bot.evaluation.holdout import run_holdout_evaluation

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def report(trained_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    run_holdout_evaluation(trained_model, report_dir=out)
    return json.loads((out / "nlu_holdout.json").read_text())


def test_best_guess_is_right_at_least_92_percent_of_the_time(report):
    assert report["top1_accuracy"] >= 0.92, report["confusions"]


def test_answers_actually_given_are_right_at_least_97_percent_of_the_time(report):
    assert report["answered_accuracy"] >= 0.97, report["wrong_answers_given"]


def test_every_label_is_recognised_at_least_sometimes(report):
    weak = {label: s["f1"] for label, s in report["per_label"].items() if s["support"] and s["f1"] < 0.6}
    assert weak == {}
