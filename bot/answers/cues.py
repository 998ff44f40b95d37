"""What a message talks about, as cue words an editor can write in a facet's `asks`.

Words are lower-cased, stripped of punctuation and of common endings, so the cue "refer" matches
"referring" and "referrals". Two kinds of fact are written in many ways and matter for follow-ups,
so they become one cue each: the nation ("NI", "PSNI", "Scottish" -> `northern ireland`,
`scotland`) and whether the person is an adult or a child ("they're 19", "over 18" -> `adult`).
"""

from __future__ import annotations

import re
from typing import Iterable, Set

WORD = re.compile(r"[a-z0-9]+")
ENDINGS = ("ing", "ies", "ed", "es", "s")  # longest first; "referrals" -> "referral"
NATIONS = {
    "scotland": re.compile(r"\b(scotland|scottish|scots)\b"),
    "wales": re.compile(r"\b(wales|welsh|cymru)\b"),
    "northern ireland": re.compile(r"\b(northern ireland|n\.? ?ireland|ni|psni|norn iron)\b"),
    "england": re.compile(r"\b(england|english)\b"),
}
AGE = r"(1[89]|2\d|[3-9]\d)"
ADULT = re.compile(
    rf"\b(adults?|grown ?ups?|grown (?:man|woman)|over ?18s?|18 ?\+|18 or over|no longer a child|"
    rf"{AGE} ?(?:yo|y/?o|yrs?|years?|year old)|"
    rf"(?:they'?re|theyre|he'?s|hes|she'?s|shes|is|turned|turns|aged?|age of|now) {AGE})\b"
)
CHILD = re.compile(
    r"\b(child|children|kids?|minors?|under ?18s?|juveniles?|"
    r"(?:1[0-7]|[1-9]) ?(?:yo|y/?o|yrs?|years?|year old)|(?:they'?re|he'?s|she'?s|is|aged?) (?:1[0-7]|[1-9]))\b"
)


def stem(word: str) -> str:
    """A crude stem, the same for a word's forms: refer/referring, refuse/refused, charity/charities."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            # "referring" -> "referr" -> "refer", as "refer" is
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    # "refuse" and "refus(ed)", "charity" and "charit(ies)"
    while len(word) > 3 and word[-1] in "ey":
        word = word[:-1]
    return word


def words_of(text: str) -> list[str]:
    return [stem(word) for word in WORD.findall(text.lower().replace("'", ""))]


def nation_of(text: str) -> str | None:
    lowered = text.lower()
    return next((nation for nation, pattern in NATIONS.items() if pattern.search(lowered)), None)


def age_group_of(text: str) -> str | None:
    """"adult" or "child" when the message says which; None when it does not."""
    lowered = text.lower()
    if ADULT.search(lowered):
        return "adult"
    return "child" if CHILD.search(lowered) else None


SIGNALS = {*NATIONS, "adult", "child"}  # facts, not wording: a match on one weighs as much as a whole phrase


def cues_of(text: str) -> Set[str]:
    """The message's stemmed words plus its nation and age-group cues."""
    cues = set(words_of(text))
    for extra in (nation_of(text), age_group_of(text)):
        if extra:
            cues.update(words_of(extra))
    return cues


def matched(asks: Iterable[str], cues: Set[str]) -> list[str]:
    """The facet's cues the message matches: every word of the cue is in the message."""
    return [ask for ask in asks if (words := words_of(ask)) and all(word in cues for word in words)]
