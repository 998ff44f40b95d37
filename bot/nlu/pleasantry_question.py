"""A message that thanks, greets or says goodbye and then asks something is a question.

"cheers. and do i need to tell the parents?" reads mostly as `thanks` to the classifier, and the
thanks rule would reply "You're welcome" to a question. Professionals write like this all the
time after an answer, so such a message is handed on as `faq`: the FAQ gate after this component
then decides, on the answer ranking of the whole message, whether to answer or to look at the
conversation and suggest (actions/fallback.py). A bare "thanks" or "bye" is left alone, and yes
or no answers are not touched here: the intake reads them, and outside it a question after a yes
or no is answered by actions/handoff.py ActionYesNo.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.questions import question_after_pleasantry
from bot.nlu.stateless import StatelessComponent

PLEASANTRIES = {"greet", "thanks", "goodbye"}
RETRIEVAL_INTENT = "faq"

@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PleasantryQuestion(StatelessComponent):
    """Before the FAQ gate: a pleasantry followed by a question becomes `faq`, for the gate to judge."""

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) not in PLEASANTRIES or not question_after_pleasantry(message.get(TEXT) or ""):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            faq = next((r for r in ranking if r.get(INTENT_NAME_KEY) == RETRIEVAL_INTENT), None)
            asked = {INTENT_NAME_KEY: RETRIEVAL_INTENT, PREDICTED_CONFIDENCE_KEY: (faq or {}).get(PREDICTED_CONFIDENCE_KEY, 0.0)}
            message.set(INTENT, asked, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [asked, *[r for r in ranking if r is not faq]], add_to_output=True)
        return messages
