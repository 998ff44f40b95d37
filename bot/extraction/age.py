"""The child's age: a number only when one was stated, the words always.

Why regular expressions rather than the token matcher: ages hide inside tokens
("15yo", "15ish", "y10") and punctuation ("YP (16)", "13/14"), and what makes a
number an age is the few characters around it. Every pattern needs age context,
so "2 children", "since 2019", "at 3pm", "room 15" and "£200" are never ages.

Decisions (documented for the handoff):

* `age` is an int only when the message states one age for the child. The
  professional's own statement ("she's about 15", "15yo", "aged 15", "YP (16)")
  wins over an appearance estimate ("looks 13"), which wins over the child's
  claim or a document ("says 17", "claims to be 16", "passport says 19").
  "nearly 16" / "turns 16" / "will be 16" give 15: arithmetic, not a guess.
* Two different plain ages in one message (two children, or a slip) give None.
* A range or bound gives `age` None and `age_range` [low, high] (None for an open
  end): "could be 13 or 14" -> [13, 14]; "under 13" -> [None, 12];
  "over 16" -> [16, None], "older than 16" -> [17, None]; "mid teens" -> [14, 16].
* A school year gives `age` None, `age_text` "year 10" and `age_range` [14, 15],
  using the England and Wales convention (Year 7 = 11-12). Scotland's S1-S6 and
  P1-P7 are read the Scottish way. Northern Ireland's Year 8 is 11-12, one year
  younger than England's: a Northern Irish "year 10" is reported one year too old.
* `age_disputed` is True when the age is doubted: "says 17 but looks younger",
  "claims to be 16", "age disputed", "could be 13 or 14", a claim that differs
  from the professional's estimate, or any range. False only when the message says
  the age is confirmed / not disputed. Otherwise None (not stated).
* Ages in the past ("when she was 12", "at age 12", "since she was 9") are not
  the child's age now and are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Pattern, Tuple

from bot.extraction.text import Message

MAX_TEXT_PARTS = 4  # age_text is for a counsellor to read at a glance
MAX_TEXT_CHARS = 120
MAX_AGE = 25  # care leavers and age-disputed young adults; older numbers are adults'

_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-one": 21, "twenty-two": 22, "twenty-three": 23, "twenty-four": 24, "twenty-five": 25,
}
_WORD_ALT = "|".join(
    sorted({w.replace("-", r"[- ]?") for w in _WORDS}, key=len, reverse=True)
)
N = rf"(?:\d{{1,2}}|{_WORD_ALT})"
Q = r"(?:about|around|approx\.?|approximately|roughly|circa|maybe|possibly|probably|perhaps|only|just)"
SUBJECT = (
    r"(?:she|he|they|who|yp|cyp|child|girl|boy|pupil|student|kid|son|daughter|niece|nephew|lad|teen|teenager|"
    r"young\s+person|patient|client|victim|uasc)"
)
COPULA = r"(?:'s|s|\s+is|\s+are|'re|\s+re)"
CHILD_NOUN = (
    r"(?:yp|cyp|young\s+person|child|girl|boy|pupil|student|kid|lad|teen|teenager|son|daughter|niece|nephew|"
    r"uasc|patient|client|young\s+woman|young\s+man|female|male|minor|friend)"
)
AGE_SUFFIX = r"(?:\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*olds?|\s*(?:yo|y/o|y\.o\.?)(?![\w/]))"

UNITS = {
    "minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr", "days", "day", "weeks", "week", "months",
    "month", "miles", "mile", "km", "pounds", "pound", "quid", "p", "pence", "stone", "kg", "kilos", "times",
    "time", "percent", "pm", "am", "people", "children", "kids", "others", "men", "women", "girls", "boys",
    "of", "x", "calls", "texts", "messages", "phones", "euros", "dollars", "grand", "k", "nights", "night",
    "hundred", "thousand", "million", "more", "other", "different", "floors", "rooms", "cars", "houses",
    "addresses", "siblings", "brothers", "sisters", "pupils", "students", "adults", "o'clock", "metres",
    "meters", "feet", "ft", "inches", "cm", "year", "years", "yrs", "seconds", "secs", "sessions", "visits",
    "episodes", "incidents", "reports", "referrals", "cases", "ppl", "st", "th", "nd", "rd",
    "points", "per", "yard", "yards", "metre", "meter", "lessons", "classes",
}
SCHOOL_NOUNS = {"year", "years", "pupils", "students", "girls", "boys", "children", "kids", "classes", "lessons"}
ALLOWED_AFTER = {
    "and", "but", "or", "years", "yrs", "yo", "y", "now", "she", "he", "they", "maybe", "possibly", "probably",
    "though", "looks", "i", "we", "at", "in", "going", "soon", "this", "next", "which", "who", "so", "apparently",
    "perhaps", "yet", "already", "anyway", "ish", "although", "says", "said", "claims", "is", "was", "has", "from",
    "romanian", "boy", "girl", "lad", "yp", "child", "with", "according", "based", "judging", "if", "by",
}
ADULT_AFTER = {
    "man", "men", "woman", "women", "male", "males", "adult", "adults", "boyfriend", "girlfriend", "partner",
    "husband", "wife", "uncle", "aunt", "father", "mother", "dad", "mum", "friend", "brother", "sister", "cousin",
}
POSSESSIVES = {"her", "his", "their", "whose", "its"}  # the child's relatives; "my 17yo" is the child
PAST_BEFORE = re.compile(
    r"(?:\bwhen\s+(?:she|he|they|i)\s+(?:was|were)\s+(?:only\s+|just\s+|about\s+)?|\bat\s+(?:the\s+)?age\s+(?:of\s+)?|"
    r"\bsince\s+(?:she|he|they)\s+(?:was|were)\s+|\bsince\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?|\bfrom\s+(?:the\s+)?age\s+(?:of\s+)?|"
    r"\b(?:was|were)\s+(?:only\s+|just\s+)?|\bat\s+)$",
    re.I,
)
PAST_AFTER = re.compile(r"^\s*(?:when\b|at\s+the\s+time\b|back\s+then\b|years?\s+ago\b)", re.I)

DISPUTE_CUES = re.compile(
    r"\bage[- ]?disputed\b|\bdisputed\s+age\b|\bage\s+dispute\b|\bage\s+assessment\b|\bage\s+(?:is\s+)?(?:unclear|uncertain|doubtful|in\s+doubt|questioned|contested)\b|"
    r"\b(?:looks?|looking|appears?|seems?)\s+(?:much\s+|a\s+lot\s+|way\s+|far\s+|a\s+bit\s+|slightly\s+|a\s+little\s+)?(?:younger|older)\b|"
    r"\bnot\s+sure\s+(?:of|about|how\s+old)\b|\b(?:do|does|did)\s*(?:n'?t|not)\s+know\s+(?:how\s+old|(?:her|his|their)\s+(?:real\s+|actual\s+|exact\s+)?(?:age|date\s+of\s+birth|dob|birthday))\b|"
    r"\b(?:real|true|actual)\s+age\b|\bno\s+(?:dob|date\s+of\s+birth)\b|"
    r"\b(?:thinks?|think|believes?|treated|treating|assessed|considers?|considered|says?|said)\s+(?:(?:she|he|they)(?:'s|\s+is|\s+are|\s+was)?\s+)?(?:as\s+)?(?:an\s+)?adult\b",
    re.I,
)
CONFIRM_CUES = re.compile(
    r"\bage\s+(?:has\s+been\s+|is\s+|was\s+)?(?:confirmed|verified|not\s+disputed|not\s+in\s+dispute|accepted)\b|"
    r"\bnot\s+age[- ]?disputed\b|\bno\s+(?:age\s+)?dispute\b|\bconfirmed\s+age\b",
    re.I,
)
CLAIM_DISPUTES = re.compile(r"^(?:claims?|claimed|claiming|insists?|insisted|maintains?)\b", re.I)


@dataclass
class Mention:
    kind: str  # plain | looks | claim | range | bound | school | stage
    start: int  # character span of the words reported in age_text
    end: int
    value: Optional[int] = None
    low: Optional[int] = None
    high: Optional[int] = None
    disputed: bool = False
    priority: int = 0


def _num(text: str) -> Optional[int]:
    """'15' -> 15, 'fifteen' -> 15, 'twenty one' / 'twentyone' -> 21."""
    text = re.sub(r"[\s-]+", "", text.lower())
    if text.isdigit():
        return int(text)
    if text.startswith("twenty") and len(text) > 6:
        text = "twenty-" + text[6:]
    return _WORDS.get(text)


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*([A-Za-z'%£]+|[^\sA-Za-z])", text[end:])
    return m.group(1).lower() if m else ""


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z']+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _units_after(text: str, end: int) -> bool:
    """The number is a count, a time or money: "15 minutes", "15:30", "15%", "15 of them"."""
    after = text[end : end + 3]
    if re.match(r"\s*(?:[:.]\d|%|/\d|,\d{3}|\d)", after):
        return True
    return _next_word(text, end) in UNITS


def _whitelisted_after(text: str, end: int) -> bool:
    """For weakly-cued numbers ("about 15", "under 13"): only a clause end or an age-ish word may follow."""
    nxt = _next_word(text, end)
    return nxt == "" or not nxt[0].isalnum() or nxt in ALLOWED_AFTER


def _in_past(text: str, start: int, end: int) -> bool:
    return bool(PAST_BEFORE.search(text[max(0, start - 40) : start])) or bool(PAST_AFTER.match(text[end:]))


# (kind, priority, pattern, check) - priority breaks overlaps: higher wins.
_P: List[Tuple[str, int, Pattern[str], str]] = []


def _add(kind: str, priority: int, pattern: str, check: str = "units", flags: int = re.I) -> None:
    _P.append((kind, priority, re.compile(pattern, flags), check))


_LB = r"(?<![\w£$€#.,/:-])"
# ranges first: "could be 13 or 14", "15/16", "aged 14-16", "between 14 and 16"
_add(
    "range", 90,
    rf"(?P<t>(?:(?P<cue>could\s+be|might\s+be|may\s+be|maybe|possibly|probably|perhaps|about|around|approx\.?|approximately|"
    rf"roughly|aged?|between|either|looks?|appears?|seems?)\s+|(?P<subj>\b{SUBJECT}{COPULA}\s+(?:(?:about|around|maybe|either|probably|possibly)\s+)?))?"
    rf"{_LB}(?P<n>{N})\s*(?P<sep>or|/|-|to|and)\s*(?P<m>{N})(?P<suf>{AGE_SUFFIX})?)(?![\w/])",
    "range",
)
# two children: "about 14 and 15", "aged 13, 15" - both ages, so no single age
_add("pair", 85, rf"\b(?P<t>(?:about|around|approx\.?|approximately|roughly|aged?|ages)\s+(?P<n>{N})\s*(?:,|and|&)\s*(?P<m>{N}))(?!\w)")
_add("plain", 80, rf"{_LB}(?P<t>(?P<n>{N})\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old)(?!\w)", "year_old")
_add("plain", 80, rf"{_LB}(?P<t>(?P<n>{N})\s*(?:yo|y/o|y\.o\.?))(?![\w/])", "year_old")
_add("plain", 80, rf"{_LB}(?P<t>(?P<n>{N})\s*(?:years?|yrs?)\s+of\s+age)\b", "year_old")
_add(
    "claim", 75,
    rf"\b(?P<t>(?P<verb>says?|said|saying|claims?|claimed|claiming|states?|stated|insists?|insisted|maintains?|"
    rf"told\s+(?:us|me|police|staff|them|everyone|the\s+\w+)|gave\s+(?:her|his|their)\s+age\s+as|reports?\s+being)\s+"
    rf"(?:that\s+)?(?:(?:she|he|they|i)(?:'s|s|'m|m|\s+is|\s+are|\s+am|'re)\s+|to\s+be\s+|(?:she|he|they)\s+(?:was|were)\s+)?"
    rf"(?:(?:only|just|about|around|aged?)\s+)?(?P<n>{N})(?:{AGE_SUFFIX})?)(?!\w)",
)
_add(
    "claim", 75,
    rf"\b(?P<t>(?:passport|documents?|docs|papers|id|birth\s+certificate|dob|date\s+of\s+birth|paperwork|home\s+office)\s+"
    rf"(?:says?|said|shows?|showed|states?|stated|gives?|gave|records?|recorded|lists?|has\s+(?:her|him|them)\s+as)\s+"
    rf"(?:(?:she|he|they)(?:'s|s|\s+is|\s+are|\s+was)\s+)?(?:as\s+)?(?:aged?\s+)?(?P<n>{N})(?:{AGE_SUFFIX})?)(?!\w)",
)
_add(
    "looks", 70,
    rf"\b(?P<t>(?:looks?|looked|looking|appears?|appeared|appearing|seems?|seemed)\s+(?:to\s+be\s+|like\s+(?:she'?s|he'?s|they'?re)\s+|about\s+|around\s+|"
    rf"like\s+|maybe\s+|more\s+like\s+|only\s+|no\s+older\s+than\s+|no\s+more\s+than\s+)*(?P<n>{N})(?:{AGE_SUFFIX})?)(?!\w)",
)
_add("plain", 65, rf"\b(?P<t>(?:aged?|age:)\s*:?\s*(?:(?P<q>{Q})\s+)?(?P<n>{N})(?:ish)?)(?!\w)")
_add("plain", 60, rf"(?P<t>\b{SUBJECT}{COPULA}\s+(?:(?P<q>{Q})\s+)?(?P<n>{N})(?:ish)?(?:\s*(?:years|yrs)\b(?!\s+(?:ago|since)))?)(?!\w)")
_add(
    "plain", 60,
    r"\b(?P<name>(?!(?:It|This|That|There|Here|What|Which|Who|She|He|They|Room|Flat|Number|Page|Year|Bus|Route|Platform|Level|Floor)\b)[A-Z][a-z]+)"
    r"(?:'s|\s+is)\s+(?P<t>(?:(?P<q>about|around|only|just)\s+)?(?P<n>\d{1,2}))(?!\w)",
    "units", 0,
)
_add("turned", 58, rf"\b(?P<t>(?:just\s+)?turned\s+(?P<n>{N}))(?!\w)")
_add("nearly", 58, rf"\b(?P<t>(?:nearly|almost|turns|turning|will\s+be|'ll\s+be|about\s+to\s+turn|going\s+on)\s+(?P<n>{N}))(?!\w)")
_add(
    "plain", 55,
    rf"\b(?P<t>{CHILD_NOUN}\s*(?:[,(:\-]\s*|of\s+)?(?:(?:about|around|maybe|approx\.?|roughly|aged?)\s+)?\(?\s*(?P<n>{N})\s*\)?)(?![\w/:])",
)
_add("plain", 55, r"\b(?P<t>[A-Z][a-z]+\s*\((?P<n>\d{1,2})\))", "units", 0)
_add("plain", 50, rf"\b(?P<t>(?P<q>about|around|approx\.?|approximately|roughly|circa|maybe|possibly|probably|perhaps)\s+(?P<n>{N})(?:ish)?)(?!\w)", "whitelist")
_add("plain", 50, rf"{_LB}(?P<t>(?P<n>{N})ish)(?!\w)", "whitelist")
_add(
    "bound", 45,
    rf"\b(?P<t>(?P<dir>no\s+older\s+than|not\s+older\s+than|no\s+more\s+than|under|below|younger\s+than|less\s+than|not\s+yet|over|older\s+than|above)(?:\s+|-)(?:the\s+age\s+of\s+)?(?P<n>{N}))(?!\w)",
    "whitelist",
)
_add("school", 40, r"\b(?P<t>(?:year|yr)\s*(?P<n>1[0-3]|[1-9])s?)(?![\w:./])", "school")
_add("school", 40, r"\b(?P<t>y(?P<n>1[0-3]|[1-9]))(?![\w:./])", "school")
_add("scottish", 40, r"(?:\b(?:in|at|is|an?)\s+)(?P<t>(?P<stage>[SP])(?P<n>[1-7]))\b", "none", 0)
_add("scottish", 40, r"\b(?P<t>(?P<stage>[SP])(?P<n>[1-7]))\s+(?=pupil|student|class|girl|boy)", "none", 0)
_add("stage", 35, r"\b(?P<t>(?P<stage>early|mid|late)[\s-]*teens)\b")
_add("stage", 35, r"\b(?P<t>(?P<stage>sixth)[\s-]*form(?:er)?s?)\b")
# "one of the lads i work with is 17": any subject, but only a teen number in a sentence about a child
_add("general", 38, rf"\b\w+\s+(?:is|'s|was\s+only)\s+(?P<t>(?:(?:about|around|only|just)\s+)?(?P<n>{N}))(?!\w)", "whitelist")
# a teen number alone in a list about a child: "Kurdish boy from Iraq, Sorani, 16, UASC"
_add("listed", 30, r"(?:^|[,;(]\s*)(?P<t>(?P<n>1[0-9]))\s*(?=[,;)]|$)", "listed")


LISTED_CONTEXT = re.compile(
    r"\b(?:boys?|girls?|yps?|cyp|child|children|pupils?|students?|uascs?|lads?|teenagers?|young\s+(?:person|people)|sons?|"
    r"daughters?|nieces?|nephews?|minors?|patients?|clients?|learners?|kids?|suspects?|teens?)\b",
    re.I,
)


def _sentence_around(text: str, index: int) -> str:
    start = max(text.rfind(".", 0, index), text.rfind("\n", 0, index), text.rfind("?", 0, index), text.rfind("!", 0, index)) + 1
    ends = [i for i in (text.find(".", index), text.find("\n", index), text.find("?", index), text.find("!", index)) if i != -1]
    return text[start : min(ends) if ends else len(text)]


def _candidates(text: str) -> List[Mention]:
    out: List[Mention] = []
    for kind, priority, pattern, check in _P:
        for m in pattern.finditer(text):
            start, end = m.span("t")
            if _in_past(text, start, end):
                continue
            mention = _mention(kind, priority, m, text, check, start, end)
            if mention is not None:
                out.append(mention)
    return out


def _mention(kind: str, priority: int, m: re.Match[str], text: str, check: str, start: int, end: int) -> Optional[Mention]:
    groups = m.groupdict()
    if kind == "pair":
        second = _num(groups["m"]) if groups.get("m") else None
        first = _num(groups["n"])
        if first is None or second is None or _units_after(text, end):
            return None
        return Mention("pair", start, end, low=first, high=second, priority=priority)
    if kind in ("listed", "general"):
        n_value = _num(groups["n"]) if groups.get("n") else None
        if n_value is None or not 5 <= n_value <= 19 or not LISTED_CONTEXT.search(_sentence_around(text, start)):
            return None
        kind = "plain"
    if kind == "stage":
        low, high = {"early": (13, 15), "mid": (14, 16), "late": (16, 19), "sixth": (16, 18)}[groups["stage"].lower()]
        return Mention("stage", start, end, low=low, high=high, priority=priority)
    n = _num(groups["n"]) if groups.get("n") else None
    if n is None:
        return None
    if kind == "scottish":
        stage = groups["stage"]
        low = 10 + n if stage == "S" else 3 + n
        return Mention("school", start, end, low=low, high=low + 1, priority=priority)
    if kind == "school":
        prev = _prev_word(text, m.start())
        if prev in {"last", "this", "next", "every", "per", "a", "each", "the", "that", "financial", "tax", "academic", "of"}:
            return None
        if _next_word(text, end) in UNITS - SCHOOL_NOUNS:
            return None
        return Mention("school", start, end, low=n + 4, high=n + 5, priority=priority)
    if not 1 <= n <= MAX_AGE:
        return None
    if check == "units" and _units_after(text, end):
        return None
    if check == "whitelist" and (_units_after(text, end) or not _whitelisted_after(text, end)):
        return None
    if check == "year_old":
        if _prev_word(text, m.start()) in POSSESSIVES:
            return None  # "her 19-year-old boyfriend", "his 3-year-old son"
        if _next_word(text, end) in ADULT_AFTER:
            return None
    if kind == "range":
        hi = _num(groups["m"]) if groups.get("m") else None
        if hi is None or not 1 <= hi <= MAX_AGE or not 0 < hi - n <= 3:
            return None
        if not (groups.get("cue") or groups.get("subj") or groups.get("suf")):
            return None
        if groups.get("cue", "") and groups["cue"].lower() == "between" and groups["sep"].lower() != "and":
            return None
        if groups["sep"].lower() == "and" and (groups.get("cue") or "").lower() != "between":
            return None
        if _units_after(text, end):
            return None
        return Mention("range", start, end, low=n, high=hi, disputed=True, priority=priority)
    if kind == "bound":
        direction = groups["dir"].lower()
        if re.match(r"(?:no|not)\s+(?:older|more)", direction):
            return Mention("bound", start, end, low=None, high=n, priority=priority)  # "no older than 14"
        if direction.startswith(("under", "below", "younger", "less", "not")):
            return Mention("bound", start, end, low=None, high=n - 1, priority=priority)
        # "over 16" is said of a 16-year-old as often as of a 17-year-old; "older than 16" is not
        return Mention("bound", start, end, low=n + 1 if direction.startswith("older") else n, high=None, priority=priority)
    if kind == "turned":
        return Mention("plain", start, end, value=n, priority=priority)
    if kind == "nearly":
        if _units_after(text, end):
            return None
        return Mention("plain", start, end, value=n - 1, priority=priority)
    if kind == "claim":
        disputed = bool(CLAIM_DISPUTES.match(m.group("t")))
        return Mention("claim", start, end, value=n, disputed=disputed, priority=priority)
    return Mention(kind, start, end, value=n, priority=priority)


def _select(candidates: List[Mention], length: int) -> List[Mention]:
    """Non-overlapping mentions, higher priority and longer first (linear in the text length)."""
    taken = bytearray(length + 1)
    chosen: List[Mention] = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if not any(taken[c.start : c.end]):
            taken[c.start : c.end] = b"\x01" * (c.end - c.start)
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _age_text(text: str, spans: List[Tuple[int, int]]) -> Optional[str]:
    """Verbatim words, neighbouring phrases joined ("about 15, says 17 but looks younger")."""
    if not spans:
        return None
    spans = sorted(spans)
    merged: List[List[int]] = [list(spans[0])]
    for start, end in spans[1:]:
        gap = text[merged[-1][1] : start]
        if start <= merged[-1][1] or re.fullmatch(r"[\s,;:-]*(?:(?:but|and|though|although|yet|or|so|she|he|they|'s|s|is|are|i\s+think)[\s,;:-]*)*", gap, re.I):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: List[str] = []
    for s, e in merged[:MAX_TEXT_PARTS]:
        part = text[s:e].strip()
        if len(part) > MAX_TEXT_CHARS:
            part = part[:MAX_TEXT_CHARS].rstrip()
        parts.append(part)
    return "; ".join(parts)


def extract(msg: Message) -> Dict[str, object]:
    """age, age_text, age_disputed and age_range for one message."""
    text = msg.text
    result: Dict[str, object] = {"age": None, "age_text": None, "age_disputed": None, "age_range": None}
    mentions = [c for c in _select(_candidates(text), len(text)) if not msg.is_ignored(c.start)]
    cues = [m for m in DISPUTE_CUES.finditer(text) if not msg.is_ignored(m.start())]
    confirms = [m for m in CONFIRM_CUES.finditer(text) if not msg.is_ignored(m.start())]
    if not mentions and not cues and not confirms:
        return result

    plain = {m.value for m in mentions if m.kind == "plain"}
    for pair in (m for m in mentions if m.kind == "pair"):
        plain |= {pair.low, pair.high}
    looks = {m.value for m in mentions if m.kind == "looks"}
    claims = {m.value for m in mentions if m.kind == "claim"}
    ranged = [m for m in mentions if m.kind in {"range", "bound", "school", "stage"}]

    age: Optional[int] = None
    if len(plain) == 1:
        age = next(iter(plain))
    elif not plain and len(looks) == 1:
        age = next(iter(looks))
    elif not plain and not looks and not ranged and len(claims) == 1:
        age = next(iter(claims))  # the child's or a document's word, when nothing else is stated
    result["age"] = age
    if age is None and not plain and not looks and len(ranged) == 1:
        r = ranged[0]
        result["age_range"] = [r.low, r.high]

    disputed: Optional[bool] = None
    if cues or any(m.disputed for m in mentions):
        disputed = True
    elif len(claims) > 1 or (claims and ((plain and claims != plain) or (looks and claims != looks))):
        disputed = True
    elif looks and plain and looks != plain:
        disputed = True
    elif confirms:
        disputed = False
    result["age_disputed"] = disputed

    spans = [(m.start, m.end) for m in mentions] + [(c.start(), c.end()) for c in cues]
    result["age_text"] = _age_text(text, spans)
    return result
