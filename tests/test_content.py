"""What an editor and a professional rely on: every contract label has data and an
answer, every answer is sourced, short, and uses the one contacts file."""

from __future__ import annotations

import json

import yaml

from bot import content, project

CONTRACT = json.loads(project.INTENT_CONTRACT.read_text())
# affirm, deny and stop are listed apart until the contract moves them into top_level
TOP_LEVEL = CONTRACT["top_level"] + CONTRACT.get("added_by_concern_path_issue", [])
ADDED_TOPICS = content.TOPICS_ADDED_TO_CONTRACT


def test_content_has_no_problems_an_editor_must_fix():
    assert content.content_problems() == []


def test_every_faq_topic_in_the_contract_has_examples_and_a_sourced_answer():
    topics = content.load_faq_topics()
    assert sorted(topics) == sorted(CONTRACT["faq_topics"] + list(ADDED_TOPICS))
    assert not set(ADDED_TOPICS) & set(CONTRACT["faq_topics"]), "an added topic is in the contract now: drop it from TOPICS_ADDED_TO_CONTRACT"
    for name in topics:
        assert len(topics[name].examples) >= content.MIN_TRAINING_EXAMPLES, name
        assert topics[name].answer.strip(), name
        assert topics[name].sources, name


def test_every_top_level_intent_has_at_least_15_examples():
    examples = yaml.safe_load((project.DATA / "nlu" / "top_level.yml").read_text())["nlu"]
    counts = {item["intent"]: len(content._examples(item["examples"])) for item in examples}
    for intent in TOP_LEVEL:
        if intent != CONTRACT["retrieval_intent"]:
            assert counts.get(intent, 0) >= 15, intent


def test_every_top_level_intent_is_in_the_domain():
    domain = yaml.safe_load((project.DOMAIN / "core.yml").read_text())
    assert set(TOP_LEVEL) <= {i if isinstance(i, str) else next(iter(i)) for i in domain["intents"]}


def test_answers_give_the_verified_helpline_number_and_no_outdated_ones():
    contacts = content.load_contacts()
    assert contacts["helpline_phone"] == "0808 800 5000"
    assert contacts["helpline_email"] == "help@nspcc.org.uk"
    assert contacts["modern_slavery_helpline_phone"] == "08000 121 700"
    rendered = " ".join(content.render(f.text, contacts) for t in content.load_faq_topics().values() for f in t.facets)
    for outdated in ("0800 107 7057", "0800 0121 700", "88858"):
        assert outdated not in rendered


def test_a_literal_phone_number_in_an_answer_is_reported_with_file_and_line(tmp_path, monkeypatch):
    faq = tmp_path / "faq"
    faq.mkdir()
    (faq / "ctac_contact.yml").write_text(
        'version: "3.1"\n'
        "nlu:\n- intent: faq/ctac_contact\n  examples: |\n    - number?\n"
        "responses:\n  utter_faq/ctac_contact:\n  - text: Call 0808 800 5000.\n"
        "    metadata:\n      sources: [S99]\n"
    )
    monkeypatch.setattr(project, "ROOT", tmp_path)
    topic = content.load_faq_topics(faq)["ctac_contact"]
    problems = list(content.answer_problems(topic, content.load_contacts(), {"S1"}))
    assert any("faq/ctac_contact.yml:7: write contacts as placeholders" in p and "0808 800 5000" in p for p in problems)
    assert any("source 'S99'" in p for p in problems)


def test_holdout_split_is_never_used_for_training():
    from bot.evaluation.holdout import load_holdout

    training = {e.lower() for t in content.load_faq_topics().values() for e in t.examples}
    top_level = yaml.safe_load((project.DATA / "nlu" / "top_level.yml").read_text())["nlu"]
    training |= {e.lower() for item in top_level for e in content._examples(item["examples"])}
    holdout = load_holdout()
    assert not [text for text, _ in holdout if text.lower() in training]
    per_label: dict[str, int] = {}
    for _, label in holdout:
        per_label[label] = per_label.get(label, 0) + 1
    expected = [f"faq/{t}" for t in CONTRACT["faq_topics"]] + [i for i in CONTRACT["top_level"] if i != "faq"]
    assert {label: per_label.get(label, 0) for label in expected if per_label.get(label, 0) < 5} == {}


def test_every_topic_offers_a_short_question_as_its_suggestion():
    from bot.content import MAX_SUGGESTION_WORDS, load_faq_topics

    for topic in load_faq_topics().values():
        assert topic.suggestion.endswith("?") and len(topic.suggestion.split()) <= MAX_SUGGESTION_WORDS, topic.topic
