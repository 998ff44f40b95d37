"""Where the child is: the place as written, and the council responsible for it.

Why this shape: counsellors route a referral to the local authority's children's
social care, so the council's canonical name matters more than the place; but the
place is kept verbatim because "Croydon" and "London Borough of Croydon" are not
the same words a professional used. Places are matched case-insensitively (people
type "croydon"), except for those that are also common words or first names
("Reading", "Bath", "Sale", "Chelsea"): those need a capital letter and a location
word before them ("in Reading", "from Bath"). "March" (Cambridgeshire) is a month
far more often than a town, so it also needs the county named next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.extraction.data_files import key_of, load
from bot.extraction.text import Message

FILE = "local_authorities.yml"
CURRENT_CUES = {"in", "at", "near", "around", "outside", "inside", "within", "across", "nr"}
FROM_CUES = {"from"}
TO_CUES = {"to", "towards", "into"}
SKIP_BEFORE_PLACE = {"the", "a", "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "inner", "outer", "greater"}
MONTH_WORDS = {"march"}
# "taking him to Birmingham", "moved to Leeds tonight": the place after "to" is where the child is
# being taken (child.moving_to), not where the child is (../shared/handoff_summary.md).
# A finished move ("was moved to Inverness", "has taken her to Leeds") says where the child is now,
# so past forms count only as "being moved to", "will be taken to", "get sent to".
MOVE_WORDS = {
    "take", "takes", "taking", "move", "moves", "moving", "send", "sending", "go", "goes", "going", "travel",
    "travelling", "traveling", "bring", "bringing", "drive", "driving", "collect", "collecting", "transport",
    "transporting", "relocate", "relocating", "ship", "shipping", "run", "running", "carry", "carrying", "trip", "trips",
}
PAST_MOVE_WORDS = {"moved", "sent", "taken", "brought", "driven", "transported", "trafficked", "relocated", "shipped", "carried"}
FUTURE_MARKERS = {"being", "be", "get", "getting"}
MOVE_WINDOW = 6
CORRECTION_WORDS = {"sorry", "wait", "actually", "correction", "meant", "mean"}  # words before "to" in which a movement verb counts
MONTH_TOWN_CONFIRMERS = {"cambs", "cambridgeshire", "fenland"}


@dataclass(frozen=True)
class Authority:
    """A council with children's services."""

    name: str
    nation: str
    kind: str


@dataclass
class PlaceIndex:
    """Everything `extract` needs, built once."""

    matcher: PhraseMatcher
    by_key: Dict[str, Optional[Authority]]  # None: a place shared by several councils
    strict: FrozenSet[str]
    authorities: Tuple[Authority, ...]


def variants(place: str) -> Set[str]:
    """Spellings professionals use for one place name."""
    out = {place}
    if "-" in place:
        out.add(place.replace("-", " "))
    for a, b in ((" and ", " & "), ("St ", "St. "), ("St ", "Saint "), ("'s ", "s ")):
        for v in list(out):
            if a in v:
                out.add(v.replace(a, b))
    return out


def build(nlp: Language) -> PlaceIndex:
    """Load the authorities file and compile one PhraseMatcher over every place name."""
    data = load(FILE)
    by_key: Dict[str, Optional[Authority]] = {}
    patterns: Dict[str, Doc] = {}
    authorities: List[Authority] = []

    def add(place: str, authority: Optional[Authority]) -> None:
        for variant in variants(str(place)):
            doc = nlp.make_doc(variant)
            key = key_of(doc)
            if key in by_key and by_key[key] != authority:
                by_key[key] = None  # the same name in two councils: never guess which
            else:
                by_key[key] = authority
            patterns[key] = doc

    for entry in data["authorities"]:
        authority = Authority(name=entry["name"], nation=entry["nation"], kind=entry["kind"])
        authorities.append(authority)
        add(authority.name, authority)
        for place in entry.get("places", []):
            add(place, authority)
    for place in data.get("ambiguous", []):
        add(place, None)
    strict = frozenset(key_of(nlp.make_doc(str(p))) for p in data.get("strict", []))
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("PLACE", list(patterns.values()))
    return PlaceIndex(matcher=matcher, by_key=by_key, strict=strict, authorities=tuple(authorities))


def _cue(msg: Message, span: Span) -> str:
    """'current' (in/at/near), 'from', 'to' or 'none': the word before the place."""
    i = span.start - 1
    steps = 0
    while i >= 0 and steps < 3 and msg.doc[i].lower_ in SKIP_BEFORE_PLACE:
        i -= 1
        steps += 1
    if i < 0:
        return "none"
    word = msg.doc[i].lower_
    if word in CURRENT_CUES:
        return "current"
    if word in FROM_CUES:
        return "from"
    if word in TO_CUES:
        return "to"
    return "none"


def _is_month_town(msg: Message, span: Span) -> bool:
    """'March' counts only as 'March, Cambs' / 'March in Cambridgeshire' / 'town of March'."""
    after = [t.lower_ for t in msg.doc[span.end : span.end + 3]]
    if any(w in MONTH_TOWN_CONFIRMERS for w in after):
        return True
    before = [t.lower_ for t in msg.doc[max(0, span.start - 2) : span.start]]
    return before == ["town", "of"]


def _only_commas_between(msg: Message, first: Span, second: Span) -> bool:
    between = msg.doc[first.end : second.start]
    return len(between) <= 2 and all(t.text in {",", "-", "(", "/", "&"} or t.lower_ in {"in", "near", "and", "or"} for t in between)


def _places(msg: Message, index: PlaceIndex) -> List[Tuple[Span, str]]:
    """Every place mentioned, with its cue ('current', 'from', 'to', 'none'), after the false-friend filters."""
    found: List[Tuple[Span, str]] = []
    spans = filter_spans([msg.doc[s:e] for _, s, e in index.matcher(msg.doc)])
    previous: Optional[Tuple[Span, str]] = None
    for span in spans:
        if msg.is_ignored(span.start_char):
            continue
        key = key_of(span)
        capitalised = span.text[:1].isupper()
        cue = _cue(msg, span)
        if cue == "none" and previous is not None and _only_commas_between(msg, previous[0], span):
            cue = previous[1]  # "in south London, Peckham": Peckham is where "in" points too
        if key in MONTH_WORDS:
            if not (capitalised and _is_month_town(msg, span)):
                continue
        elif key in index.strict and not (capitalised and cue != "none"):
            continue
        if len(span) == 1 and span.start > 0 and msg.doc[span.start - 1].lower_ == "new":
            continue  # New York, New Brighton: not the English town
        previous = (span, cue)
        found.append((span, cue))
    return found


def _destinations(msg: Message, index: PlaceIndex) -> List[Span]:
    """Places the child is being taken to, in order; "to Manchester, wait no, to Glasgow" gives both."""
    found: List[Span] = []
    for span, cue in _places(msg, index):
        if _is_destination(msg, span, cue) or cue == "to" and found:
            found.append(span)
    return found


def _is_destination(msg: Message, span: Span, cue: str) -> bool:
    if cue != "to":
        return False
    start = max(0, span.start - MOVE_WINDOW)
    for i in range(start, span.start):
        word = msg.doc[i].lower_
        if word in MOVE_WORDS or word in PAST_MOVE_WORDS and i > 0 and msg.doc[i - 1].lower_ in FUTURE_MARKERS:
            return True
    return False


def extract(msg: Message, index: PlaceIndex) -> Tuple[Optional[str], Optional[str]]:
    """(location as written, canonical local authority or None): where the child is, never where they are being taken."""
    rank = {"current": 3, "none": 2, "from": 1, "to": 1}
    best: Optional[Tuple[Tuple[int, int, int, int], Span]] = None
    corrected = any(t.lower_ in CORRECTION_WORDS for t in msg.doc)  # "Luton, no wait, Dunstable": the later one
    destinations = {d.start for d in _destinations(msg, index)}
    for span, cue in _places(msg, index):
        if span.start in destinations:
            continue
        authority = index.by_key.get(key_of(span))
        if corrected:
            score = (0, 0, 0, span.start)
        else:
            score = (rank[cue], 1 if authority else 0, 1 if span.text[:1].isupper() else 0, -span.start)
        if best is None or score > best[0]:
            best = (score, span)
    if best is None:
        return None, None
    span = best[1]
    authority = index.by_key.get(key_of(span))
    return span.text, authority.name if authority else None


def extract_destination(msg: Message, index: PlaceIndex) -> Optional[str]:
    """Where the child is being taken ("they're moving her to Leeds tonight" -> "Leeds"), as written;
    after a correction ("to Manchester, wait no, to Glasgow") the later one."""
    found = _destinations(msg, index)
    if not found:
        return None
    corrected = any(t.lower_ in CORRECTION_WORDS for t in msg.doc)
    return (found[-1] if corrected else found[0]).text


def country_destination(msg: Message, countries: FrozenSet[str]) -> Optional[str]:
    """A country the child is being taken to ("taking her to Pakistan in the holidays"), as written."""
    for i, token in enumerate(msg.doc):
        if token.lower_ in countries and i > 0 and msg.doc[i - 1].lower_ in TO_CUES:
            before = msg.doc[max(0, i - 1 - MOVE_WINDOW) : i - 1]
            if any(t.lower_ in MOVE_WORDS for t in before) or any(
                t.lower_ in PAST_MOVE_WORDS and j > 0 and msg.doc[j - 1].lower_ in FUTURE_MARKERS
                for j, t in ((t.i, t) for t in before)
            ):
                return token.text
    return None
