"""Detect the language of one message, cautiously.

langdetect alone is fooled by exactly what this helpline sees most: short replies
("ok", "thanks"), names and places ("Andrei", "Constanța", "Hai Phong") and jargon
("YP UASC placed OOA"). So a detection is only *reliable* when the evidence is
strong, and the conversation keeps its language otherwise (`bot.language.conversation`):

1. Script first. Arabic-script letters that only one language uses (Urdu ے ٹ ڈ ڑ,
   Pashto ټ ډ ښ, Sorani ێ ۆ ڵ, Persian پ چ گ ژ ی/ک without Urdu letters) decide ar/fa/ur
   even for one word; other non-Latin scripts (Cyrillic, Ethiopic, Devanagari, ...)
   are never English.
2. Word votes: names, places, acronyms and quoted phrases are set aside; every other
   word votes for each language whose common words include it (English also counts
   the helpline's jargon: nrm, yp, csc, ...). Ties go to English, so "how do i refer
   to childrens social care" stays English and "hello, am nevoie de ajutor" is Romanian.
3. When another language wins, seeded (deterministic) langdetect names it, limited to
   languages plausible here; a non-English detection is reliable only with at least
   two more foreign than English votes in a message of four or more words.
4. Latin-script messages under four words are reliable only when they are made of a
   known short phrase ("mulțumesc", "dzień dobry", "cam on"): otherwise one word can be
   a name, a place or a loanword.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Tuple

from bot.language.registry import PLAUSIBLE_LANGUAGES, UNDETERMINED
from bot.language.words import NEUTRAL_WORDS, SHORT_PHRASES, WORD_LISTS

MIN_RELIABLE_WORDS = 4
MIN_RELIABLE_CONFIDENCE = 0.80
ENGLISH_PRIOR = 0.3  # extra prior weight langdetect gives English (others share the rest)

URDU_ONLY = set("ٹڈڑںھےۓۂہ")
PASHTO_ONLY = set("ټډړښږځڅېۍ")
SORANI_ONLY = set("ێۆڵڕەھ")
PERSIAN_LETTERS = set("پچژگکی")
ARABIC_ONLY = set("ةىيك")

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
QUOTED = re.compile(r"(?<!\w)'[^']+'(?!\w)|\"[^\"]+\"|‘[^’]+’|“[^”]+”|«[^»]+»")  # not the ' in "isn't"
URL_OR_EMAIL = re.compile(r"(https?://\S+|www\.\S+|\S+@\S+)")


@dataclass(frozen=True)
class Detection:
    """One message's language: ISO 639-1 code (langdetect's codes), how sure, and whether to act on it."""

    code: str
    confidence: float
    reliable: bool

    def as_dict(self) -> Dict[str, object]:
        return {**asdict(self), "confidence": round(self.confidence, 3)}


def script_of(ch: str) -> str:
    """'Latin', 'Arabic', 'Cyrillic', ... from the character's Unicode name."""
    try:
        return unicodedata.name(ch).split(" ")[0]
    except ValueError:
        return "Unknown"


def dominant_script(words: List[str]) -> str:
    counts: Dict[str, int] = {}
    for word in words:
        for ch in word:
            script = script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "Unknown"


def arabic_script_language(letters: str) -> Tuple[str, float]:
    """Arabic, Persian, Urdu, Pashto or Sorani from letters only one of them uses."""
    present = set(letters)
    if present & PASHTO_ONLY:
        return "ps", 0.95
    if present & SORANI_ONLY - set("ھ"):
        return "ckb", 0.95
    if present & URDU_ONLY:
        return "ur", 0.97
    if present & PERSIAN_LETTERS and not present & ARABIC_ONLY:
        return "fa", 0.95
    if present & ARABIC_ONLY and not present & PERSIAN_LETTERS:
        return "ar", 0.95
    return UNDETERMINED, 0.0


@lru_cache(maxsize=1)
def _factory():
    """langdetect's profiles, loaded once (about 1 s) and seeded so results never vary."""
    import langdetect
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(str(Path(langdetect.__file__).parent / "profiles"))
    factory.seed = 0
    return factory


def langdetect_probabilities(text: str, english_prior: float = ENGLISH_PRIOR) -> List[Tuple[str, float]]:
    """langdetect's ranking for `text`, with a prior towards English; [] when it finds no features."""
    from langdetect.lang_detect_exception import LangDetectException

    factory = _factory()
    detector = factory.create()
    others = (1.0 - english_prior) / max(len(PLAUSIBLE_LANGUAGES) - 1, 1)
    detector.set_prior_map(
        {lang: english_prior if lang == "en" else others if lang in PLAUSIBLE_LANGUAGES else 0.0 for lang in factory.langlist}
    )
    detector.append(text)
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException:
        return []


def detect(text: str) -> Detection:
    """The language of one message; `reliable` says whether it should change the conversation's language."""
    text = URL_OR_EMAIL.sub(" ", text or "")
    words = WORD.findall(text)
    if not words:
        return Detection(UNDETERMINED, 0.0, False)
    script = dominant_script(words)
    if script not in ("LATIN", "Unknown"):
        return _detect_non_latin(words, script)
    phrase_language = short_phrase_language(words)
    if phrase_language:
        return Detection(phrase_language, 0.9, True)

    long_enough = len(words) >= MIN_RELIABLE_WORDS
    content = content_words(text)
    votes = word_votes(content)
    english = votes.pop("en", 0)
    other, other_votes = max(votes.items(), key=lambda kv: kv[1], default=("", 0))
    if english and english >= other_votes:  # ties go to English, the helpline's usual language
        return Detection("en", min(0.99, 0.6 + 0.4 * english / len(content)), long_enough)
    if not content:  # only names, places and acronyms: nothing says which language
        return Detection(UNDETERMINED, 0.0, False)
    ranking = langdetect_probabilities(" ".join(content), english_prior=0.0 if other_votes else ENGLISH_PRIOR)
    if not ranking:
        return Detection(other or UNDETERMINED, 0.5, False)
    code, confidence = ranking[0]
    if other_votes == 0:  # no common word of any language: too little to act on
        return Detection(code, confidence, False)
    if votes.get(code, 0) < other_votes:  # langdetect's pick has less word evidence than another language
        code, confidence = other, max(0.6, other_votes / len(content))
    reliable = long_enough and other_votes - english >= 2
    return Detection(code, confidence, reliable)


def word_votes(content: List[str]) -> Dict[str, int]:
    """For each language, how many of the message's words are common words in it."""
    votes: Dict[str, int] = {}
    for word in content:
        lowered = word.lower()
        for code, words in WORD_LISTS.items():
            if lowered in words:
                votes[code] = votes.get(code, 0) + 1
    return votes


def content_words(text: str) -> List[str]:
    """The words that can tell a language: not names, places, acronyms or quoted phrases.

    A capitalised word that does not start a sentence is taken for a name or a place
    ("Andrei", "Constanța", "Hai Phong"); all-capital words are acronyms (YP, UASC); a
    quotation inside a longer message is what someone else said ("she keeps saying
    'nu vreau'"), not the language the writer is using.
    """
    unquoted = QUOTED.sub(" ", text)
    if len(WORD.findall(unquoted)) >= MIN_RELIABLE_WORDS:
        text = unquoted
    content = []
    sentence_start = True
    for match in re.finditer(rf"{WORD.pattern}|[.!?:;]", text):
        token = match.group()
        if token in ".!?:;":
            sentence_start = True
            continue
        is_acronym = len(token) >= 2 and token.isupper()
        is_name = token[0].isupper() and not sentence_start
        sentence_start = False
        if not (is_acronym or is_name or token.lower() in NEUTRAL_WORDS):
            content.append(token)
    return content


def short_phrase_language(words: List[str]) -> str:
    """The language of a message of one to three words made of known short phrases (plus at most one other word)."""
    if len(words) >= MIN_RELIABLE_WORDS:
        return ""
    tokens = [w.lower() for w in words]
    best, best_covered = "", 0
    for code, phrases in SHORT_PHRASES.items():
        covered = [False] * len(tokens)
        for phrase in phrases:
            parts = phrase.split()
            for i in range(len(tokens) - len(parts) + 1):
                if tokens[i : i + len(parts)] == parts:
                    covered[i : i + len(parts)] = [True] * len(parts)
        if sum(covered) > best_covered:
            best, best_covered = code, sum(covered)
    return best if best_covered and best_covered >= len(tokens) - 1 else ""


def _detect_non_latin(words: List[str], script: str) -> Detection:
    """Non-Latin script: never English; which language from letters, else langdetect."""
    letters = "".join(words)
    phrase_language = short_phrase_language(words)
    if phrase_language:
        return Detection(phrase_language, 0.9, True)
    if script == "ARABIC":
        code, confidence = arabic_script_language(letters)
        if code != UNDETERMINED:
            return Detection(code, confidence, True)
    ranking = langdetect_probabilities(" ".join(words), english_prior=0.0)
    ranking = [(c, p) for c, p in ranking if c != "en"]
    if ranking:
        code, confidence = ranking[0]
        return Detection(code, confidence, confidence >= MIN_RELIABLE_CONFIDENCE or len(letters) >= 12)
    # A script langdetect has no profile for (Ethiopic for Tigrinya or Amharic, ...):
    # certainly not English, language unknown.
    return Detection(UNDETERMINED, 0.9, True)
