"""Refuse to answer an FAQ when the response selector is not sure which answer fits.

`FallbackClassifier` only sees the intent confidence. An off-topic question can be
`faq` at 0.99 while the best FAQ answer scores 0.1, and a confident wrong answer is
worse than "let me put you through to a counsellor". This gate turns such messages
into `nlu_fallback` (as FallbackClassifier does) when the chosen answer's confidence
is low, or too close to the runner-up. The response selector's ranking stays in the
parse data so `/model/parse` still shows which `faq/<topic>` came closest.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent

RESPONSE_SELECTOR_KEY = "response_selector"
GATE_KEY = "faq_gate"


def answer_scores(parse: Dict[Text, Any], retrieval_intent: Text) -> Optional[tuple[float, float]]:
    """The best and second-best answer confidences for the retrieval intent, if ranked."""
    selector = (parse.get(RESPONSE_SELECTOR_KEY) or {}).get(retrieval_intent) or {}
    ranking = selector.get("ranking") or []
    if not ranking:
        return None
    best = float(ranking[0].get("confidence", 0.0))
    runner_up = float(ranking[1].get("confidence", 0.0)) if len(ranking) > 1 else 0.0
    return best, runner_up


def should_answer(best: float, runner_up: float, threshold: float, margin: float) -> bool:
    """Answer only when the best answer is confident and clearly ahead of the next."""
    return best >= threshold and (best - runner_up) >= margin


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FaqConfidenceGate(StatelessComponent):
    """After ResponseSelector and FallbackClassifier: demote unsure FAQ answers to fallback."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "threshold": 0.5, "margin": 0.1}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._retrieval_intent = config["retrieval_intent"]
        self._threshold = float(config["threshold"])
        self._margin = float(config["margin"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) != self._retrieval_intent:
                continue
            scores = answer_scores(message.data, self._retrieval_intent)
            if scores is None:
                continue
            best, runner_up = scores
            answered = should_answer(best, runner_up, self._threshold, self._margin)
            message.set(
                GATE_KEY, {"answered": answered, "confidence": best, "margin": best - runner_up}, add_to_output=True
            )
            if not answered:
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: self._threshold}
                message.set(INTENT, fallback, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
