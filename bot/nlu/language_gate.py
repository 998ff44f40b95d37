"""Never answer a FAQ in English from a message the classifiers could not read.

The intent classifier learned English questions (plus greetings, thanks, goodbyes,
concerns, danger and requests for a person in the supported languages). A Romanian
question about the NRM lands on some English topic by accident; answering it would
be a confident wrong answer. So when a message is reliably not English and its intent
is anything but those conversation moves, this gate makes it `non_english`: the bot
replies in the person's language where it can, offers a counsellor with an
interpreter, and puts 999 first.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.language_detector import LANGUAGE_KEY
from bot.nlu.stateless import StatelessComponent

NON_ENGLISH_INTENT = "non_english"


def should_divert(
    language: Dict[Text, Any], intent: Dict[Text, Any], understood: List[Text], trained: List[Text], min_confidence: float
) -> bool:
    """A reliable non-English message whose intent we did not learn in that language."""
    if not language or not language.get("reliable") or language.get("code") == "en":
        return False
    if language.get("code") not in trained:  # no examples in this language: any intent is a guess
        return True
    return intent.get(INTENT_NAME_KEY) not in understood or intent.get(PREDICTED_CONFIDENCE_KEY, 0.0) < min_confidence


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class NonEnglishGate(StatelessComponent):
    """After the classifiers: divert reliably non-English messages to `non_english`."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "understood_in_any_language": [
                "greet", "goodbye", "thanks", "raise_concern", "request_human", "immediate_danger", "affirm", "deny", "stop",
            ],
            # languages with examples in data/nlu/languages/
            "trained_languages": ["cy", "ro", "vi", "sq", "pl", "ar", "fa", "ur", "so", "es", "fr", "pt"],
            "min_confidence": 0.5,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._understood = list(config["understood_in_any_language"])
        self._trained = list(config["trained_languages"])
        self._min_confidence = float(config["min_confidence"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            language = message.get(LANGUAGE_KEY) or {}
            if should_divert(language, intent, self._understood, self._trained, self._min_confidence):
                diverted = {INTENT_NAME_KEY: NON_ENGLISH_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, diverted, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT_RANKING_KEY, [diverted, *ranking], add_to_output=True)
        return messages
