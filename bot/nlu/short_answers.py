"""A message that is only "yes" or "no" (in any supported language) is `affirm` or `deny`, for sure.

Why a rule and not the classifier alone: a lone "po" (Albanian yes) or "jo" (no) was read as a
concern and opened a case with an invented narrative. Short answers are a closed list
(bot/language/polarity.py), so they are decided by the list, last in the pipeline, after every
gate; the classifier's ranking is kept behind.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.polarity import short_answer
from bot.nlu.stateless import StatelessComponent

AFFIRM, DENY = "affirm", "deny"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ShortAnswerClassifier(StatelessComponent):
    """Sets `affirm` / `deny` with confidence 1.0 for a message that is only a yes or a no."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            polarity = short_answer(message.get(TEXT) or "")
            if polarity is None:
                continue
            decided = {INTENT_NAME_KEY: AFFIRM if polarity else DENY, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != decided[INTENT_NAME_KEY]]
            message.set(INTENT, decided, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [decided, *ranking], add_to_output=True)
        return messages
