"""Yes or no: what an answer says, in the words people really use.

Why not the intent classifier: "no, she's safe at school with me" mentions a child and
safety, and a classifier trained on danger messages may call it `immediate_danger`.
When the bot has asked a yes/no question, the answer's polarity decides. And a lone
"po" (Albanian yes) or "da" (Romanian yes) is an answer, never a concern: the NLU's
ShortAnswerClassifier (bot/nlu/short_answers.py) uses the same words.
"""

from __future__ import annotations

import re
from typing import Optional

# Whole-message short answers, English and the languages the bot detects (shared/intents.md).
SHORT_YES = {
    "yes", "yeah", "yea", "yep", "yup", "y", "ya", "yes please", "ok", "okay", "ok please", "sure", "please",
    "please do", "go ahead", "yes go ahead", "correct", "that's right", "thats right", "right", "definitely",
    "da", "po", "tak", "oui", "si", "sí", "sim", "ie", "haan", "han", "ji", "haa", "haye", "vâng", "có", "vang", "co",
    "نعم", "ايوه", "بله", "آره", "ہاں", "جی", "jes",
}
SHORT_NO = {
    "no", "nope", "nah", "n", "no thanks", "no thank you", "not really", "no not really", "no way",
    "nu", "jo", "nie", "non", "não", "nao", "na", "nahin", "nahi", "nahi ji", "maya", "không", "khong",
    "لا", "نه", "نہیں",
}
_EDGE = re.compile(r"^[\s.!,?¿¡]+|[\s.!,?¿¡]+$")

# Answers to "is the child at risk right now?": a no with a reason is still a no.
_NO_START = re.compile(
    r"^\s*(no+\b|nope\b|nah\b|not\s+(right\s+)?(now|tonight|today|currently|immediately|yet)\b|"
    r"not\s+(this|at\s+the|at\s+this)\s+(minute|moment|time|evening|afternoon|morning)\b|"
    r"not\s+that\s+i\s+(know|can\s+tell|'?m\s+aware)|i\s+don'?t\s+think\s+so\b|i\s+do\s+not\s+think\s+so\b|"
    r"(s?he|they)('?s|\s+is|\s+are|'re)\s+(safe|fine|ok|okay|at\s+school|in\s+school|with\s+(me|us|foster|mum|dad|her|his|their))|"
    r"(s?he|they)('?s|\s+is|\s+are|'re)\s+not\b|safe\b|no\s+immediate|not\s+immediately)",
    re.I,
)
_YES_START = re.compile(
    r"^\s*(yes\b|yeah\b|yep\b|yup\b|y\b|i\s+think\s+so\b|definitely\b|absolutely\b|right\s+now\b|"
    r"(s?he|they)('?s|\s+is|\s+are|'re)\s+(at\s+risk|in\s+danger)|possibly\s+yes|i\s+believe\s+so)",
    re.I,
)
_UNSURE = re.compile(r"^\s*(not\s+sure|unsure|don'?t\s+know|dont\s+know|no\s+idea|maybe|possibly|hard\s+to\s+say|can'?t\s+say)\b", re.I)


def short_answer(text: str) -> Optional[bool]:
    """True for a message that is only a yes, False for only a no, None otherwise."""
    key = " ".join(_EDGE.sub("", (text or "").strip().lower()).split())
    if key in SHORT_YES:
        return True
    if key in SHORT_NO:
        return False
    return None


def answer_polarity(text: str) -> Optional[bool]:
    """What an answer to a yes/no question says: True, False, or None when unsure or not an answer."""
    short = short_answer(text)
    if short is not None:
        return short
    if _UNSURE.match(text or ""):
        return None
    if _NO_START.match(text or ""):
        return False
    if _YES_START.match(text or ""):
        return True
    return None
