"""Nationality (or ethnicity) and first language, kept strictly apart.

Why the care: many words are both a nationality and a language ("Romanian",
"Vietnamese", "Albanian", "Somali"), and neither implies the other: a Romanian
speaker may be Moldovan or Roma, an Arabic speaker may be from a dozen countries.
So a word in a language context ("speaks Romanian", "Tigrinya interpreter",
"first language Arabic") is a language only, and a nationality is reported only
from a nationality word about the child ("Romanian girl", "Eritrean", "from
Vietnam", "Albanian national"), never about the adults around them ("Albanian
men", "a Chinese takeaway"), and never from a journey ("came from France in a
lorry" says nothing about nationality).
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

FILE = "nationalities.yml"

# After a nationality word, these mean it describes someone or something else.
NOT_THE_CHILD_NEXT = {
    "man", "men", "woman", "women", "males", "adult", "adults", "gang", "gangs", "boss", "bosses",
    "employer", "employers", "owner", "owners", "uncle", "aunt", "auntie", "family", "families", "community",
    "communities", "people", "guy", "guys", "lady", "ladies", "driver", "drivers", "group", "groups",
    "trafficker", "traffickers", "network", "networks", "mafia", "mob", "landlord", "landlords", "boyfriend",
    "girlfriend", "husband", "wife", "partner", "father", "mother", "dad", "mum", "brother", "sister",
    "worker", "workers", "staff", "colleague", "colleagues", "interpreter", "interpreters", "translator",
    "speaker", "speakers", "speaking", "language", "takeaway", "takeaways", "restaurant", "restaurants",
    "food", "shop", "shops", "supermarket", "nail", "nails", "salon", "salons", "barber", "barbers", "car",
    "embassy", "consulate", "authorities", "police", "government", "church", "mosque", "temple", "criminals",
    "gangster", "gangsters", "dealer", "dealers", "couple", "friend", "friends", "national's", "lorry",
    "massage", "cafe", "café", "business", "businesses", "court", "kitchen", "rules", "law", "laws",
    "guidance", "procedure", "procedures", "process", "system", "legislation", "act", "courts", "children",
    "kids", "nationals", "citizens", "authority", "services", "charity",
}
CHILD_NEXT = {
    "girl", "girls", "boy", "boys", "child", "children", "yp", "kid", "kids", "lad", "teenager", "teen",
    "young", "pupil", "student", "national", "citizen", "minor", "uasc", "unaccompanied", "female", "male",
}
FIRST_PERSON = {"i", "we", "'m", "am", "im"}
# Before "from X": a journey, not an origin.
JOURNEY_WORDS = {
    "arrived", "arrive", "arriving", "came", "come", "coming", "travelled", "traveled", "travelling", "crossed",
    "brought", "trafficked", "smuggled", "moved", "transported", "flew", "flown", "deported", "sent", "returned",
    "lorry", "boat", "via", "through", "transit", "journey", "train", "ferry", "bus", "drove", "driven", "walked",
}
ORIGIN_CUES = {("born", "in"), ("national", "of"), ("citizen", "of"), ("nationality", "is")}

STRONG_LANGUAGE_CUES = (
    ("first", "language"), ("mother", "tongue"), ("native", "language"), ("home", "language"),
    ("main", "language"), ("preferred", "language"), ("language", "is"), ("language", ":"), ("language", "-"),
)
SPEAK_WORDS = {"speaks", "speak", "speaking", "spoke", "communicates", "communicate", "understands", "converses"}
PROFICIENCY = {
    "little", "no", "some", "limited", "broken", "basic", "poor", "good", "decent", "ok", "okay",
    "reasonable", "bit", "much", "any", "conversational", "better", "perfect", "excellent", "fair", "more", "less",
}
LANGUAGE_AFTER = {"speaker", "speakers", "speaking", "interpreter", "interpreters", "translator", "translation", "interpreting"}


@dataclass(frozen=True)
class Nationality:
    label: str
    kind: str  # "country" | "ethnic"
    strict: bool
    transit: bool = False


@dataclass
class NationalityIndex:
    demonyms: PhraseMatcher
    countries: PhraseMatcher
    languages: PhraseMatcher
    demonym_by_key: Dict[str, Nationality]
    country_by_key: Dict[str, Nationality]
    language_by_key: Dict[str, str]
    strict_country_keys: FrozenSet[str]


def build(nlp: Language) -> NationalityIndex:
    """Compile the three phrase matchers from nationalities.yml."""
    data = load(FILE)
    demonym_by_key: Dict[str, Nationality] = {}
    country_by_key: Dict[str, Nationality] = {}
    language_by_key: Dict[str, str] = {}
    strict_countries: Set[str] = set()
    demonym_docs: Dict[str, Doc] = {}
    country_docs: Dict[str, Doc] = {}
    language_docs: Dict[str, Doc] = {}

    for entry in data["countries"]:
        strict = bool(entry.get("strict"))
        nat = Nationality(label=entry["demonym"], kind="country", strict=strict)
        for word in [entry["demonym"], *entry.get("demonym_aliases", [])]:
            doc = nlp.make_doc(str(word))
            demonym_by_key[key_of(doc)] = nat
            demonym_docs[key_of(doc)] = doc
        for name in [entry["country"], *entry.get("country_aliases", [])]:
            doc = nlp.make_doc(str(name))
            country_by_key[key_of(doc)] = Nationality(label=nat.label, kind="country", strict=strict, transit=bool(entry.get("transit")))
            country_docs[key_of(doc)] = doc
            if strict:
                strict_countries.add(key_of(doc))
    for entry in data.get("ethnicities", []):
        nat = Nationality(label=entry["name"], kind="ethnic", strict=False)
        for word in [entry["name"], *entry.get("aliases", [])]:
            doc = nlp.make_doc(str(word))
            demonym_by_key[key_of(doc)] = nat
            demonym_docs[key_of(doc)] = doc
        for name in entry.get("homeland", []):
            doc = nlp.make_doc(str(name))
            country_by_key[key_of(doc)] = nat
            country_docs[key_of(doc)] = doc
    for entry in data["languages"]:
        for word in [entry["name"], *entry.get("aliases", [])]:
            doc = nlp.make_doc(str(word))
            language_by_key[key_of(doc)] = entry["name"]
            language_docs[key_of(doc)] = doc

    def matcher(docs: Dict[str, Doc]) -> PhraseMatcher:
        m = PhraseMatcher(nlp.vocab, attr="LOWER")
        m.add("X", list(docs.values()))
        return m

    return NationalityIndex(
        demonyms=matcher(demonym_docs),
        countries=matcher(country_docs),
        languages=matcher(language_docs),
        demonym_by_key=demonym_by_key,
        country_by_key=country_by_key,
        language_by_key=language_by_key,
        strict_country_keys=frozenset(strict_countries),
    )


def _spans(matcher: PhraseMatcher, msg: Message) -> List[Span]:
    return [s for s in filter_spans([msg.doc[a:b] for _, a, b in matcher(msg.doc)]) if not msg.is_ignored(s.start_char)]


def _words_before(msg: Message, start: int, n: int) -> List[str]:
    return [t.lower_ for t in msg.doc[max(0, start - n) : start]]


def _language_cue(msg: Message, span: Span) -> Tuple[int, bool]:
    """(strength, proficiency_only) of the language context around `span`.

    strength: 3 for first-language words ("first language Tigrinya", "Arabic is his
    first language"), 2 for "speaks X", "X speaker", "X interpreter", "X-speaking",
    0 for none. proficiency_only: "speaks little X", "no X", "good X" describe a
    second language, so X is not the first language (but is still a language, not
    a nationality).
    """
    before = _words_before(msg, span.start, 5)
    after = [t.lower_ for t in msg.doc[span.end : span.end + 5]]
    for cue in STRONG_LANGUAGE_CUES:
        pair = list(cue)
        if before[-2:] == pair or (before[-3:-1] == pair and before[-1:] and before[-1] in {"is", ":", "-", "=", "was"}):
            return 3, False
    if after[:1] and after[0] in {"is", "as", "=", "-"} and "language" in after[1:5] and any(w in {"first", "main", "native", "home"} for w in after[1:5]):
        return 3, False
    proficiency = bool(before) and before[-1] in PROFICIENCY
    if after[:1] and after[0] in LANGUAGE_AFTER:
        return 2, proficiency
    if after[:2] == ["-", "speaking"]:
        return 2, proficiency
    for i in range(len(before) - 1, max(-1, len(before) - 5), -1):
        word = before[i]
        if word in SPEAK_WORDS or (word == "in" and i > 0 and before[i - 1] in {"fluent", "communicates", "communicate"}):
            between = before[i + 1 :]
            return 2, any(w in PROFICIENCY for w in between)
    return 0, proficiency


CHAIN_WORDS = {"and", "or", ",", "/", "&", "a", "of", "bit", "little", "some", "also", "plus", "-", "but", "no", "not", "much", "very"}


NOT_A_SPOKEN_LANGUAGE_NEXT = {
    "lessons", "lesson", "class", "classes", "school", "teacher", "course", "gcse", "homework", "book", "books",
    "tv", "music", "film", "films", "songs", "food", "name", "names", "script", "writing", "numerals", "cat",
}
NEVER_BARE = {"English", "Welsh", "Irish", "Scottish Gaelic", "Chinese"}


def _bare_language(msg: Message, span: Span, index: NationalityIndex) -> bool:
    """A language named on its own that is no nationality word (Sorani, Tigrinya, Dari)."""
    key = key_of(span)
    if key in index.demonym_by_key or index.language_by_key[key] in NEVER_BARE:
        return False
    nxt = msg.doc[span.end].lower_ if span.end < len(msg.doc) else ""
    return nxt not in NOT_A_SPOKEN_LANGUAGE_NEXT


def _languages(msg: Message, index: NationalityIndex) -> Tuple[Optional[str], List[Tuple[int, int]]]:
    """(first language, token spans that are language mentions of any kind)."""
    context: List[Tuple[int, int]] = []
    best: Optional[Tuple[int, int, str]] = None
    last_context_end = -1
    spans = _spans(index.languages, msg)
    for span in spans:
        strength, proficiency_only = _language_cue(msg, span)
        if strength == 0 and last_context_end >= 0 and all(
            t.lower_ in CHAIN_WORDS or t.lower_ in PROFICIENCY for t in msg.doc[last_context_end : span.start]
        ):
            strength, proficiency_only = 2, True  # "speaks Dari and Pashto", "Albanian and a bit of Italian"
        if strength == 0 and not proficiency_only and _bare_language(msg, span, index):
            strength = 1  # "Kurdish boy from Iraq, Sorani, 16": a word that can only be a language
        if strength == 0 and not proficiency_only:
            continue
        last_context_end = span.end
        context.append((span.start, span.end))
        if strength == 0 or proficiency_only:
            continue
        name = index.language_by_key[key_of(span)]
        only = "only" in _words_before(msg, span.start, 3) or msg.doc[span.end : span.end + 1].text.lower() == "only"
        if name == "English" and strength < 3 and not only:
            continue  # "speaks English" says little; "first language English" / "only speaks English" do
        candidate = (strength, -span.start, name)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    # "Kurdish or Pashto interpreter": a language joined to a later language mention is one too
    for i in range(len(spans) - 2, -1, -1):
        span, nxt = spans[i], spans[i + 1]
        if any(s <= nxt.start < e for s, e in context) and all(t.lower_ in CHAIN_WORDS for t in msg.doc[span.end : nxt.start]):
            context.append((span.start, span.end))
    return (best[2] if best else None), context


def _about_the_child(msg: Message, span: Span, nat: Nationality) -> bool:
    """A nationality word describing the child, not adults, businesses or the writer."""
    nxt = [t.lower_ for t in msg.doc[span.end : span.end + 2]]
    nxt_word = ([w for w in nxt if w not in {"older", "adult", "-"}][:1] or nxt[:1] or [""])[0]
    if nxt_word in NOT_THE_CHILD_NEXT:
        return False
    if nxt[:1] == ["-"] and len(nxt) > 1 and nxt[1] in LANGUAGE_AFTER:
        return False
    if any(w in FIRST_PERSON for w in _words_before(msg, span.start, 2)):
        return False  # "I'm Polish": the writer
    if nat.strict and not span.text[:1].isupper() and nxt_word not in CHILD_NEXT:
        # lower-case "polish" counts only as a list item ("girl, 14, polish, ...")
        before_punct = span.start > 0 and msg.doc[span.start - 1].is_punct
        after_punct = span.end >= len(msg.doc) or msg.doc[span.end].is_punct
        return before_punct and after_punct
    return True


def _country_is_origin(msg: Message, span: Span, nat: Nationality) -> bool:
    """'from Vietnam', 'born in Albania', but not 'came from France in a lorry'."""
    before = _words_before(msg, span.start, 5)
    if before[-1:] == ["the"]:
        before = before[:-1]  # "from the DRC"
    if tuple(before[-2:]) in ORIGIN_CUES:
        return True
    journey = any(w in JOURNEY_WORDS for w in before[:-1])
    return before[-1:] == ["from"] and not (journey and nat.transit)


def extract(msg: Message, index: NationalityIndex) -> Tuple[Optional[str], Optional[str]]:
    """(nationality, first_language) or None for each."""
    first_language, language_context = _languages(msg, index)
    found: List[Nationality] = []
    for span in _spans(index.demonyms, msg):
        if any(s < span.end and span.start < e for s, e in language_context):
            continue
        nat = index.demonym_by_key[key_of(span)]
        if _about_the_child(msg, span, nat):
            found.append(nat)
    for span in _spans(index.countries, msg):
        key = key_of(span)
        if key in index.strict_country_keys and not span.text[:1].isupper():
            continue
        nat = index.country_by_key[key]
        if _country_is_origin(msg, span, nat):
            found.append(nat)
    return _combine(found), first_language


def _combine(found: List[Nationality]) -> Optional[str]:
    """One nationality, one ethnicity, or "Iraqi Kurdish"; None when they conflict."""
    countries: List[str] = []
    ethnic: List[str] = []
    for nat in found:
        target = countries if nat.kind == "country" else ethnic
        if nat.label not in target:
            target.append(nat.label)
    if len(countries) > 1 or len(ethnic) > 1:
        return None
    if countries and ethnic:
        return f"{countries[0]} {ethnic[0]}"
    if countries:
        return countries[0]
    if ethnic:
        return ethnic[0]
    return None
