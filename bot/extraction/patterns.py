"""A tiny pattern language compiled into spaCy Matcher token patterns.

Why: the indicator, risk, role and action vocabularies are long lists that content
people should be able to read and extend in YAML. spaCy's token-pattern dicts are
too verbose for that, and the blank English pipeline has no lemmatizer, so
inflections must be listed or matched by prefix. One line of this language is one
Matcher pattern:

    hold|holds|held|keep* her|his|their? passport*|documents|papers

Tokens are separated by spaces and matched on the lower-cased token text:

* ``word``        exactly that token
* ``a|b|c``       any of the alternatives
* ``pre*``        an alternative ending in ``*`` matches any token starting with
                  ``pre`` (``bruis*`` = bruise, bruises, bruised, bruising)
* ``x?``          a trailing ``?`` makes the token optional
* ``...``         up to three words in between (never punctuation)
* ``children's``  a plain word spaCy would split is expanded into its tokens
                  ("children", "'s"); alternatives must be single tokens
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

GAP = "..."
GAP_WORDS = 3


class PatternError(ValueError):
    """A pattern line that cannot be compiled (raised when data files are loaded)."""


def compile_pattern(line: str, nlp: Language) -> List[Dict[str, object]]:
    """One DSL line to one spaCy Matcher pattern (a list of token dicts)."""
    tokens: List[Dict[str, object]] = []
    for raw in line.split():
        if raw == GAP:
            tokens.extend({"IS_PUNCT": False, "IS_SPACE": False, "OP": "?"} for _ in range(GAP_WORDS))
            continue
        optional = raw.endswith("?") and len(raw) > 1
        body = raw[:-1] if optional else raw
        alternatives = [a for a in body.lower().split("|") if a]
        if not alternatives:
            raise PatternError(f"empty token in {line!r}")
        if len(alternatives) == 1 and not alternatives[0].endswith("*"):
            parts = [t.lower_ for t in nlp.make_doc(alternatives[0])]
            if len(parts) > 1:
                if optional:
                    raise PatternError(f"optional multi-token word {raw!r} in {line!r}")
                tokens.extend({"LOWER": p} for p in parts)
                continue
        spec: Dict[str, object]
        for alt in alternatives:
            word = alt.rstrip("*")
            if not word:
                raise PatternError(f"empty alternative in {line!r}")
            if word.startswith("'") or word == "n't":
                continue  # contraction suffixes ("'ve", "'s") are single tokens after a word
            if len(nlp.make_doc(word)) != 1:
                raise PatternError(f"alternative {alt!r} is not one token in {line!r}")
        if any(a.endswith("*") for a in alternatives):
            regex = "|".join(re.escape(a[:-1]) + ".*" if a.endswith("*") else re.escape(a) for a in alternatives)
            spec = {"LOWER": {"REGEX": f"^(?:{regex})$"}}
        elif len(alternatives) == 1:
            spec = {"LOWER": alternatives[0]}
        else:
            spec = {"LOWER": {"IN": alternatives}}
        if optional:
            spec["OP"] = "?"
        tokens.append(spec)
    if not tokens or all(t.get("OP") == "?" for t in tokens):
        raise PatternError(f"pattern matches nothing required: {line!r}")
    return tokens


# Words too common to decide whether a pattern can match: a pattern is indexed by
# its rarest required token instead.
COMMON_WORDS = {
    "a", "an", "the", "is", "'s", "s", "are", "'re", "was", "were", "to", "of", "in", "at", "on", "by", "with",
    "her", "his", "him", "them", "their", "she", "he", "they", "it", "and", "or", "n't", "nt", "not", "no", "has",
    "have", "had", "be", "been", "being", "for", "from", "i", "we", "me", "my", "our", "this", "that", "do", "does",
    "did", "'ve", "'m", "will", "would", "can", "ca", "wo", "all", "any", "some", "up", "off", "out", "as", "so",
}


class AnchoredMatcher:
    """A set of Matcher patterns that only runs the patterns that can match a doc.

    Why: one spaCy Matcher with a few hundred patterns costs a couple of
    milliseconds per message, almost all of it spent on patterns whose words are
    not in the message at all. Each pattern is indexed by its rarest required
    token (a word list, or word prefixes for ``pre*``); a message runs only the
    patterns whose anchor occurs in it, keeping extraction well under 5 ms.
    """

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._matchers: List[Matcher] = []
        self._by_word: Dict[str, List[int]] = {}
        self._by_prefix: Dict[str, List[int]] = {}
        self._always: List[int] = []

    def add(self, label: str, patterns: List[List[Dict[str, object]]]) -> None:
        for pattern in patterns:
            index = len(self._matchers)
            matcher = Matcher(self._nlp.vocab)
            matcher.add(label, [pattern])
            self._matchers.append(matcher)
            words, prefixes = _anchor(pattern)
            if not words and not prefixes:
                self._always.append(index)
            for word in words:
                self._by_word.setdefault(word, []).append(index)
            for prefix in prefixes:
                self._by_prefix.setdefault(prefix, []).append(index)

    def __len__(self) -> int:
        return len(self._matchers)

    def __call__(self, doc: Doc) -> List[Tuple[int, int, int]]:
        words = {t.lower_ for t in doc}
        candidates = set(self._always)
        for word in words:
            candidates.update(self._by_word.get(word, ()))
        for prefix, indexes in self._by_prefix.items():
            if any(w.startswith(prefix) for w in words):
                candidates.update(indexes)
        found = set()
        for index in candidates:
            found.update(self._matchers[index](doc))
        return sorted(found, key=lambda m: (m[1], m[2], m[0]))


def _anchor(pattern: List[Dict[str, object]]) -> Tuple[List[str], List[str]]:
    """(words, prefixes) of the rarest required token; ([], []) if every token is common."""
    best: Optional[Tuple[int, List[str], List[str]]] = None
    for spec in pattern:
        if spec.get("OP") == "?" or "LOWER" not in spec:
            continue
        value = spec["LOWER"]
        words: List[str] = []
        prefixes: List[str] = []
        if isinstance(value, str):
            words = [value]
        elif isinstance(value, dict) and "IN" in value:
            words = list(value["IN"])
        elif isinstance(value, dict) and "REGEX" in value:
            body = str(value["REGEX"])[4:-2]  # ^(?: ... )$
            for alt in body.split("|"):
                if alt.endswith(".*"):
                    prefixes.append(re.sub(r"\\(.)", r"\1", alt[:-2]))
                else:
                    words.append(re.sub(r"\\(.)", r"\1", alt))
        if not words and not prefixes:
            continue
        if any(w in COMMON_WORDS for w in words) or any(len(p) < 3 for p in prefixes):
            continue
        size = len(words) + 3 * len(prefixes)
        if best is None or size < best[0]:
            best = (size, words, prefixes)
    return (best[1], best[2]) if best else ([], [])
