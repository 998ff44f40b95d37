"""The domain as Rasa will load it: a file Rasa cannot parse is skipped without a word, so check here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import project

DOMAIN_FILES = sorted(project.DOMAIN.rglob("*.yml"))


def responses() -> set[str]:
    names: set[str] = set()
    for path in DOMAIN_FILES:
        names |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return names


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: str(p.relative_to(project.DOMAIN)))
def test_every_domain_file_is_valid_yaml(path: Path):
    yaml.safe_load(path.read_text(encoding="utf-8"))


def responses_sent_by_actions() -> set[str]:
    """Every response name the action server's code sends ("utter_..." literals in actions/)."""
    used = set()
    for path in (project.ROOT / "actions").glob("*.py"):
        used |= set(re.findall(r'"(utter_[a-z_]+)"', path.read_text(encoding="utf-8")))
    return used - {"utter_faq", "utter_action"}  # the retrieval action; the metadata key


def test_every_reply_the_actions_send_exists_in_the_domain():
    assert responses_sent_by_actions() - responses() == set()


def test_the_triage_slots_in_the_code_are_the_domains():
    """The form's questions come from the domain (as rasa-sdk reads them); every other slot the
    intake fills or resets is declared in domain/triage.yml, and nothing there is forgotten."""
    from actions.handoff import forget_the_case
    from bot.handoff import triage

    domain = yaml.safe_load((project.DOMAIN / "triage.yml").read_text(encoding="utf-8"))
    assert triage.FORM_SLOTS == domain["forms"]["concern_form"]["required_slots"]
    reset = {event["name"] for event in forget_the_case()} - {"handoff_open", "handoff_reference"}
    assert reset == set(domain["slots"])
    assert set(triage.FACT_SLOTS.values()) | set(triage.EVIDENCE_FIELDS) | triage.LIST_SLOTS <= set(triage.TRIAGE_SLOTS)
    assert set(triage.ANSWER_FACT) <= set(triage.FORM_SLOTS)
