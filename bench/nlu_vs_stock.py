"""Train our NLU pipeline and the stock DIET + ResponseSelector pipeline on the same data
and compare them in one run: training time, peak memory, parse latency, accuracy.

Why: config.yml replaces DIETClassifier + ResponseSelector with one linear classifier.
This script is the evidence, re-measurable on any machine (ratios, not absolute times).

    .venv/bin/python bench/nlu_vs_stock.py      # ~10 minutes on 2 cores; writes reports/bench_nlu.md
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict

from bot import project
from bot.evaluation.holdout import build_report, load_holdout, to_prediction

STOCK_CONFIG = project.ROOT / "bench" / "stock_nlu.yml"
MAX_RSS_OF_CHILD = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def train_nlu(config: Path, out: Path) -> Dict[str, Any]:
    """Train an NLU-only model in a child process; wall time and the child's peak RSS."""
    command = [
        sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", str(project.ROOT / "data" / "nlu"),
        "--domain", str(project.ROOT / "domain"), "--out", str(out), "--fixed-model-name", config.stem,
    ]
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MAX_RSS_OF_CHILD, *command],
        env=project.rasa_environment(), capture_output=True, text=True, check=True,
    )
    return {
        "model": out / f"{config.stem}.tar.gz",
        "train_seconds": time.perf_counter() - started,
        "train_peak_mb": int(done.stdout.strip().splitlines()[-1]) / 1024,
    }


async def evaluate(model: Path) -> Dict[str, Any]:
    """Parse latency (median ms) and accuracy on the held-out and blind splits."""
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no debug line per message
    agent = Agent.load(str(model))
    result: Dict[str, Any] = {}
    latencies = []
    for name, directory in (("holdout", project.HOLDOUT), ("blind", project.BLIND)):
        predictions = []
        for text, expected in load_holdout(directory):
            started = time.perf_counter()
            parse = await agent.parse_message(text)
            latencies.append((time.perf_counter() - started) * 1000)
            predictions.append(to_prediction(text, expected, parse))
        report = build_report(predictions)
        safe = [r for r in report["sweep"] if r["answered_accuracy"] >= 0.97]
        result[name] = {
            "top1": report["top1_accuracy"],
            "coverage_at_97": max((r["coverage"] for r in safe), default=0.0),
        }
    result["parse_ms"] = statistics.median(latencies)
    return result


def main() -> int:
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, config in (("ours (config.yml)", project.ROOT / "config.yml"), ("stock DIET + ResponseSelector", STOCK_CONFIG)):
            print(f"training {label} ...", flush=True)
            trained = train_nlu(config, Path(tmp))
            rows[label] = {**trained, **asyncio.run(evaluate(trained["model"]))}
    ours, stock = rows.values()
    lines = [
        "# NLU: ours vs stock Rasa (same data, same machine, same run)", "",
        "| pipeline | train s | train peak MB | parse ms (median) | holdout top-1 | holdout answered at ≥97 % acc | blind top-1 | blind answered at ≥97 % acc |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, r in rows.items():
        lines.append(
            f"| {label} | {r['train_seconds']:.0f} | {r['train_peak_mb']:.0f} | {r['parse_ms']:.1f} | {r['holdout']['top1']:.1%} "
            f"| {r['holdout']['coverage_at_97']:.1%} | {r['blind']['top1']:.1%} | {r['blind']['coverage_at_97']:.1%} |"
        )
    lines += [
        "",
        f"Ratios (ours / stock): training time {ours['train_seconds'] / stock['train_seconds']:.2f}, "
        f"peak memory {ours['train_peak_mb'] / stock['train_peak_mb']:.2f}, parse latency {ours['parse_ms'] / stock['parse_ms']:.2f}.",
        "",
        "\"answered at ≥97 % acc\": the largest share of messages the bot could answer, over the threshold sweep, "
        "while keeping ≥97 % of those answers right.",
    ]
    project.REPORTS.mkdir(exist_ok=True)
    (project.REPORTS / "bench_nlu.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
