"""Evaluate the trained NLU on the held-out split in tests/nlu_holdout/.

Two numbers matter to a professional: how often the bot's best guess is right
(top-1), and how often an answer it actually gives is right (answered accuracy;
the rest go to "I'm not sure" and the helpline number). The report also sweeps the
fallback thresholds so they are chosen from evidence, not left at defaults.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

from bot import project

FALLBACK = "nlu_fallback"
RETRIEVAL_INTENT = "faq"


@dataclass
class Prediction:
    text: str
    expected: str
    top1: str  # best guess ignoring every fallback
    final: str  # what the bot acts on: a label, or nlu_fallback
    intent_scores: List[float]  # top two intent confidences, fallback removed
    answer_scores: List[float]  # top two FAQ answer confidences
    answer_ranking: List[tuple[str, float]] = field(default_factory=list)  # FAQ labels, likeliest first


def load_holdout(directory: Path = project.HOLDOUT) -> List[tuple[str, str]]:
    """(text, expected label) pairs; FAQ labels are `faq/<topic>`."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(directory))
    pairs = []
    for message in data.intent_examples:
        label = message.get("intent_response_key") or message.get("intent")
        pairs.append((message.get("text"), label))
    return pairs


def label_of(intent: str, parse: Dict[str, Any]) -> str:
    if intent != RETRIEVAL_INTENT:
        return intent
    selected = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT, {}).get("response", {})
    return selected.get("intent_response_key") or RETRIEVAL_INTENT


def to_prediction(text: str, expected: str, parse: Dict[str, Any]) -> Prediction:
    ranking = [r for r in parse.get("intent_ranking", []) if r.get("name") != FALLBACK]
    top_intent = ranking[0]["name"] if ranking else ""
    answers = (parse.get("response_selector") or {}).get(RETRIEVAL_INTENT, {}).get("ranking", [])
    final_intent = (parse.get("intent") or {}).get("name") or ""
    return Prediction(
        text=text,
        expected=expected,
        top1=label_of(top_intent, parse),
        final=FALLBACK if final_intent == FALLBACK else label_of(final_intent, parse),
        intent_scores=[r["confidence"] for r in ranking[:2]] + [0.0] * (2 - len(ranking[:2])),
        answer_scores=[a["confidence"] for a in answers[:2]] + [0.0] * (2 - len(answers[:2])),
        answer_ranking=[(a.get("intent_response_key") or "", a.get("confidence", 0.0)) for a in answers[:10]],
    )


async def _parse_all(model: Path, pairs: List[tuple[str, str]]) -> List[Prediction]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # one debug line per message would bury the report

    agent = Agent.load(str(model))
    predictions = []
    for text, expected in pairs:
        parse = await agent.parse_message(text)
        predictions.append(to_prediction(text, expected, parse))
    return predictions


def replay(p: Prediction, intent_threshold: float, ambiguity: float, answer_threshold: float, margin: float) -> str:
    """What the bot would do with other thresholds (mirrors FallbackClassifier + FaqConfidenceGate)."""
    first, second = p.intent_scores
    if first < intent_threshold or first - second < ambiguity:
        return FALLBACK
    if p.top1.startswith(RETRIEVAL_INTENT + "/"):
        best, runner_up = p.answer_scores
        if best < answer_threshold or best - runner_up < margin:
            return FALLBACK
    return p.top1


def summarise(finals: List[str], predictions: List[Prediction]) -> Dict[str, float]:
    answered = [(f, p) for f, p in zip(finals, predictions, strict=True) if f != FALLBACK]
    correct = sum(f == p.expected for f, p in answered)
    return {
        "coverage": len(answered) / len(predictions),
        "answered_accuracy": correct / len(answered) if answered else 1.0,
        "wrong_answers": len(answered) - correct,
    }


def per_label_f1(predictions: List[Prediction]) -> Dict[str, Dict[str, float]]:
    labels = sorted({p.expected for p in predictions} | {p.top1 for p in predictions})
    scores = {}
    for label in labels:
        tp = sum(p.top1 == label and p.expected == label for p in predictions)
        fp = sum(p.top1 == label and p.expected != label for p in predictions)
        fn = sum(p.top1 != label and p.expected == label for p in predictions)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return scores


def threshold_sweep(predictions: List[Prediction]) -> List[Dict[str, float]]:
    rows = []
    levels = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    grid = itertools.product(levels, (0.0, 0.1, 0.2, 0.3), levels, (0.0, 0.1, 0.2, 0.3))
    for intent_t, ambiguity, answer_t, margin in grid:
        finals = [replay(p, intent_t, ambiguity, answer_t, margin) for p in predictions]
        rows.append(
            {"intent_threshold": intent_t, "ambiguity": ambiguity, "answer_threshold": answer_t, "margin": margin}
            | summarise(finals, predictions)
        )
    return rows


def pareto_front(sweep: List[Dict[str, float]]) -> List[Dict[str, float]]:
    """Settings no other setting beats on both coverage and answered accuracy, most accurate first."""
    front: List[Dict[str, float]] = []
    for row in sorted(sweep, key=lambda r: (-r["answered_accuracy"], -r["coverage"])):
        if not front or row["coverage"] > front[-1]["coverage"]:
            front.append(row)
    return front


def suggestion_outcomes(predictions: List[Prediction], minimum: float) -> Dict[str, float]:
    """What a professional meets with suggestions at `minimum`: answered right at once, right after
    one click on a suggestion, answered wrongly (a wrong confident answer), offered only wrong
    topics, or refused."""
    from bot.nlu.suggestions import likeliest_topics

    right = clicked = wrong = wrong_offers = refused = 0
    for p in predictions:
        if p.final != FALLBACK:
            right += p.final == p.expected
            wrong += p.final != p.expected
            continue
        parse = {"response_selector": {"faq": {"ranking": [{"intent_response_key": k, "confidence": c} for k, c in p.answer_ranking]}}}
        offered = likeliest_topics(parse, minimum)
        if not offered:
            refused += 1
        elif p.expected in offered:
            clicked += 1
        else:
            wrong_offers += 1
    n = len(predictions)
    return {"minimum": minimum, "answered_right": right / n, "right_after_one_click": clicked / n,
            "answered_wrong": wrong / n, "offered_only_wrong": wrong_offers / n, "refused": refused / n}


def build_report(predictions: List[Prediction]) -> Dict[str, Any]:
    top1_accuracy = sum(p.top1 == p.expected for p in predictions) / len(predictions)
    confusions = Counter((p.expected, p.top1) for p in predictions if p.top1 != p.expected)
    return {
        "examples": len(predictions),
        "top1_accuracy": top1_accuracy,
        **summarise([p.final for p in predictions], predictions),
        "per_label": per_label_f1(predictions),
        "confusions": [{"expected": e, "predicted": g, "count": n} for (e, g), n in confusions.most_common()],
        "wrong_answers_given": [
            {"text": p.text, "expected": p.expected, "answered": p.final}
            for p in predictions
            if p.final not in (FALLBACK, p.expected)
        ],
        "sent_to_fallback": [
            {"text": p.text, "expected": p.expected} for p in predictions if p.final == FALLBACK
        ],
        "sweep": threshold_sweep(predictions),
        "suggestions": [suggestion_outcomes(predictions, m) for m in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)],
    }


def render_markdown(report: Dict[str, Any]) -> str:
    lines = [
        "# NLU held-out evaluation",
        "",
        f"- examples: {report['examples']}",
        f"- top-1 accuracy: {report['top1_accuracy']:.1%}",
        f"- answered (not fallback): {report['coverage']:.1%}",
        f"- accuracy of answers given: {report['answered_accuracy']:.1%} ({report['wrong_answers']} wrong)",
        "",
        "## Per label (top-1)",
        "",
        "| label | precision | recall | F1 | n |",
        "|---|---|---|---|---|",
    ]
    for label, s in report["per_label"].items():
        lines.append(f"| {label} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['support']} |")
    lines += ["", "## Confusions (expected -> top-1)", ""]
    lines += [f"- {c['expected']} -> {c['predicted']}: {c['count']}" for c in report["confusions"]] or ["- none"]
    lines += ["", "## Wrong answers the bot would give", ""]
    lines += [f"- \"{w['text']}\": expected {w['expected']}, answered {w['answered']}" for w in report["wrong_answers_given"]] or ["- none"]
    lines += ["", "## Suggestions: when the gate refuses, the likeliest topics as buttons (bot/nlu/suggestions.py)", "",
              "| offered from | answered right | right after one click | answered wrongly | offered only wrong topics | refused |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {s['minimum']} | {s['answered_right']:.1%} | {s['right_after_one_click']:.1%} | {s['answered_wrong']:.1%} "
              f"| {s['offered_only_wrong']:.1%} | {s['refused']:.1%} |" for s in report.get("suggestions", [])]
    lines += ["", "## Threshold sweep: the most answered for each level of accuracy (Pareto front)", ""]
    good = pareto_front(report["sweep"])
    lines += ["| intent t | ambiguity | answer t | margin | coverage | answered acc |", "|---|---|---|---|---|---|"]
    lines += [
        f"| {r['intent_threshold']} | {r['ambiguity']} | {r['answer_threshold']} | {r['margin']} "
        f"| {r['coverage']:.1%} | {r['answered_accuracy']:.1%} |"
        for r in good
    ]
    return "\n".join(lines) + "\n"


def run_holdout_evaluation(
    model: Path, report_dir: Path = project.REPORTS, holdout: Path = project.HOLDOUT, name: str = "nlu_holdout"
) -> int:
    """Evaluate `model` on `holdout`, write <report_dir>/<name>.{json,md}, print the headline numbers."""
    predictions = asyncio.run(_parse_all(model, load_holdout(holdout)))
    report = build_report(predictions)
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"{name}.json").write_text(json.dumps(report, indent=2))
    (report_dir / f"{name}.md").write_text(render_markdown(report).replace("# NLU held-out evaluation", f"# NLU evaluation: {holdout.name}"))
    print(
        f"{name}: examples: {report['examples']}  top-1: {report['top1_accuracy']:.1%}  "
        f"answered: {report['coverage']:.1%}  answered accuracy: {report['answered_accuracy']:.1%}\n"
        f"report: {report_dir / (name + '.md')}"
    )
    return 0
