"""Message clean-up and the small pieces of sentence structure every extractor needs.

Why these exist instead of a parser: no trained spaCy model can be downloaded here,
and a helpline message is short, informal and often lower case, where a statistical
parser would be unreliable anyway. What the extractors actually need is:

* a cleaned text (HTML stripped, curly quotes straightened) whose substrings are the
  verbatim phrases reported back, so `text` fields can be quoted to a counsellor;
* clauses, so an indicator is reported as "an older man holds her passport" rather
  than just "passport";
* a negation check, so "no injuries" is not reported as an injury;
* which sentences are generic questions ("what are the signs of county lines?"),
  so knowledge questions never produce facts about a child.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from spacy.tokens import Doc, Token

MAX_CHARS = 20_000  # longer input is cut here: bounds the worst case (well under a second)

_TAG = re.compile(r"<[^<>]{0,500}>")
_SCRIPT = re.compile(r"<(script|style)\b[^>]{0,500}>.{0,20000}?</\1\s*>", re.I | re.S)
_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")

CLAUSE_PUNCT = {",", ";", ".", "!", "?", ":", "(", ")", "[", "]", "...", "|", "•"}
SPACED_PUNCT = {"-", "/"}  # boundaries only with a space beside them: "15-year-old", "y/o" are words
CLAUSE_WORDS = {"and", "but", "so", "because", "although", "though", "while", "whilst", "whereas", "&", "however", "plus"}
LEADING_FILLER = {"worried", "concerned", "about", "regarding", "re", "hi", "hello", "hiya", "also", "just", "really", "well", "ok", "okay", "um", "erm", "plus"}
NEGATORS = {"no", "not", "n't", "nt", "never", "without", "none", "nor", "neither", "denies", "denied", "deny", "nothing"}

WH_STARTS = {"what", "what's", "whats", "how", "when", "where", "who", "whom", "why", "which", "tell", "explain", "define"}
QUESTION_STARTS = WH_STARTS | {"can", "could", "should", "shall", "would", "will", "do", "does", "is", "are", "any", "have", "has", "did"}
SPECIFIC_CHILD_WORDS = {"she", "he", "her", "him", "his", "hers", "herself", "himself", "she's", "he's"}
CHILD_NOUNS = {
    "child", "children", "girl", "girls", "boy", "boys", "yp", "cyp", "pupil", "pupils", "student", "students",
    "kid", "kids", "teenager", "teen", "son", "daughter", "niece", "nephew", "lad", "patient", "client",
    "person", "uasc", "sibling", "siblings", "foster", "learner", "youngster", "minor",
}
OWNERS = {"my", "our", "this", "that", "these", "those"}


def normalise(text: object) -> str:
    """Plain, bounded text: tags removed, entities decoded, quotes straightened.

    Curly apostrophes become straight ones because spaCy and the patterns then see
    one form of "doesn't"; dashes become hyphens for the same reason.
    """
    if not isinstance(text, str):
        return ""
    text = text[: MAX_CHARS * 2]
    if "<" in text:
        text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
    if "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub("", text.translate(_QUOTES))
    text = _SPACES.sub(" ", text)
    text = re.sub(r" *\n[\s]*", "\n", text)
    return text.strip()[:MAX_CHARS]


def sentence_spans(text: str) -> List[Tuple[int, int]]:
    """Character spans of sentences: split at . ! ? followed by a space, and at newlines."""
    spans: List[Tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _is_generic_question(sentence: str, tokens: Sequence[str]) -> bool:
    """A knowledge question that names no particular child.

    "what are the signs of county lines?" is generic; "is it county lines if he
    carries drugs?" and "my pupil is 15, is that trafficking?" are not.
    """
    words = [t for t in tokens if t.strip() and not all(not c.isalnum() for c in t)]
    if not words:
        return False
    asks = sentence.rstrip().endswith("?")
    if not ((asks and words[0] in QUESTION_STARTS) or words[0] in WH_STARTS or (asks and len(words) <= 6)):
        return False
    if any(w in SPECIFIC_CHILD_WORDS for w in words):
        return False
    for i, w in enumerate(words):
        if w in OWNERS and any(x in CHILD_NOUNS for x in words[i + 1 : i + 4]):
            return False
        if w in {"i", "i've", "we", "we've", "i'm"} and not sentence.rstrip().endswith("?"):
            return False
    return True


SEGMENT_BREAK = re.compile(r"[,;:]|\s-\s")
# The start of a question inside a sentence ("im a DSL, how do i recognise CCE").
# Relative "who/which/where/when" ("a man who holds her passport") are not questions.
WH_ONSET = re.compile(
    r"\b(?:(?:what|how|why)\s+(?:is|are|was|were|do|does|did|can|could|should|would|will|i|we|"
    r"happens|counts|makes|kind|sort|types?|signs|the)\b|whats\b|what's\b|can\s+(?:u|you)\s+(?:explain|tell|help)\b)",
    re.I,
)
TOPIC_SEGMENT = re.compile(
    r"^\s*(?:(?:the\s+)?(?:signs?|indicators?|definition|examples?|types?|info(?:rmation)?|meaning|explanation)\s+(?:of|on|about|for)\b|"
    r"tell\s+me\s+about\b|explain\b|define\b)|\b(?:meaning|definition|explained)\W*$",
    re.I,
)


def _names_a_child(text: str) -> bool:
    words = re.findall(r"[a-z']+", text.lower())
    if any(w in SPECIFIC_CHILD_WORDS or w.split("'")[0] in {"she", "he"} for w in words):
        return True
    return any(w in OWNERS and any(x in CHILD_NOUNS for x in words[i + 1 : i + 4]) for i, w in enumerate(words))


def _generic_parts(text: str, start: int, end: int) -> List[Tuple[int, int]]:
    """Parts of one sentence that ask about a topic, not a child: "im a DSL, how do i
    recognise CCE" -> the part from "how"; "signs of county lines" -> all of it."""
    parts: List[Tuple[int, int]] = []
    cursor = start
    for brk in list(SEGMENT_BREAK.finditer(text, start, end)) + [None]:
        seg_end = brk.start() if brk else end
        segment = text[cursor:seg_end]
        if segment.strip() and not _names_a_child(segment):
            if TOPIC_SEGMENT.search(segment):
                parts.append((cursor, seg_end))
            else:
                onset = WH_ONSET.search(segment)
                if onset:
                    parts.append((cursor + onset.start(), seg_end))
        cursor = brk.end() if brk else end
    return parts


@dataclass
class Message:
    """One normalised message, its tokens, and where facts may not be taken from."""

    text: str
    doc: Doc
    sentences: List[Tuple[int, int]] = field(default_factory=list)
    ignored: List[Tuple[int, int]] = field(default_factory=list)
    _boundary: List[bool] = field(default_factory=list)
    _ignored_mask: bytearray = field(default_factory=bytearray)

    @classmethod
    def build(cls, text: str, doc: Doc) -> Message:
        sentences = sentence_spans(text)
        ignored: List[Tuple[int, int]] = []
        for start, end in sentences:
            span = doc.char_span(start, end, alignment_mode="expand")
            tokens = [t.lower_ for t in span] if span is not None else text[start:end].lower().split()
            if _is_generic_question(text[start:end], tokens):
                ignored.append((start, end))
            else:
                ignored.extend(_generic_parts(text, start, end))
        boundary = [_is_boundary(t) for t in doc]
        mask = bytearray(len(text) + 1)
        for start, end in ignored:
            mask[start:end] = b"\x01" * (end - start)
        return cls(text=text, doc=doc, sentences=sentences, ignored=ignored, _boundary=boundary, _ignored_mask=mask)

    def is_ignored(self, char: int) -> bool:
        """True when `char` lies in a generic question sentence."""
        return 0 <= char < len(self._ignored_mask) and self._ignored_mask[char] == 1

    def is_boundary(self, i: int) -> bool:
        return 0 <= i < len(self._boundary) and self._boundary[i]

    def clause(self, start: int, end: int) -> Tuple[int, int]:
        """Token bounds of the clause around tokens [start, end)."""
        left = start
        while left > 0 and not self._boundary[left - 1]:
            left -= 1
        right = end
        while right < len(self.doc) and not self._boundary[right]:
            right += 1
        return left, right

    def fragment(self, start: int, end: int, whole: int = 20, before: int = 6, after: int = 8) -> Optional[str]:
        """The clause around tokens [start, end), verbatim.

        All of the clause when it is short (at most `whole` tokens), otherwise
        `before` tokens before and `after` after the match, never cutting a
        hyphenated word ("19-year-old") and keeping a closing quote.
        """
        left, right = self.clause(start, end)
        clause_left, clause_right = left, right
        if right - left > whole:
            left = max(left, start - before)
            right = min(right, end + after)
            while left > clause_left and not self.doc[left - 1].whitespace_:
                left -= 1
            while right < clause_right and not self.doc[right - 1].whitespace_:
                right += 1
        while left < start and (self.doc[left].is_punct or self.doc[left].lower_ in CLAUSE_WORDS | LEADING_FILLER):
            left += 1
        while right > end and self.doc[right - 1].is_punct and self.doc[right - 1].text != '"':
            right -= 1
        if left >= right:
            return None
        begin = self.doc[left].idx
        finish = self.doc[right - 1].idx + len(self.doc[right - 1].text)
        text = self.text[begin:finish].strip()
        if text.count('"') % 2 == 1:
            if finish < len(self.text) and self.text[finish] == '"':
                text += '"'
            elif text.endswith('"'):
                text = text[:-1].rstrip()
        return text or None

    def negated(self, start: int, window: int = 3) -> bool:
        """A negator within `window` tokens before `start`, inside the same clause."""
        i = start - 1
        seen = 0
        while i >= 0 and seen < window:
            if self._boundary[i]:
                return False
            if self.doc[i].lower_ in NEGATORS:
                return True
            i -= 1
            seen += 1
        return False


def _is_boundary(token: Token) -> bool:
    if token.is_space or "\n" in token.text:
        return True
    low = token.lower_
    if low in CLAUSE_WORDS:
        return True
    if token.is_punct and (low in CLAUSE_PUNCT or (low in SPACED_PUNCT and (token.whitespace_ or (token.i > 0 and token.nbor(-1).whitespace_)))):
        return True
    return False
