"""Which questions to offer when the bot is not sure enough to answer (Rasa's two-stage fallback idea).

A message the answer gate refuses is often still near a topic: the right one was the best guess
(at 0.25-0.68) in most of the fallbacks strangers met. Instead of "could you put that another
way?", the bot offers the likeliest topics as buttons, each the topic's own suggested question
(`suggestion` in its answer's metadata, data/nlu/faq/<topic>.yml), so one click gets the answer.
Used by the fallback action and by the evaluation that chose the numbers below
(`make eval`, reports/nlu_holdout.md, "Suggestions").
"""

from __future__ import annotations

from typing import Any, Dict, List

# A topic is offered when the answer ranking gives it at least this much. Chosen on the held-out and
# blind splits (make eval, 2026-12-02): at 0.2, 9.4 % / 2.5 % of all messages are right after one
# click, 4.8 % / 2.9 % are answered wrongly or offered only wrong topics, 0.6 % / 0.8 % refused;
# 0.1 offers wrong topics more often for little gain, 0.3 refuses twice as many.
SUGGEST_MIN = 0.2
MOST = 3  # buttons a professional can take in at a glance


def likeliest_topics(parse: Dict[str, Any], minimum: float = SUGGEST_MIN, most: int = MOST) -> List[str]:
    """The FAQ labels ("faq/<topic>") worth offering for this parse, likeliest first; [] if none is plausible."""
    ranking = ((parse.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    labels = []
    for candidate in ranking:
        key = candidate.get("intent_response_key")
        if key and candidate.get("confidence", 0.0) >= minimum and key not in labels:
            labels.append(key)
    return labels[:most]
