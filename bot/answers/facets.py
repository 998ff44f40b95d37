"""A topic's answer as facets: short, sourced fact-sets that each answer one kind of question.

Editors write them in `data/nlu/faq/<topic>.yml` as the variations of `utter_faq/<topic>`, each with
`metadata.facet` (its name), `asks` (cue words that show a question wants it), `sources` and,
optionally, `related` (other topics whose follow-ups it answers: "and in Scotland?" after an NRM
answer). The first facet is the overview and carries the topic's `suggestion` button. The same
parser serves the editors' check (bot/content.py, from the files) and the bot (actions/answer.py,
from the trained model's domain), so both read a facet the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping

RESPONSE_PREFIX = "utter_faq/"
# the slot that remembers the facets a conversation was shown, as Facet.key, oldest first (domain/core.yml)
SHOWN_SLOT = "answers_shown"


@dataclass(frozen=True)
class Facet:
    topic: str
    name: str
    text: str
    asks: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    suggestion: str = ""

    @property
    def key(self) -> str:
        """How the conversation remembers it was shown: "nrm_what_is/decisions"."""
        return f"{self.topic}/{self.name}"


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def facets_of(topic: str, variations: List[Mapping[str, Any]]) -> List[Facet]:
    """The topic's facets in the editor's order (an unnamed first facet is the overview)."""
    facets = []
    for index, variation in enumerate(variations or []):
        metadata = variation.get("metadata") or {}
        facets.append(Facet(
            topic=topic,
            name=str(metadata.get("facet") or ("overview" if index == 0 else f"facet_{index + 1}")),
            text=str(variation.get("text") or ""),
            asks=_strings(metadata.get("asks")),
            sources=_strings(metadata.get("sources")),
            related=_strings(metadata.get("related")),
            suggestion=str(metadata.get("suggestion") or ""),
        ))
    return facets


def facets_by_topic(responses: Mapping[str, Any]) -> Dict[str, List[Facet]]:
    """Every FAQ topic's facets, from a domain's (or a topic file's) `responses`."""
    return {
        key[len(RESPONSE_PREFIX):]: facets_of(key[len(RESPONSE_PREFIX):], variations)
        for key, variations in (responses or {}).items()
        if key.startswith(RESPONSE_PREFIX) and variations
    }
