"""Which facet answers this message, given what the conversation has already been about.

Pure and deterministic, so every choice can be explained and tested. Three things are weighed for
each candidate facet:
- how likely the classifier thinks its topic is (the answer ranking);
- how many of the facet's `asks` cues the message matches ("how long", "rg", "scotland", "adult"),
  and how much of the message's rarer words its text shares ("is that anonymous?" and "notified
  anonymously");
- the conversation: a short follow-up ("and in Scotland?", "who can then?", "what if they're 19?")
  is about the topic just answered, so that topic's facets and the facets `related` to it come
  forward. The facet just shown is never shown again straight away: a follow-up on the same topic
  gets the facet it asks for, or the next one not yet shown.
A message the classifier was unsure of is answered only when the conversation makes it clear: it
is such a follow-up and points at a facet, or the classifier's ranking, weighed by the
conversation (the topic just answered and its related topics are likelier), makes one topic
likely; otherwise the caller offers suggestions (actions/fallback.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot.answers.cues import SIGNALS, content_words, cues_of, matched, nation_of, same_word, words_of
from bot.answers.facets import Facet
from bot.answers.parts import question_parts

# A topic about one nation asks for that nation without saying so in each facet.
NATION_OF_TOPIC = {"scotland": "scotland", "wales": "wales", "northern_ireland": "northern ireland"}

FOLLOWUP_OPENERS = (
    "and", "but", "so", "ok", "okay", "also", "then", "what about", "how about", "what if", "if", "same",
    "even", "sorry", "wait", "does that", "does this", "does it", "is that", "is it", "is there", "do they",
    "do we", "do i", "can they", "can we", "can i", "who can", "who does", "who", "how long", "how", "why",
    "when", "where", "what", "which", "would", "should", "tell me", "more", "any",
)
PRONOUNS = {"that", "it", "this", "they", "them", "those", "these", "he", "she", "him", "her", "there", "then", "one"}
MORE = re.compile(r"^\W*(tell me more|more|go on|anything else|what else|and\W*$|more info|continue|expand|explain more|keep going)")
FOLLOWUP_MOST_WORDS = 12
QUESTION_INTENTS = {"faq", "nlu_fallback"}  # what the classifier says of a message it took for a question

# The weights were chosen on the dev follow-ups (tests/followup_eval/), never on tests/frozen_eval/.
CUE_WEIGHT = 1.0  # a full cue match is worth as much as the classifier's certainty
CONTEXT_BONUS = 0.6  # a follow-up's link to the topic just answered
SHOWN_BEFORE = 0.15  # prefer what the professional has not read yet
OTHER_NATION = 0.5  # "and in Scotland?" must not get the Welsh facet
IMPLIED_NATION = 0.25  # a nation topic's own nation, named in the message
TEXT_WEIGHT = 0.6  # the message's words found in the facet's text, weighted by how rare they are
TEXT_ENOUGH = 0.34  # an unsure follow-up sharing this much with a facet of the topic is about it
# An unsure message in a conversation: the topic just answered is 3 times as likely as any other,
# a topic related to it twice; answered when that makes one topic this likely.
SAME_TOPIC_PRIOR = 3.0
NEAR_TOPIC_PRIOR = 2.0
CONTEXT_SURE = 0.6


@dataclass(frozen=True)
class Choice:
    facet: Facet
    score: float
    because: str  # for the logs and the evaluation: "classifier", "follow-up", "more"


def is_followup(text: str) -> bool:
    """A short message that leans on what came before ("and in NI?", "how long does that take")."""
    words = re.findall(r"[a-z']+", text.lower())
    if not words or len(words) > FOLLOWUP_MOST_WORDS:
        return False
    lowered = " ".join(words)
    return (
        bool(MORE.match(text.lower()))
        or any(lowered == o or lowered.startswith(o + " ") for o in FOLLOWUP_OPENERS)
        or bool(PRONOUNS & set(words))
    )


def answer_ranking(parse: Mapping[str, Any]) -> Dict[str, float]:
    """Topic -> the classifier's confidence that this message asks it (response_selector.faq)."""
    ranking = ((parse.get("response_selector") or {}).get("faq") or {}).get("ranking") or []
    scores: Dict[str, float] = {}
    for candidate in ranking:
        key = str(candidate.get("intent_response_key") or "")
        if key.startswith("faq/"):
            scores.setdefault(key[4:], float(candidate.get("confidence") or 0.0))
    return scores


def cue_strength(facet: Facet, cues: set[str]) -> float:
    """0..1: how much of the message points at this facet (two matched cue words, or a nation or age, count fully)."""
    strength = sum(2 if ask in SIGNALS else len(words_of(ask)) for ask in matched(facet.asks, cues)) / 2
    # every facet of a nation's topic is about that nation: naming it links a follow-up ("and in
    # Scotland?") to the topic, but does not tell its facets apart
    implied = NATION_OF_TOPIC.get(facet.topic)
    if implied and matched([implied], cues):
        strength += IMPLIED_NATION
    return min(1.0, strength)


@lru_cache(maxsize=4096)
def text_words(text: str) -> frozenset[str]:
    """A facet text's content words; facets are re-read from the domain for every message, their texts repeat."""
    return frozenset(content_words(text))


@dataclass(frozen=True)
class WordRarity:
    """The message's content words, each with how rare it is across all facets and which facets hold it.

    Worked out once per message: every candidate facet's overlap is then a sum, not a new search."""

    weights: Dict[str, float]
    holders: Dict[str, frozenset[str]]  # word -> keys of the facets whose text has it

    @classmethod
    def of(cls, words: List[str], facets: Mapping[str, Sequence[Facet]]) -> WordRarity:
        facet_words = {f.key: text_words(f.text) for topic_facets in facets.values() for f in topic_facets}
        holders = {
            w: frozenset(k for k, own in facet_words.items() if any(same_word(w, other) for other in own)) for w in words
        }
        count = len(facet_words)
        return cls({w: math.log((count + 1) / (1 + len(keys))) + 1 for w, keys in holders.items()}, holders)

    def overlap(self, facet: Facet) -> float:
        """0..1: the share of the message's content words (weighted by rarity) found in the facet's text."""
        total = sum(self.weights.values())
        if not total:
            return 0.0
        return sum(weight for w, weight in self.weights.items() if facet.key in self.holders[w]) / total


def related_topics(topic: str, facets: Mapping[str, Sequence[Facet]]) -> set[str]:
    """Topics linked to this one by any facet's `related` list, either way."""
    near = {r for f in facets.get(topic, ()) for r in f.related}
    return near | {t for t, topic_facets in facets.items() if any(topic in f.related for f in topic_facets)}


def in_context(ranking: Mapping[str, float], current: str, facets: Mapping[str, Sequence[Facet]]) -> Dict[str, float]:
    """The classifier's ranking reweighted by the conversation: the topic just answered, and those
    related to it, are likelier than the rest (a prior times the classifier's likelihood, normalised)."""
    near = related_topics(current, facets)
    weighted = {
        t: c * (SAME_TOPIC_PRIOR if t == current else NEAR_TOPIC_PRIOR if t in near else 1.0) for t, c in ranking.items()
    }
    total = sum(weighted.values()) or 1.0
    return {t: w / total for t, w in weighted.items()}


def nations_named(facet: Facet) -> set[str]:
    named = {n for n in NATION_OF_TOPIC.values() if any(words_of(n) == words_of(a) for a in facet.asks)}
    return named | ({NATION_OF_TOPIC[facet.topic]} if facet.topic in NATION_OF_TOPIC else set())


def choose(
    text: str,
    parse: Mapping[str, Any],
    facets: Mapping[str, Sequence[Facet]],
    shown: Sequence[str] = (),
    sure: bool = True,
    offered: Sequence[str] = (),
) -> Optional[Choice]:
    """The facet to answer with, or None when nothing is clear enough (then: suggestions).

    `shown` is the conversation's facet keys, oldest first; `sure` is whether the classifier's
    own gate let the message through as a FAQ; `offered` the topics the bot's last reply offered
    as buttons, when the professional typed a follow-up instead of clicking ("is it cpd certified?"
    after training was offered): a facet of theirs that the follow-up points at is answered.
    """
    ranking = answer_ranking(parse)
    best_topic = max(ranking, key=ranking.__getitem__) if ranking else None
    cues = cues_of(text)
    nation = nation_of(text)
    current = shown[-1].split("/")[0] if shown else None
    followup = current is not None and current in facets and is_followup(text)
    more = followup and bool(MORE.match(text.lower()))
    after_offer = bool(offered) and is_followup(text)
    words = content_words(text)
    faq_like = ((parse.get("intent") or {}).get("name") or "faq") in QUESTION_INTENTS
    rarity = WordRarity.of(words, facets)
    context = in_context(ranking, current, facets) if current is not None and current in facets and not sure else {}

    candidates: List[tuple[float, int, Facet, str]] = []
    for topic, topic_facets in facets.items():
        for index, facet in enumerate(topic_facets):
            cue = cue_strength(facet, cues)
            # "tell me more" stays on the topic; a related topic's facet must be pointed at ("and in Scotland?")
            linked = followup and (topic == current or (not more and current in facet.related and cue > 0))
            linked = linked or (after_offer and topic in offered and cue > 0)  # weaker than an answer: pointed at
            likely_topic = context.get(topic, 0.0) >= CONTEXT_SURE
            if not linked and not likely_topic and not (sure and topic == best_topic):
                continue
            overlap = rarity.overlap(facet)
            # likely in this conversation, and the message leans on it or shares something with it
            likely = likely_topic and (followup or cue > 0 or overlap > 0)
            bonus = CONTEXT_BONUS if linked else CONTEXT_BONUS * context.get(topic, 0.0)
            score = ranking.get(topic, 0.0) + CUE_WEIGHT * cue + TEXT_WEIGHT * overlap + bonus
            if shown and facet.key == shown[-1]:
                continue  # never the same text twice in a row
            if facet.key in shown:
                score -= SHOWN_BEFORE
            if nation and (named := nations_named(facet)) and nation not in named:
                score -= OTHER_NATION
            # the message points at this facet, the classifier's own best guess (for a message it
            # took for a question at all) is this topic, or the conversation makes the topic likely
            pointed = cue > 0 or bool(nation) or overlap >= TEXT_ENOUGH or (faq_like and topic == best_topic) or likely
            because = "more" if more and topic == current else "follow-up" if (linked or likely) and pointed else "classifier"
            # editor's order breaks ties: the overview before the details
            candidates.append((score, -index, facet, because))
    if not candidates:
        return None
    score, _, facet, because = max(candidates, key=lambda c: (c[0], c[1]))
    if sure or because in ("follow-up", "more"):
        return Choice(facet, round(score, 3), because)
    return None


def second_facet(text: str, chosen: Facet, facets: Mapping[str, Sequence[Facet]]) -> Optional[Facet]:
    """Another facet of the chosen topic that a second question in the message points at, if any.

    "who makes it and what's the test these days?" after a reasonable-grounds answer: the chosen
    facet answers one half (the half its cues match best, else the first), and the other half's cues
    pick its own facet. Only within the topic: a half about another topic is not guessed at."""
    parts = question_parts(text)
    if len(parts) < 2:
        return None
    answered = max(parts, key=lambda part: cue_strength(chosen, cues_of(part)))
    best: Optional[tuple[float, Facet]] = None
    for part in parts:
        if part is answered:
            continue
        cues = cues_of(part)
        for facet in facets.get(chosen.topic, ()):
            if facet.key == chosen.key:
                continue  # (the facet just shown may come second: asked again, beside something new)
            strength = cue_strength(facet, cues) - cue_strength(chosen, cues)
            if strength > 0 and (best is None or strength > best[0]):
                best = (strength, facet)
    return best[1] if best else None
