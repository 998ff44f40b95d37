"""Trafficking indicators, exploitation types, immediate risk and missing.

Why phrase fragments: a counsellor reading "an older man holds her passport"
knows far more than one reading "passport". Each match is widened to its clause
(see `Message.fragment`), so the reported text is the professional's own words.

Rules applied to every match, because the same words often mean the opposite:

* negated in its clause ("no injuries", "not frightened"): dropped;
* said of the writer ("I'm scared for her", "I don't know her address",
  "I work at a nail bar"): dropped;
* inside a generic question ("what are the signs of county lines?"): dropped;
* one entry per (category, fragment): "an older man holds her passport" is one
  situational indicator even though two patterns match it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from spacy.language import Language
from spacy.tokens import Span
from spacy.util import filter_spans

from bot.extraction.data_files import load
from bot.extraction.patterns import AnchoredMatcher, compile_pattern
from bot.extraction.text import Message
from bot.storage.contract import INDICATOR_CATEGORIES

FILE = "indicators.yml"
CATEGORIES = INDICATOR_CATEGORIES  # the contract's, in its order (the order findings are sorted in)
EXPLOITATION_TOPICS = (
    "criminal_exploitation_county_lines",
    "sexual_exploitation",
    "labour_exploitation",
    "domestic_servitude",
)
FIRST_PERSON = {"i", "we", "'m", "am", "im", "me", "us", "myself", "ourselves"}


@dataclass(frozen=True)
class IndicatorSpec:
    id: str
    category: str
    label: str
    exploitation: Optional[str]
    not_followed_by: FrozenSet[str] = frozenset()
    not_containing: FrozenSet[str] = frozenset()


@dataclass
class IndicatorIndex:
    matcher: AnchoredMatcher
    specs: Dict[str, IndicatorSpec]
    flags: AnchoredMatcher  # RISK, SAFE, MISSING, MISSING_IF_ALONE, NOT_MISSING
    missing_not_followed_by: FrozenSet[str] = field(default_factory=frozenset)


def build(nlp: Language) -> IndicatorIndex:
    """Compile every indicator and flag pattern in indicators.yml into two Matchers."""
    data = load(FILE)
    matcher = AnchoredMatcher(nlp)
    specs: Dict[str, IndicatorSpec] = {}
    for entry in data["indicators"]:
        category = entry["category"]
        if category not in CATEGORIES:
            raise ValueError(f"{entry['id']}: unknown category {category!r}")
        topic = entry.get("exploitation")
        if topic is not None and topic not in EXPLOITATION_TOPICS:
            raise ValueError(f"{entry['id']}: unknown exploitation topic {topic!r}")
        spec = IndicatorSpec(
            id=entry["id"],
            category=category,
            label=entry.get("label", entry["id"]),
            exploitation=topic,
            not_followed_by=frozenset(str(w).lower() for w in entry.get("not_followed_by", [])),
            not_containing=frozenset(str(w).lower() for w in entry.get("not_containing", [])),
        )
        specs[spec.id] = spec
        matcher.add(spec.id, [compile_pattern(str(p), nlp) for p in entry["patterns"]])
    flags = AnchoredMatcher(nlp)
    risk, missing = data["immediate_risk"], data["missing"]
    flags.add("RISK", [compile_pattern(str(p), nlp) for p in risk["risk"]])
    flags.add("SAFE", [compile_pattern(str(p), nlp) for p in risk["safe"]])
    flags.add("MISSING", [compile_pattern(str(p), nlp) for p in missing["missing"]])
    flags.add("MISSING_IF_ALONE", [compile_pattern(str(p), nlp) for p in missing["missing_if_alone"]])
    flags.add("NOT_MISSING", [compile_pattern(str(p), nlp) for p in missing["not_missing"]])
    return IndicatorIndex(
        matcher=matcher,
        specs=specs,
        flags=flags,
        missing_not_followed_by=frozenset(str(w).lower() for w in missing.get("not_followed_by", [])),
    )


WRITER_BRIDGE = {
    "'m", "m", "am", "was", "were", "'ve", "ve", "have", "has", "had", "'d", "do", "does", "did", "n't", "nt",
    "not", "feel", "felt", "feeling", "get", "got", "getting", "really", "so", "very", "quite", "a", "bit",
    "little", "also", "just", "always", "never", "been", "being", "too", "still", "now", "honestly",
    "genuinely", "extremely", "become", "became", "work", "works", "worked", "working", "at", "in", "for",
    "the", "an", "volunteer", "myself", "personally", "actually",
}


def _about_the_writer(msg: Message, start: int) -> bool:
    """'I'm scared', 'I don't know her address', 'I work at a nail bar'.

    The writer is the subject only when nothing but auxiliaries, adverbs and
    "work at a" stands between "I"/"we" and the match: "the girl I teach is
    frightened" and "the young person I work with has disappeared" are about
    the child.
    """
    i, seen = start - 1, 0
    while i >= 0 and seen < 6 and not msg.is_boundary(i):
        word = msg.doc[i].lower_
        if word in FIRST_PERSON:
            return True
        if word not in WRITER_BRIDGE:
            return False
        i -= 1
        seen += 1
    return False


def _followed_by(msg: Message, end: int, words: FrozenSet[str]) -> bool:
    return bool(words) and end < len(msg.doc) and msg.doc[end].lower_ in words


def _usable(msg: Message, span: Span, writer_check: bool = True) -> bool:
    if msg.is_ignored(span.start_char) or msg.negated(span.start):
        return False
    return not (writer_check and _about_the_writer(msg, span.start))


def _matches(matcher: AnchoredMatcher, msg: Message) -> Dict[str, List[Span]]:
    """Per label, the longest non-overlapping matches."""
    by_label: Dict[str, List[Span]] = {}
    for match_id, start, end in matcher(msg.doc):
        label = msg.doc.vocab.strings[match_id]
        by_label.setdefault(label, []).append(msg.doc[start:end])
    return {label: filter_spans(spans) for label, spans in by_label.items()}


def extract(msg: Message, index: IndicatorIndex) -> Dict[str, object]:
    """indicators, exploitation_types, immediate_risk and missing."""
    # One entry per (category, clause): matches of one category in one clause are
    # reported together as the clause fragment that covers them all.
    groups: Dict[Tuple[str, int, int], List[int]] = {}
    topics: List[Tuple[int, str]] = []
    for label, spans in _matches(index.matcher, msg).items():
        spec = index.specs[label]
        for span in spans:
            if not _usable(msg, span) or _followed_by(msg, span.end, spec.not_followed_by):
                continue
            if spec.not_containing and any(t.lower_ in spec.not_containing for t in span):
                continue
            left, right = msg.clause(span.start, span.end)
            group = groups.setdefault((spec.category, left, right), [span.start, span.end])
            group[0], group[1] = min(group[0], span.start), max(group[1], span.end)
            if spec.exploitation:
                topics.append((span.start, spec.exploitation))
    found: List[Tuple[int, str, str]] = []
    seen: set = set()
    for (category, _, _), (start, end) in groups.items():
        fragment = msg.fragment(start, end)
        if fragment and (category, fragment.lower()) not in seen:
            seen.add((category, fragment.lower()))
            found.append((start, category, fragment))
    found.sort(key=lambda f: (f[0], CATEGORIES.index(f[1])))
    exploitation_types: List[str] = []
    for _, topic in sorted(topics):
        if topic not in exploitation_types:
            exploitation_types.append(topic)

    flags = _matches(index.flags, msg)
    risk = _flag(msg, [s for s in flags.get("RISK", []) if not _habitual(msg, s)], flags.get("SAFE", []))
    missing = _flag(
        msg,
        flags.get("MISSING", [])
        + [s for s in flags.get("MISSING_IF_ALONE", []) if not _followed_by(msg, s.end, index.missing_not_followed_by)],
        flags.get("NOT_MISSING", []),
        writer_check=False,  # "the young person I work with has gone missing"
    )
    return {
        "indicators": [{"category": c, "text": t} for _, c, t in found],
        "exploitation_types": exploitation_types,
        "immediate_risk": risk,
        "missing": missing,
    }


HABITUAL = {"always", "every", "usually", "often", "sometimes", "regularly", "each", "normally", "most", "generally"}


def _habitual(msg: Message, span: Span) -> bool:
    """'there's always a man waiting outside': a pattern of concern, not a danger now."""
    left, right = msg.clause(span.start, span.end)
    return any(t.lower_ in HABITUAL for t in msg.doc[left:right])


def _flag(msg: Message, yes: Sequence[Span], no: Sequence[Span], writer_check: bool = True) -> Optional[bool]:
    """True if a usable 'yes' phrase, else False if a 'no' phrase, else None (not stated)."""
    no_spans = [s for s in no if not msg.is_ignored(s.start_char)]
    for span in yes:
        if any(n.start <= span.start < n.end or span.start <= n.start < span.end for n in no_spans):
            continue  # the "missing" of "not missing"
        if _usable(msg, span, writer_check=writer_check):
            return True
    if no_spans:
        return False
    return None
