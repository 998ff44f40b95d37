"""Per-message cost of language detection, and its share of a full NLU parse.

    .venv/bin/python bench/language_detector.py     # writes reports/bench_language.md

Runs every message of the language evaluation set through `bot.language.detection.detect`
(the component's whole work) and through the trained model's full parse, in the same
process, and reports medians and the ratio.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
from typing import List

from bot import model_cache, project
from bot.evaluation.language import english_helpline_messages, load_messages
from bot.language.detection import detect


def detect_microseconds(texts: List[str], rounds: int = 5) -> List[float]:
    detect(texts[0])  # load langdetect's profiles once, as the server does at start
    timings = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            detect(text)
            timings.append((time.perf_counter() - started) * 1e6)
    return timings


async def parse_milliseconds(texts: List[str]) -> List[float]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model_cache.ensure_model()))
    await agent.parse_message(texts[0])
    timings = []
    for text in texts:
        started = time.perf_counter()
        await agent.parse_message(text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    texts = [r.text for r in load_messages(project.LANGUAGE_EVAL)]  # mostly not English: the slow path
    english = english_helpline_messages()  # what the helpline mostly receives
    detect_us, english_us = detect_microseconds(texts), detect_microseconds(english)
    parse_ms = asyncio.run(parse_milliseconds(texts))
    detect_median, parse_median = statistics.median(detect_us), statistics.median(parse_ms)
    p95 = statistics.quantiles(detect_us, n=20)[-1]
    lines = [
        "# Language detection: cost per message", "",
        f"- language evaluation set ({len(texts)} messages, 80 % not English, which needs langdetect): "
        f"median {detect_median:.0f} µs, p95 {p95:.0f} µs",
        f"- English helpline messages ({len(english)}, NLU held-out and blind splits; decided by word votes): "
        f"median {statistics.median(english_us):.0f} µs",
        f"- full NLU parse of the evaluation set (in-process, trained model, detection included): median {parse_median:.2f} ms",
        f"- detection's share of a parse: {detect_median / 1000 / parse_median:.0%} (not-English messages)",
    ]
    project.REPORTS.mkdir(exist_ok=True)
    (project.REPORTS / "bench_language.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
