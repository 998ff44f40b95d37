"""The dev follow-up evaluation (tests/followup_eval/dev*.yml): multi-turn conversations we tune on.

The same runner and checks as the frozen follow-ups (bot/evaluation/frozen.py), but this set is
ours to learn from, so the report lists every turn that went wrong with what the bot said. The
frozen set stays the honest number.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from bot import project
from bot.evaluation.frozen import Bot, Turn, run_followups, words


def summarise(turns: List[Turn]) -> Dict[str, Any]:
    later = [t for t in turns if t.index > 0]
    answers = [words(t.reply) for t in turns if t.label.startswith("faq/")]
    cases = {t.case for t in turns}
    return {
        "cases": len(cases),
        "turns": len(turns),
        "cases_all_right": round(sum(all(not t.problems for t in turns if t.case == c) for c in cases) / len(cases), 3),
        "turns_right": round(sum(not t.problems for t in turns) / len(turns), 3),
        "followup_turns_right": round(sum(not t.problems for t in later) / len(later), 3) if later else 0.0,
        "median_answer_words": statistics.median(answers) if answers else 0,
    }


def render(name: str, totals: Dict[str, Any], turns: List[Turn]) -> str:
    lines = [f"# Follow-up evaluation, dev set (tests/followup_eval/{name}.yml)", "", "| measure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in totals.items()]
    lines += ["", "## Turns that went wrong", ""]
    for turn in turns:
        if turn.problems:
            reply = " ".join(turn.reply.split())[:300]
            lines.append(f"- `{turn.case}` #{turn.index} \"{turn.text}\" -> {turn.label}: {'; '.join(turn.problems)}\n  > {reply}")
    return "\n".join(lines) + "\n"


def run_followup_evaluation(url: str, token: str, out_dir: Optional[Path] = None) -> Dict[str, Dict[str, Any]]:
    """Run each dev follow-up set through the bot at `url`; write reports/followups_<set>.md; the totals per set."""
    out = out_dir or project.REPORTS
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for path in sorted(project.FOLLOWUPS.glob("dev*.yml")):
        turns = run_followups(Bot(url, token), yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
        totals = summarise(turns)
        (out / f"followups_{path.stem}.md").write_text(render(path.stem, totals, turns), encoding="utf-8")
        print(f"followups ({path.stem}): " + json.dumps(totals))
        results[path.stem] = totals
    return results
