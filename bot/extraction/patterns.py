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
from typing import Dict, List

from spacy.language import Language

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
