"""Language detection evaluation (`make eval-language`): accuracy by language and by
message length, the English false-positive rate, confusion pairs, and whether a
conversation's language survives short replies.

Two labelled sets: tests/language_eval/ (one file per supported language, English
messages full of foreign names, short and mixed-language messages, unsupported
languages, multi-turn conversations; the detector was tuned on its errors) and
tests/language_blind/ (written separately and never used for tuning).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot import project
from bot.language.conversation import next_language
from bot.language.detection import WORD, Detection, detect

NEUTRAL = "neutral"
SUPPORTED = ["en", "cy", "ro", "vi", "sq", "pl", "ar", "fa", "ur", "so", "es", "fr", "pt"]


@dataclass
class Result:
    source: str
    text: str
    expected: str
    detection: Detection

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))

    @property
    def bucket(self) -> str:
        return "1-3 words" if self.words <= 3 else "4-9 words" if self.words <= 9 else "10+ words"

    @property
    def correct(self) -> bool:
        if self.expected == NEUTRAL:
            return not self.detection.reliable  # nothing in it should move the conversation
        if self.expected not in SUPPORTED:
            return self.detection.code != "en"  # unsupported: it must at least not be taken for English
        return self.detection.code == self.expected


def load_messages(directory: Path) -> List[Result]:
    results = []
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("messages", []):
            results.append(Result(path.name, str(item["text"]), str(item["lang"]), detect(str(item["text"]))))
    return results


def english_helpline_messages() -> List[str]:
    """Every message of the NLU held-out and blind splits: professionals' English, written before the detector."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [m.get("text") for d in (project.HOLDOUT, project.BLIND) for m in load_data(str(d)).intent_examples]


def english_false_alarms(texts: List[str]) -> List[Dict[str, Any]]:
    """English messages detected as another language reliably enough to switch the conversation."""
    detections = [(t, detect(t)) for t in texts]
    return [{"text": t, **d.as_dict()} for t, d in detections if d.code != "en" and d.reliable]


def replay_conversations(directory: Path) -> List[Dict[str, Any]]:
    """Every turn where the conversation's language is not what the labeller expected."""
    path = directory / "conversations.yml"
    if not path.exists():
        return []
    failures = []
    for conversation in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("conversations", []):
        language = "en"
        for turn in conversation["turns"]:
            language = next_language(language, detect(str(turn["text"])))
            if language != turn["expect"]:
                failures.append({"conversation": conversation["name"], "text": turn["text"], "expected": turn["expect"], "got": language})
    return failures


def accuracy(results: List[Result]) -> Optional[float]:
    return sum(r.correct for r in results) / len(results) if results else None


def build_report(results: List[Result], conversation_failures: List[Dict[str, Any]]) -> Dict[str, Any]:
    by_language: Dict[str, List[Result]] = defaultdict(list)
    by_bucket: Dict[str, List[Result]] = defaultdict(list)
    for r in results:
        if r.expected != NEUTRAL:
            by_language[r.expected if r.expected in SUPPORTED else "other"].append(r)
        by_bucket[r.bucket].append(r)
    english = [r for r in results if r.expected == "en"]
    labelled_long = [r for r in results if r.words >= 4 and r.expected != NEUTRAL]
    confusions = Counter((r.expected, r.detection.code) for r in results if not r.correct)
    return {
        "messages": len(results),
        "accuracy_4_plus_words": accuracy(labelled_long),
        "english_misdetected": sum(r.detection.code != "en" for r in english) / len(english) if english else None,
        "english_reliably_misdetected": sum(r.detection.code != "en" and r.detection.reliable for r in english) / len(english) if english else None,
        "by_language": {k: {"n": len(v), "accuracy": accuracy(v)} for k, v in sorted(by_language.items())},
        "by_length": {k: {"n": len(v), "accuracy": accuracy(v)} for k, v in sorted(by_bucket.items())},
        "confusions": [{"expected": e, "detected": d, "count": n} for (e, d), n in confusions.most_common()],
        "errors": [
            {"file": r.source, "text": r.text, "expected": r.expected, **r.detection.as_dict()} for r in results if not r.correct
        ],
        "conversation_failures": conversation_failures,
    }


def render_markdown(report: Dict[str, Any]) -> str:
    pct = lambda x: "n/a" if x is None else f"{x:.1%}"  # noqa: E731
    lines = [
        "# Language detection evaluation", "",
        f"- messages: {report['messages']}",
        f"- accuracy on messages of 4+ words: {pct(report['accuracy_4_plus_words'])}",
        f"- English messages detected as another language: {pct(report['english_misdetected'])} "
        f"(reliably, i.e. would switch the conversation: {pct(report['english_reliably_misdetected'])})",
        f"- conversation turns where the language was wrong: {len(report['conversation_failures'])}",
        f"- the {report['nlu_english_messages']} English messages of the NLU held-out and blind splits: "
        f"{len(report['nlu_english_false_alarms'])} would switch the conversation away from English "
        + "".join(f"\n  - \"{e['text']}\" -> {e['code']}" for e in report["nlu_english_false_alarms"]),
        "", "## By language", "", "| language | n | accuracy |", "|---|---|---|",
    ]
    lines += [f"| {k} | {v['n']} | {pct(v['accuracy'])} |" for k, v in report["by_language"].items()]
    lines += ["", "## By length", "", "| length | n | accuracy |", "|---|---|---|"]
    lines += [f"| {k} | {v['n']} | {pct(v['accuracy'])} |" for k, v in report["by_length"].items()]
    lines += ["", "Short messages labelled `neutral` (names, places, \"ok\") count as correct when they are *not* reliable, "
              "i.e. they would not change the conversation's language. Unsupported languages count as correct when not taken for English.",
              "", "## Confusion pairs (expected → detected)", ""]
    lines += [f"- {c['expected']} → {c['detected']}: {c['count']}" for c in report["confusions"]] or ["- none"]
    lines += ["", "## Errors", ""]
    lines += [f"- [{e['file']}] \"{e['text']}\": expected {e['expected']}, got {e['code']} ({e['confidence']}, reliable={e['reliable']})" for e in report["errors"]] or ["- none"]
    lines += ["", "## Conversation turns with the wrong language", ""]
    lines += [f"- {f['conversation']}: \"{f['text']}\": expected {f['expected']}, got {f['got']}" for f in report["conversation_failures"]] or ["- none"]
    return "\n".join(lines) + "\n"


def run_language_evaluation(
    directory: Path = project.LANGUAGE_EVAL, report_dir: Path = project.REPORTS, name: str = "language"
) -> Dict[str, Any]:
    """Evaluate one labelled set, write <report_dir>/<name>.{json,md}, print the headline numbers."""
    report = build_report(load_messages(directory), replay_conversations(directory))
    nlu_english = english_helpline_messages()
    report["nlu_english_messages"] = len(nlu_english)
    report["nlu_english_false_alarms"] = english_false_alarms(nlu_english)
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"{name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (report_dir / f"{name}.md").write_text(render_markdown(report).replace("evaluation", f"evaluation: {directory.name}", 1), encoding="utf-8")
    print(
        f"{name}: {report['messages']} messages  4+ words: {report['accuracy_4_plus_words']:.1%}  "
        f"English misdetected: {report['english_misdetected']:.1%}  "
        f"conversation failures: {len(report['conversation_failures'])}\nreport: {report_dir / (name + '.md')}"
    )
    return report
