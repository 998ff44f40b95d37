"""Rasa NLU component: the language of every message, in the parse data and the tracker.

Adds `"language": {"code": "ro", "confidence": 0.97, "reliable": true}` to each parse
(visible in `/model/parse` and stored with the user event). Only a *reliable*
detection also becomes a `language` entity, which fills the `language` slot; so the
conversation keeps its language through "ok", a name or a place (see
`bot.language.detection` for what counts as reliable).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language.detection import Detection, detect
from bot.nlu.stateless import StatelessComponent

LANGUAGE_KEY = "language"
LANGUAGE_ENTITY = "language"


def language_entity(detection: Detection, text: Text) -> Dict[Text, Any]:
    return {
        "entity": LANGUAGE_ENTITY,
        "value": detection.code,
        "start": 0,
        "end": len(text),
        "confidence_entity": round(detection.confidence, 3),
        "extractor": "LanguageDetector",
    }


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LanguageDetector(StatelessComponent):
    """Deterministic per-message language detection (script check + English evidence + seeded langdetect)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples carry their intent; nothing to detect

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            detection = detect(text)
            message.set(LANGUAGE_KEY, detection.as_dict(), add_to_output=True)
            if detection.reliable:
                entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != LANGUAGE_ENTITY]
                message.set(ENTITIES, [*entities, language_entity(detection, text)], add_to_output=True)
        return messages
