"""Concern-conversation evaluation (`make eval-concerns`): whole conversations through the real bot.

The scenarios in tests/concern_eval/ were written blind (README there): a professional's
messages, their answers to the intake's questions, and what the stored handoff summary must
say. Each runs through the REST channel of a real Rasa + action server; the answer to each
intake question is chosen by the form's `requested_slot`, as a person answers what is asked.
Measured: handoffs made for concerns and for controls, per-field accuracy of the stored
summary, urgency exactly right, and that every summary validates against the contract.
`frozen.yml` is reported apart and never tuned on.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot import project

EVAL_DIR = project.ROOT / "tests" / "concern_eval"
SETS = {"dev": EVAL_DIR / "scenarios.yml", "frozen": EVAL_DIR / "frozen.yml"}
MAX_QUESTIONS = 12
MISSING = object()


@dataclass
class Outcome:
    """One scenario's run: what the bot said, what was stored, and how it compares."""

    scenario: Dict[str, Any]
    replies: List[List[str]] = field(default_factory=list)
    handoff: Optional[Dict[str, Any]] = None
    fields: Dict[str, tuple] = field(default_factory=dict)  # path -> (expected, actual, ok)
    silent_turns: int = 0
    schema_error: Optional[str] = None

    @property
    def concern(self) -> bool:
        return self.scenario["kind"] == "concern"

    @property
    def handoff_ok(self) -> bool:
        return (self.handoff is not None) == bool(self.scenario["expect"]["handoff"])

    @property
    def urgency(self) -> Optional[tuple]:
        expected = self.scenario["expect"].get("urgency")
        if expected is None or not self.concern:
            return None
        actual = self.handoff.get("urgency") if self.handoff else None
        return expected, actual, expected == actual


def value_at(document: Dict[str, Any], path: str) -> Any:
    current: Any = document
    for part in path.split("."):
        if not isinstance(current, dict) or part not in current:
            return MISSING
        current = current[part]
    return current


def matches(expected: Any, actual: Any) -> bool:
    """The README's rules: contained text (case-insensitive), exact numbers/booleans/null, every list item present."""
    if actual is MISSING:
        return False
    if isinstance(expected, list):
        items = actual if isinstance(actual, list) else []
        return all(any(matches(e, a) or matches(e, json.dumps(a, ensure_ascii=False)) for a in items) for e in expected)
    if isinstance(expected, str):
        return isinstance(actual, str) and expected.lower() in actual.lower()
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    return actual == expected and not isinstance(actual, bool)


class Client:
    """The REST channel and the tracker of one Rasa server."""

    def __init__(self, url: str, token: Optional[str] = None) -> None:
        self.url, self.token = url, token

    def say(self, sender: str, text: str) -> List[str]:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return [m.get("text") or "" for m in json.loads(response.read())]

    def requested_slot(self, sender: str) -> Optional[str]:
        query = f"?token={urllib.parse.quote(self.token)}" if self.token else ""
        with urllib.request.urlopen(f"{self.url}/conversations/{urllib.parse.quote(sender)}/tracker{query}", timeout=60) as r:
            tracker = json.loads(r.read())
        if not (tracker.get("active_loop") or {}).get("name"):
            return None
        return (tracker.get("slots") or {}).get("requested_slot")


def run_scenario(client: Client, scenario: Dict[str, Any], handoffs_for) -> Outcome:
    """Send the turns, answer what is asked, send the ending; then read the stored handoff."""
    outcome = Outcome(scenario)
    sender = f"eval-{scenario['id']}-{uuid.uuid4().hex[:8]}"

    def send(text: str) -> None:
        replies = client.say(sender, text)
        outcome.replies.append([text, *replies])
        if not any(r.strip() for r in replies):
            outcome.silent_turns += 1

    for turn in scenario.get("turns") or []:
        send(str(turn))
    answers = scenario.get("answers") or {}
    if answers or scenario.get("ending"):
        for _ in range(MAX_QUESTIONS):
            slot = client.requested_slot(sender)
            if slot is None:
                break
            send(str(answers.get(slot, scenario.get("unanswered", "not sure"))))
    for text in scenario.get("ending") or []:
        send(str(text))
    stored = [h for h in handoffs_for(sender) if (h.get("handling") or {}).get("outcome") != "withdrawn by the professional"]
    outcome.handoff = stored[-1] if stored else None
    if outcome.handoff is not None:
        from bot.storage.handoffs import InvalidSummary, validate_summary

        try:
            validate_summary({k: v for k, v in outcome.handoff.items() if k != "handling"})
        except InvalidSummary as error:
            outcome.schema_error = str(error)
    for path, expected in ((scenario["expect"].get("fields") or {}) if outcome.concern else {}).items():
        actual = value_at(outcome.handoff, path) if outcome.handoff else MISSING
        outcome.fields[path] = (expected, None if actual is MISSING else actual, matches(expected, actual))
    return outcome


def summarise(outcomes: List[Outcome]) -> Dict[str, Any]:
    concerns = [o for o in outcomes if o.concern]
    controls = [o for o in outcomes if not o.concern]
    fields = [f for o in concerns for f in o.fields.values()]
    urgencies = [o.urgency for o in concerns if o.urgency]
    return {
        "scenarios": len(outcomes),
        "concerns": len(concerns),
        "controls": len(controls),
        "handoff_rate_concerns": sum(o.handoff is not None for o in concerns) / max(len(concerns), 1),
        "handoff_rate_controls": sum(o.handoff is not None for o in controls) / max(len(controls), 1),
        "field_accuracy": sum(ok for _, _, ok in fields) / max(len(fields), 1),
        "fields_checked": len(fields),
        "urgency_accuracy": sum(ok for _, _, ok in urgencies) / max(len(urgencies), 1),
        "urgency_checked": len(urgencies),
        "schema_valid": sum(o.schema_error is None for o in outcomes if o.handoff) / max(sum(1 for o in outcomes if o.handoff), 1),
        "silent_turns": sum(o.silent_turns for o in outcomes),
    }


def report(name: str, outcomes: List[Outcome], totals: Dict[str, Any]) -> str:
    lines = [
        f"# Concern conversations: {name}", "",
        f"Scenarios from `{SETS[name].relative_to(project.ROOT)}` through the real Rasa and action servers (REST channel).", "",
        "| measure | value | target |", "|---|---|---|",
        f"| handoff made, concern scenarios | {totals['handoff_rate_concerns']:.1%} of {totals['concerns']} | 100 % |",
        f"| handoff made, control scenarios | {totals['handoff_rate_controls']:.1%} of {totals['controls']} | 0 % |",
        f"| stored summary fields right | {totals['field_accuracy']:.1%} of {totals['fields_checked']} | ≥ 90 % |",
        f"| urgency exactly right | {totals['urgency_accuracy']:.1%} of {totals['urgency_checked']} | ≥ 95 % |",
        f"| summaries valid against the contract | {totals['schema_valid']:.1%} | 100 % |",
        f"| messages met with silence | {totals['silent_turns']} | 0 |", "",
        "## Misses", "",
    ]
    for o in outcomes:
        problems = []
        if not o.handoff_ok:
            problems.append("handoff made for a control" if not o.concern else "NO HANDOFF")
        if o.urgency and not o.urgency[2]:
            problems.append(f"urgency {o.urgency[1]} (expected {o.urgency[0]})")
        problems += [f"`{p}` = {json.dumps(a, ensure_ascii=False)} (expected {json.dumps(e, ensure_ascii=False)})"
                     for p, (e, a, ok) in o.fields.items() if not ok]
        if o.schema_error:
            problems.append(f"schema: {o.schema_error}")
        if o.silent_turns:
            problems.append(f"{o.silent_turns} message(s) got no reply")
        if problems:
            lines.append(f"- **{o.scenario['id']}** ({o.scenario.get('note', '')}): " + "; ".join(problems))
    if lines[-1] == "":
        lines.append("None.")
    return "\n".join(lines) + "\n"


def run_concern_evaluation(
    names: List[str], rasa_url: str, handoffs_for, out_dir: Optional[Path] = None, token: Optional[str] = None
) -> Dict[str, Dict[str, Any]]:
    """Run each named set, write reports/concerns_<name>.md, print one JSON line per set; the totals.

    `token` is Rasa's --auth-token, needed to read each conversation's tracker."""
    client = Client(rasa_url, token)
    out_dir = out_dir or project.ROOT / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in names:
        scenarios = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
        outcomes = [run_scenario(client, s, handoffs_for) for s in scenarios]
        totals = summarise(outcomes)
        (out_dir / f"concerns_{name}.md").write_text(report(name, outcomes, totals), encoding="utf-8")
        print(json.dumps({"set": name, **totals}), flush=True)
        results[name] = totals
    return results
