"""A bounded soak: the whole bot at a steady rate for a while, memory sampled every 10 s.

    .venv/bin/python bench/soak.py                 # 10 minutes at 4 messages a second
    .venv/bin/python bench/soak.py --minutes 2     # a quick look

Starts a throwaway stack (bot/stack.py, the same processes `make run` starts, on free ports
with their own databases), then sends a steady mix of what professionals send — FAQ questions,
greetings, whole concern conversations that end in a handoff, messages after a handoff,
nonsense — from many conversations at once through the REST channel. Every 10 s it samples
the resident memory of each process (with its children, from /proc).

Passes when there were 0 errors (any non-200 answer, any empty reply to a message that should
get one, any process that died) and each process grew < 10 % from the first minute's end to
the last sample. Writes reports/soak.json and prints a table for bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import model_cache, project  # noqa: E402
from bot.stack import Stack  # noqa: E402

SAMPLE_EVERY = 10.0
GROWTH_LIMIT = 0.10
FAQ = [
    "what is the national referral mechanism", "what are the signs of county lines", "who can make an nrm referral",
    "do I need consent to refer a child to the NRM", "what is child criminal exploitation", "how do i report child trafficking",
]
CONCERN = [
    "I'm a teacher and I'm worried about a 14 year old boy who has new trainers and lots of cash",
    "he is 14", "he lives in Leeds", "he goes missing for days", "no I don't think he is in danger right now",
    "you can email me at teacher@example.org", "stop",
]
OTHER = ["hello", "thanks", "asdfgh qwerty", "ok", "what's the weather like"]


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children, in kB (0 if it is gone)."""
    total = 0
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo.extend(children.get(current, []))
    return total


class Traffic:
    """Conversations at a steady rate; counts what went wrong."""

    def __init__(self, url: str, rate: float, seed: int = 1) -> None:
        self.url, self.interval = url, 1.0 / rate
        self.random = random.Random(seed)
        self.sent = self.errors = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def script(self) -> list[tuple[str, bool]]:
        """One visitor's messages and whether each must get a reply."""
        kind = self.random.random()
        if kind < 0.3:  # a concern, a question while waiting, and goodbye
            return [(m, True) for m in CONCERN] + [(self.random.choice(FAQ), True), ("thanks, bye", True)]
        if kind < 0.8:
            return [(q, True) for q in self.random.sample(FAQ, 3)]
        return [(self.random.choice(OTHER), True) for _ in range(2)]

    def say(self, sender: str, text: str, needs_reply: bool) -> None:
        body = json.dumps({"sender": sender, "message": text}).encode()
        request = urllib.request.Request(f"{self.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                replies = json.loads(response.read())
            problem = "no reply" if needs_reply and not any((r.get("text") or "").strip() for r in replies) else None
        except (urllib.error.URLError, OSError, ValueError) as error:
            problem = f"{type(error).__name__}: {error}"
        with self.lock:
            self.sent += 1
            if problem:
                self.errors += 1
                if len(self.problems) < 20:
                    self.problems.append(f"{text!r}: {problem}")

    def visitor(self, stop_at: float) -> None:
        while time.monotonic() < stop_at:
            sender = f"soak-{uuid.uuid4().hex}"
            for text, needs_reply in self.script():
                if time.monotonic() >= stop_at:
                    return
                self.say(sender, text, needs_reply)
                time.sleep(self.random.uniform(0.5, 1.5) * self.interval * VISITORS)


VISITORS = 8  # conversations at once; each waits for its reply, as a person does


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=4.0, help="messages per second in all")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="soak-") as workdir:
        stack = Stack.throwaway(model_cache.ensure_model(), Path(workdir))
        stack.start_and_wait()
        try:
            return soak(stack, args.minutes * 60, args.rate)
        finally:
            stack.stop()


def soak(stack: Stack, seconds: float, rate: float) -> int:
    traffic = Traffic(stack.url, rate)
    started = time.monotonic()
    stop_at = started + seconds
    threads = [threading.Thread(target=traffic.visitor, args=(stop_at,), daemon=True) for _ in range(VISITORS)]
    for thread in threads:
        thread.start()
    samples: list[dict[str, Any]] = []
    while time.monotonic() < stop_at:
        pids = {name: s.process.pid for name, s in stack.services.items() if s.process}
        samples.append({"t": round(time.monotonic() - started), "sent": traffic.sent,
                        "rss_kb": {name: rss_kb(pid) for name, pid in pids.items()}})
        time.sleep(SAMPLE_EVERY)
    for thread in threads:
        thread.join(timeout=90)
    died = [name for name, s in stack.services.items() if not s.alive()]
    restarts = [name for name, s in stack.services.items() if s.quick_deaths]

    baseline = next((s for s in samples if s["t"] >= 60), samples[0])
    last = samples[-1]
    growth = {name: (last["rss_kb"][name] - kb) / kb for name, kb in baseline["rss_kb"].items() if kb}
    result = {
        "seconds": round(time.monotonic() - started), "messages": traffic.sent, "errors": traffic.errors,
        "rate_per_second": round(traffic.sent / seconds, 2), "problems": traffic.problems, "died": died, "restarted": restarts,
        "baseline_at_s": baseline["t"], "rss_mb_baseline": {n: round(kb / 1024) for n, kb in baseline["rss_kb"].items()},
        "rss_mb_last": {n: round(kb / 1024) for n, kb in last["rss_kb"].items()},
        "growth": {n: round(g, 4) for n, g in growth.items()}, "samples": samples,
    }
    project.REPORTS.mkdir(parents=True, exist_ok=True)
    (project.REPORTS / "soak.json").write_text(json.dumps(result, indent=2))
    print(f"{traffic.sent} messages in {result['seconds']} s, {traffic.errors} errors, died: {died or 'none'}")
    print("| process | RSS at 1 min (MB) | RSS at end (MB) | growth |\n|---|---|---|---|")
    for name in growth:
        print(f"| {name} | {result['rss_mb_baseline'][name]} | {result['rss_mb_last'][name]} | {growth[name]:+.1%} |")
    for problem in traffic.problems:
        print("  ", problem)
    ok = traffic.errors == 0 and not died and all(g < GROWTH_LIMIT for g in growth.values())
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
