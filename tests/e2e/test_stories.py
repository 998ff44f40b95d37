"""Rasa's own conversation tests (tests/stories/) against the trained model."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import project
from bot.handoff.triage import FORM_SLOTS
from tests.test_domain import responses_sent_by_actions

pytestmark = pytest.mark.e2e


# Responses sent by actions (ours, and Rasa's restart), which the validator cannot see in stories or
# rules, and the handoff replies, translated already, which the handoff's actions will send.
USED_BY_ACTIONS = responses_sent_by_actions() | {"utter_restart", "utter_handoff_offer"} | {
    f"utter_ask_{slot}" for slot in FORM_SLOTS  # the form asks these itself
}
# Rasa merges the retrieval intent found in data/nlu/faq/ into the domain, which
# already declares it (stories need it there), and warns about the "duplicate".
EXPECTED = [f"'{name}' is not used" for name in USED_BY_ACTIONS] + [
    "duplicated intents have been found across multiple domain files: faq",
    # Rasa's own response action for the retrieval intent; our answers go through action_answer (facets)
    "The utterance 'utter_faq' is not used",
    # set by bot.nlu.language_gate.NonEnglishGate, never learned from examples
    "The intent 'non_english' is listed in the domain file, but is not found in the NLU training data",
]


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate",
         "--domain", str(project.DOMAIN), "--data", str(project.DATA), "--config", str(project.CONFIG)],
        cwd=project.ROOT, env=project.rasa_environment(), capture_output=True, text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    unexpected = [w for w in warnings if not any(expected in w for expected in EXPECTED)]
    assert unexpected == []


def test_conversation_paths_follow_the_test_stories(trained_model, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(trained_model),
         "--stories", str(project.TEST_STORIES), "--out", str(tmp_path), "--fail-on-prediction-errors"],
        cwd=project.ROOT, env=project.rasa_environment(), capture_output=True, text=True,
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, details + result.stdout[-3000:] + result.stderr[-3000:]
