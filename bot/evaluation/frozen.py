"""The frozen evaluation (tests/frozen_eval/): strangers' messages and follow-ups through the real bot.

Written by someone who never saw the training data or the bot's replies, and never tuned on:
this module only measures and reports (reports/frozen_eval.md). For each single message (a new
conversation each) it reads what the bot acted on from the tracker and what it said; for each
multi-turn case it checks every turn's reply against the facts it must mention and the things it
must not do ("repeat the previous answer", "start a concern form").

Numbers, for the README and the issue notes:
- top-1: the classifier's best guess (ignoring the fallback gates) is the labelled intent/topic;
- answered right / answered wrong / refused: what the professional met, for messages expected
  to be answered;
- median words of the answers given;
- follow-ups: share of turns (after the first) that are right.
"""

from __future__ import annotations

import json
import statistics
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot import project
from bot.answers.facets import SHOWN_SLOT
from bot.content import load_faq_topics
from bot.evaluation.holdout import FALLBACK, label_of

FROZEN = project.ROOT / "tests" / "frozen_eval"
NOT_ANSWERS = {FALLBACK, "non_english"}
# a suggestion button's title -> its topic's label
SUGGESTED = {topic.suggestion: f"faq/{name}" for name, topic in load_faq_topics().items()}


class Bot:
    """One Rasa server: its REST channel and, with the token, its trackers."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token

    def say(self, sender: str, text: str) -> tuple[str, List[str]]:
        """The reply's text and the titles of any buttons it offers."""
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            messages = json.loads(response.read())
        buttons = [b.get("title") or "" for m in messages for b in m.get("buttons") or []]
        return "\n\n".join(m.get("text") or "" for m in messages), buttons

    def tracker(self, sender: str) -> Dict[str, Any]:
        url = f"{self.url}/conversations/{urllib.parse.quote(sender)}/tracker?token={urllib.parse.quote(self.token)}"
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.loads(response.read())


def labels(parse: Dict[str, Any]) -> tuple[str, str]:
    """(best guess ignoring the gates, what the bot acted on) as `intent` or `faq/<topic>`."""
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    top = label_of(ranking[0]["name"], parse) if ranking else ""
    acted = (parse.get("intent") or {}).get("name") or ""
    return top, acted if acted in NOT_ANSWERS else label_of(acted, parse)


def answered_topic(tracker: Dict[str, Any]) -> Optional[str]:
    """`faq/<topic>` of the facet the bot answered with in the latest turn (actions/answer.py), if any.

    A follow-up is answered from the conversation, so what the bot answered can differ from the
    classifier's label for the message on its own."""
    answered = None
    for event in tracker.get("events") or []:
        if event.get("event") == "user":
            answered = None
        elif event.get("event") == "slot" and event.get("name") == SHOWN_SLOT and event.get("value"):
            answered = "faq/" + str(event["value"][-1]).split("/")[0]
    return answered


def acted_on(tracker: Dict[str, Any]) -> tuple[str, str]:
    """(best guess ignoring the gates, what the bot answered or acted on) for the latest message."""
    top, acted = labels(tracker.get("latest_message") or {})
    return top, answered_topic(tracker) or acted


def as_label(name: str) -> str:
    """A topic name (a file in data/nlu/faq/) as `faq/<topic>`; an intent as itself."""
    return f"faq/{name}" if (project.ROOT / "data" / "nlu" / "faq" / f"{name}.yml").exists() else name


def accepted(item: Dict[str, Any]) -> set[str]:
    """The labels a right reply may have acted on: the labelled one, its second question, any also_ok."""
    main = as_label(item["topic"]) if item.get("topic") else item.get("intent", "")
    return {main} | {as_label(name) for name in [item.get("also"), *(item.get("also_ok") or [])] if name}


@dataclass
class Message:
    item: Dict[str, Any]
    top: str
    acted: str
    reply: str
    offered: List[str] = field(default_factory=list)  # labels of the questions offered as buttons

    @property
    def expect(self) -> str:
        return self.item.get("expect", "answer")

    @property
    def right(self) -> bool:
        return self.acted in accepted(self.item)


def run_messages(bot: Bot, items: List[Dict[str, Any]]) -> List[Message]:
    results = []
    for item in items:
        sender = f"frozen-{uuid.uuid4().hex[:12]}"
        reply, buttons = bot.say(sender, item["text"])
        top, acted = acted_on(bot.tracker(sender))
        results.append(Message(item, top, acted, reply, [SUGGESTED.get(title, title) for title in buttons]))
    return results


@dataclass
class Turn:
    case: str
    index: int
    text: str
    reply: str
    label: str
    problems: List[str] = field(default_factory=list)


def check_turn(turn: Dict[str, Any], reply: str, previous: Optional[str], label: str, form_active: bool) -> List[str]:
    """What is wrong with this reply for this turn (empty: right)."""
    problems = []
    wanted = {as_label(name) for name in [turn["topic"], *(turn.get("also_ok") or [])]} if turn.get("topic") else set()
    if wanted and label not in wanted:
        problems.append(f"answered {label}, wanted {sorted(wanted)}")
    if turn.get("intent") and label != turn["intent"]:
        problems.append(f"read as {label}, wanted {turn['intent']}")
    lowered = reply.lower()
    for fact in turn.get("must_mention") or []:
        if str(fact).lower() not in lowered:
            problems.append(f"does not mention {fact!r}")
    for rule in turn.get("must_not") or []:
        rule_text = str(rule).lower()
        if "repeat the previous" in rule_text and previous is not None and reply.strip() == previous.strip():
            problems.append("repeated the previous answer")
        if ("concern form" in rule_text or "triage" in rule_text) and form_active:
            problems.append("started a concern form")
    if not reply.strip():
        problems.append("no reply")
    return problems


def run_followups(bot: Bot, cases: List[Dict[str, Any]]) -> List[Turn]:
    turns = []
    for case in cases:
        sender = f"frozen-followup-{uuid.uuid4().hex[:12]}"
        previous = None
        for index, turn in enumerate(case["turns"]):
            reply, _ = bot.say(sender, turn["text"])
            tracker = bot.tracker(sender)
            _, label = acted_on(tracker)
            form_active = ((tracker.get("active_loop") or {}).get("name")) == "concern_form"
            turns.append(Turn(case["id"], index, turn["text"], reply, label, check_turn(turn, reply, previous, label, form_active)))
            previous = reply
    return turns


def words(text: str) -> int:
    return len(text.split())


def summarise_followups(turns: List[Turn]) -> Dict[str, Any]:
    """How often the turns that lean on earlier ones were right (and the first turns, for contrast)."""
    later = [t for t in turns if t.index > 0]
    return {
        "cases": len({t.case for t in turns}),
        "followup_turns": len(later),
        "followup_right": round(sum(not t.problems for t in later) / len(later), 3) if later else 0.0,
        "first_turns_right": round(sum(not t.problems for t in turns if t.index == 0) / max(1, len(turns) - len(later)), 3),
    }


def summarise(messages: List[Message]) -> Dict[str, Any]:
    answerable = [m for m in messages if m.expect in ("answer", "referral_routes_or_999")]
    answered = [m for m in answerable if m.acted not in NOT_ANSWERS]
    faq_replies = [words(m.reply) for m in messages if m.acted.startswith("faq/")]
    tags = Counter(tag for m in messages for tag in m.item.get("tags") or [])
    by_tag = {tag: round(sum(m.right for m in messages if tag in (m.item.get("tags") or [])) / count, 3) for tag, count in tags.items()}
    return {
        "messages": len(messages),
        "top1": round(sum(m.top in accepted(m.item) for m in messages) / len(messages), 3),
        "answerable": len(answerable),
        "answered_right": round(sum(m.right for m in answered) / len(answerable), 3),
        "answered_wrong": round(sum(not m.right for m in answered) / len(answerable), 3),
        "right_after_one_click": round(sum(bool(accepted(m.item) & set(m.offered)) for m in answerable if m not in answered) / len(answerable), 3),
        "offered_only_wrong": round(sum(bool(m.offered) and not accepted(m.item) & set(m.offered) for m in answerable if m not in answered) / len(answerable), 3),
        "refused": round(sum(not m.offered for m in answerable if m not in answered) / len(answerable), 3),
        "median_answer_words": statistics.median(faq_replies) if faq_replies else 0,
        "right_by_tag": by_tag,
    }


def render(totals: Dict[str, Any]) -> str:
    lines = [
        "# Frozen evaluation (tests/frozen_eval/, never tuned on)", "",
        "| measure | value |", "|---|---|",
        *(f"| {k} | {v} |" for k, v in totals.items() if k not in ("right_by_tag", "followups")),
        "", "Right by slice: " + ", ".join(f"{k} {v}" for k, v in sorted(totals["right_by_tag"].items())), "",
        "| follow-up set | cases | follow-up turns | follow-ups right | first turns right |", "|---|---|---|---|---|",
        *(f"| {name} | {f['cases']} | {f['followup_turns']} | {f['followup_right']} | {f['first_turns_right']} |"
          for name, f in totals["followups"].items()),
        "", "Counts only: the misses are not listed, so that nobody tunes on them.",
    ]
    return "\n".join(lines) + "\n"


def run_frozen_evaluation(url: str, token: str, out_dir: Optional[Path] = None) -> Dict[str, Any]:
    """Run every frozen set through the bot at `url`; write reports/frozen_eval.md; the totals."""
    bot = Bot(url, token)
    messages = run_messages(bot, yaml.safe_load((FROZEN / "messages.yml").read_text(encoding="utf-8"))["messages"])
    totals = summarise(messages)
    totals["followups"] = {
        path.stem: summarise_followups(run_followups(bot, yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]))
        for path in sorted(FROZEN.glob("followups*.yml"))
    }
    out = out_dir or project.REPORTS
    out.mkdir(parents=True, exist_ok=True)
    (out / "frozen_eval.md").write_text(render(totals), encoding="utf-8")
    print(json.dumps(totals))
    return totals
