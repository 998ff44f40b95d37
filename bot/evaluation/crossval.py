"""k-fold cross-validation of the intent/topic classifier on the training data itself.

The held-out and blind splits are fixed; cross-validation shows how stable the classifier is when
every example takes a turn at being unseen, and which labels it confuses, without a Rasa server
(bot/nlu/linear_classifier.py's own model, the pipeline's settings from config.yml).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from bot import project

FOLDS = 5


def classifier_config() -> Dict[str, Any]:
    """The LinearIntentClassifier's settings as config.yml gives them (defaults filled in)."""
    from bot.nlu.linear_classifier import LinearIntentClassifier

    pipeline = yaml.safe_load((project.ROOT / "config.yml").read_text())["pipeline"]
    own = next(c for c in pipeline if c["name"].endswith("LinearIntentClassifier"))
    return {**LinearIntentClassifier.get_default_config(), **{k: v for k, v in own.items() if k != "name"}}


def training_examples() -> tuple[List[str], List[str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(project.DATA / "nlu"))
    pairs = [(m.get("text"), m.get("intent_response_key") or m.get("intent")) for m in data.intent_examples]
    return [t for t, _ in pairs], [label for _, label in pairs]


def cross_validate(folds: int = FOLDS) -> Dict[str, Any]:
    from sklearn.model_selection import StratifiedKFold

    from bot.nlu.linear_classifier import build_model

    texts, labels = training_examples()
    config = classifier_config()
    accuracies: List[float] = []
    confused: Counter[Tuple[str, str]] = Counter()
    for train, test in StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(texts, labels):
        model = build_model(config).fit([texts[i] for i in train], [labels[i] for i in train])
        predicted = model.predict([texts[i] for i in test])
        right = [labels[i] == p for i, p in zip(test, predicted, strict=True)]
        accuracies.append(sum(right) / len(right))
        confused.update((labels[i], p) for i, p in zip(test, predicted, strict=True) if labels[i] != p)
    return {
        "folds": folds,
        "examples": len(texts),
        "top1_mean": round(statistics.mean(accuracies), 4),
        "top1_min": round(min(accuracies), 4),
        "most_confused": [{"label": a, "predicted": b, "count": n} for (a, b), n in confused.most_common(10)],
    }


def run_cross_validation(out_dir: Optional[Path] = None) -> Dict[str, Any]:
    report = cross_validate()
    out = out_dir or project.REPORTS
    out.mkdir(parents=True, exist_ok=True)
    lines = [f"# {report['folds']}-fold cross-validation on the training data ({report['examples']} examples)", "",
             f"top-1: mean {report['top1_mean']:.1%}, worst fold {report['top1_min']:.1%}", "",
             "| label | taken for | times |", "|---|---|---|"]
    lines += [f"| {c['label']} | {c['predicted']} | {c['count']} |" for c in report["most_confused"]]
    (out / "crossval.md").write_text("\n".join(lines) + "\n")
    print("cross-validation: " + json.dumps({k: v for k, v in report.items() if k != "most_confused"}))
    return report
