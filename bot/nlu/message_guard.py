"""Make any text safe for the NLU pipeline before it is tokenized.

Professionals paste whole e-mails, HTML from case systems, or just an emoji. The
classifiers should see the words, at a bounded length, so a 20 kB paste costs the
same as a paragraph and markup never decides an intent. The tracker still keeps
what the person actually typed; only the text the classifiers read changes.
"""

from __future__ import annotations

import html
import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.stateless import StatelessComponent

_TAG = re.compile(r"<[^>]{0,500}>")
_SPACE = re.compile(r"\s+")


def clean_text(text: Text, max_chars: int) -> Text:
    """Strip markup, decode entities, fold white space and keep the first `max_chars`."""
    without_tags = _TAG.sub(" ", text)
    decoded = html.unescape(without_tags)
    folded = _SPACE.sub(" ", decoded).strip()
    if len(folded) <= max_chars:
        return folded
    cut = folded[:max_chars]
    # end on a word boundary so the last token is not a fragment
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MessageGuard(StatelessComponent):
    """First in the pipeline: cleans and bounds the text every later component reads."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"max_chars": 600}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    def _clean(self, message: Message) -> None:
        text: Optional[Text] = message.get(TEXT)
        if text:
            message.set(TEXT, clean_text(text, self._max_chars))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            self._clean(message)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._clean(message)
        return messages
