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
# the nation, or its largest places ("we're in Edinburgh, who does that here?")
NATIONS = {
    "scotland": re.compile(r"\b(scotland|scottish|scots|edinburgh|glasgow|aberdeen|dundee|inverness)\b"),
    "wales": re.compile(r"\b(wales|welsh|cymru|cardiff|swansea|newport|wrexham)\b"),
    "northern ireland": re.compile(r"\b(northern ireland|n\.? ?ireland|ni|psni|norn iron|belfast|derry|newry)\b"),
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


# words that say nothing about which facet is wanted
STOPWORDS = set(
    "the a an is are was were be been what how do does did i we they it its that this these those and or of to in "
    "for on with can could would should will if there who when where why which about my our you your me us them "
    "he she his her him so but not no yes ok okay still just get got any some also then than as at by from have "
    "has had need want know tell more one only all thing things here now like really actually pls please thanks "
    "im were youre theyre dont doesnt isnt cant every say said".split()
)


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


def content_words(text: str) -> list[str]:
    """The message's stemmed words that can tell one facet from another."""
    raw = WORD.findall(text.lower().replace("'", ""))
    return list(dict.fromkeys(stem(word) for word in raw if word not in STOPWORDS and len(word) >= 3))


def same_word(a: str, b: str) -> bool:
    """Stems equal, or one a prefix of the other when both are long (anonymous/anonymously)."""
    return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))
