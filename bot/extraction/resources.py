"""The spaCy pipeline and compiled matchers, built once, lazily, thread-safely.

Why lazy: importing bot.extraction must stay cheap (the action server imports it
at start-up and tests import it everywhere), while building the matchers from the
data files takes a few hundred milliseconds. The first `extract_facts` call pays
that once; every later call only tokenises and matches (well under 5 ms).

Only `spacy.blank("en")` is used: its rule-based tokenizer needs no download. No
statistical model is loaded, so nothing here depends on model weights.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from bot.extraction import indicators, nationality, places, reporter


@dataclass(frozen=True)
class Resources:
    nlp: Language
    places: places.PlaceIndex
    nationalities: nationality.NationalityIndex
    indicators: indicators.IndicatorIndex
    reporters: reporter.ReporterIndex


_lock = threading.Lock()
_resources: Optional[Resources] = None
_failure: Optional[BaseException] = None


def make_nlp() -> Language:
    """A blank English pipeline whose tokenizer keeps "id" whole.

    spaCy splits "id"/"Id" into "i" + "d" (a special case for "I'd"); in this
    helpline "no id" means no identity documents far more often.
    """
    nlp = spacy.blank("en")
    tokenizer = cast(Tokenizer, nlp.tokenizer)  # spaCy types it as any callable
    rules = dict(tokenizer.rules or {})
    for key in ("id", "Id"):
        rules.pop(key, None)
    tokenizer.rules = rules
    return nlp


def build() -> Resources:
    """Everything the extractors need, from the package's data files (not cached)."""
    nlp = make_nlp()
    return Resources(
        nlp=nlp,
        places=places.build(nlp),
        nationalities=nationality.build(nlp),
        indicators=indicators.build(nlp),
        reporters=reporter.build(nlp),
    )


class ResourcesUnavailable(RuntimeError):
    """Building failed once (a broken data file); it is not retried on every message."""


def get() -> Resources:
    """The shared Resources, built on first use.

    A failed build is remembered: the data files do not change at run time, so
    retrying would cost a few hundred milliseconds per message for nothing.
    """
    global _resources, _failure
    if _resources is None:
        with _lock:
            if _failure is not None:
                raise ResourcesUnavailable("extraction resources failed to build") from _failure
            if _resources is None:
                try:
                    _resources = build()
                except Exception as exc:
                    _failure = exc
                    raise
    return _resources
