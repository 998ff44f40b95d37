"""Who is writing (reporter_role) and what they have already done (actions_taken).

Why first-person only: safeguarding messages name many roles ("her social worker
said", "the DSL told me"), and only the writer's own role tells the counsellor who
they are talking to. A role counts after "I'm (a/the/her) ...", "I am ...",
"as a/her ...", "I work as ...", "this is the ...", or as "<role> here" at the
start of a clause ("school nurse here").

Actions are reported verbatim ("told the DSL", "made an NRM referral", "police
have been informed"); a plan or a question ("should I tell the police?", "I will
ring CSC", "haven't told anyone yet") is not an action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from bot.extraction.data_files import key_of, load
from bot.extraction.patterns import AnchoredMatcher, compile_pattern
from bot.extraction.text import Message

FILE = "reporters.yml"
DETERMINERS = {"a", "an", "the", "her", "his", "their", "my", "our", "its", "one", "of", "this", "that", "school's", "'s"}
ROLE_MODIFIERS = {
    "senior", "lead", "trainee", "student", "newly", "qualified", "locum", "duty", "specialist", "community",
    "primary", "secondary", "school", "college", "registered", "assistant", "acting", "interim", "agency",
    "supply", "new", "experienced", "named", "allocated", "nhs", "maths", "english", "science", "pe", "art",
    "music", "history", "geography", "esol", "eal", "form", "class", "year", "practice", "hospital", "ward",
    "a&e", "family", "youth", "children's", "childrens", "safeguarding", "sexual", "health", "guidance",
    "pastoral", "deputy", "personal", "volunteer", "voluntary",
}
PLAN_WORDS = {
    "not", "n't", "nt", "never", "should", "shall", "will", "'ll", "would", "could", "can", "ca", "might", "may",
    "must", "need", "needs", "going", "gon", "want", "wants", "plan", "planning", "whether", "if", "yet",
    "wo", "haven't", "hasn't", "didn't", "to", "about", "unless", "tomorrow", "shd",
}
AS_ROLE_VERBS = {
    "work", "works", "worked", "working", "i", "me", "you", "here", "speaking", "writing", "calling", "contacting",
    "emailing", "messaging", "involved", "employed", "volunteer", "volunteering", "acting",
}
OPENING_FOLLOWERS = {",", "here", "in", "at", "from", "-", ":", "with", "for", "based"}
GREETINGS = {"hi", "hello", "hiya", "hey", "morning", "afternoon", "evening", "it's", "its", "this", "is"}


@dataclass
class ReporterIndex:
    roles: PhraseMatcher
    role_by_key: Dict[str, str]
    actions: AnchoredMatcher
    targets: PhraseMatcher


def build(nlp: Language) -> ReporterIndex:
    """Compile the role phrase matcher and the action Matcher from reporters.yml."""
    data = load(FILE)
    role_by_key: Dict[str, str] = {}
    docs = []
    for entry in data["roles"]:
        for alias in [entry["role"], *entry.get("aliases", [])]:
            doc = nlp.make_doc(str(alias))
            role_by_key[key_of(doc)] = entry["role"]
            docs.append(doc)
    roles = PhraseMatcher(nlp.vocab, attr="LOWER")
    roles.add("ROLE", docs)
    actions = AnchoredMatcher(nlp)
    patterns: List[List[Dict[str, object]]] = []
    targets = [str(t) for t in data["targets"]]
    for line in data["actions"]:
        line = str(line)
        if "{T}" in line:
            patterns.extend(compile_pattern(line.replace("{T}", target), nlp) for target in targets)
        else:
            patterns.append(compile_pattern(line, nlp))
    actions.add("ACTION", patterns)
    target_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    target_matcher.add("TARGET", [nlp.make_doc(t) for t in targets])
    return ReporterIndex(roles=roles, role_by_key=role_by_key, actions=actions, targets=target_matcher)


def _first_person_before(msg: Message, span: Span) -> bool:
    """'I'm a ...', 'I am the ...', 'as her ...', 'I work as a ...', 'this is the ...'."""
    doc = msg.doc
    i = span.start - 1
    modifiers = 0
    while i >= 0 and (doc[i].lower_ in ROLE_MODIFIERS or doc[i].is_digit or doc[i].lower_[:2] == "yr") and modifiers < 3:
        i -= 1
        modifiers += 1
    determiners = 0
    while i >= 0 and doc[i].lower_ in DETERMINERS and determiners < 3:
        i -= 1
        determiners += 1
    if i < 0:
        return False
    word = doc[i].lower_
    prev = doc[i - 1].lower_ if i > 0 else ""
    if word in {"'m", "m", "am"}:
        return prev == "i"
    if word == "im":
        return True
    if word == "as":
        # "As a GP, I ...", "I work as a nurse", "contacting you as her social worker";
        # not "use the adult as a translator", "such as a youth worker"
        return i == 0 or msg.is_boundary(i - 1) or prev in AS_ROLE_VERBS
    if word == "is" and prev == "this":
        return True
    return False


def _role_here(msg: Message, span: Span) -> bool:
    """'school nurse here', 'hi, DSL here'."""
    if span.end >= len(msg.doc) or msg.doc[span.end].lower_ != "here":
        return False
    i = span.start - 1
    while i >= 0 and msg.doc[i].lower_ in DETERMINERS | ROLE_MODIFIERS:
        i -= 1
    return i < 0 or msg.is_boundary(i) or msg.doc[i].is_punct or msg.doc[i].lower_ in GREETINGS


def _role_opening(msg: Message, span: Span) -> bool:
    """A message that opens with the writer's role: "teacher in Omagh, ...", "GP, ..."."""
    i = span.start - 1
    while i >= 0 and (msg.doc[i].lower_ in DETERMINERS | ROLE_MODIFIERS | GREETINGS or msg.doc[i].is_punct):
        i -= 1
    if i >= 0:
        return False
    return span.end < len(msg.doc) and msg.doc[span.end].lower_ in OPENING_FOLLOWERS


def extract_role(msg: Message, index: ReporterIndex) -> Optional[str]:
    """The writer's own role, or None: in their words when those say more than the canonical
    label ('designated safeguarding lead', 'key worker'), else the label ('DSL' for 'dsl', 'police officer' for 'PC')."""
    spans = filter_spans([msg.doc[s:e] for _, s, e in index.roles(msg.doc)])
    for span in spans:
        if _first_person_before(msg, span) or _role_here(msg, span) or _role_opening(msg, span):
            canonical = index.role_by_key[key_of(span)]
            return span.text if len(span.text) > ABBREVIATION_MAX and span.text.lower() != canonical.lower() else canonical
    if FOSTER_CHILD.search(msg.text):
        return "foster carer"  # "my foster son": the writer's own words say who they are
    return None


ABBREVIATION_MAX = 4  # "pc", "dsl", "hv": the label reads better than the letters
FOSTER_CHILD = re.compile(r"\b(my|our) foster (son|daughter|child|children|kid|kids|boy|girl|placement)\b", re.I)

# "at Hillcrest Primary", "Kirklees children's services", "the Riverside Hotel": a named
# organisation is capitalised words ending in a kind of organisation.
ORGANISATION = re.compile(
    r"\b((?:[A-Z][\w'&.-]*\s+){1,4}(?:Primary|Academy|School|College|University|Council|Hotel|Trust|Hospital|Surgery|"
    r"Practice|Centre|Center|Project|Services|Service|Charity|Church|Mosque|Club|Foundation|Housing|Association|"
    r"Police|Constabulary|Nursery|Library|Taxis|Cars|Borough|Team|Partnership|Clinic|Unit|High)(?:\s+School)?)\b"
    r"|\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,3}\s+(?:children'?s services|social care|social services|youth service))",
)
NOT_ORGANISATION_START = {"I", "I'm", "Im", "My", "Our", "The", "A", "An", "She", "He", "They", "We", "At", "From", "Hi", "Hello"}


def extract_organisation(text: str) -> Optional[str]:
    """The organisation the writer names, as written ('Hillcrest Primary', 'Kirklees children's services'), or None."""
    for match in ORGANISATION.finditer(text):
        name = (match.group(1) or match.group(2) or "").strip()
        words = name.split()
        while words and words[0] in NOT_ORGANISATION_START:
            words = words[1:]
        if len(words) >= 2:
            return " ".join(words)
    return None


def _extend_with_targets(msg: Message, end: int, target_starts: Dict[int, int]) -> int:
    """'informed the head' + ' and the LADO' -> 'informed the head and the LADO'."""
    while end < len(msg.doc) and msg.doc[end].lower_ in {"and", ",", "&", "plus"}:
        i = end + 1
        while i < len(msg.doc) and msg.doc[i].lower_ in {"the", "her", "his", "their", "my", "our", "a", "also"}:
            i += 1
        if i not in target_starts:
            break
        end = target_starts[i]
    return end


def _is_plan(msg: Message, span: Span) -> bool:
    i, seen = span.start - 1, 0
    while i >= 0 and seen < 4 and not msg.is_boundary(i):
        if msg.doc[i].lower_ in PLAN_WORDS:
            return True
        i -= 1
        seen += 1
    return msg.is_ignored(span.start_char)


def extract_actions(msg: Message, index: ReporterIndex) -> List[str]:
    """Verbatim phrases for what has already been done, in message order, no repeats."""
    spans = filter_spans([msg.doc[s:e] for _, s, e in index.actions(msg.doc)])
    target_starts: Dict[int, int] = {}
    for _, s, e in index.targets(msg.doc):
        target_starts[s] = max(e, target_starts.get(s, 0))
    out: List[Tuple[int, str]] = []
    seen = set()
    for span in spans:
        if _is_plan(msg, span):
            continue
        end = _extend_with_targets(msg, span.end, target_starts)
        text = msg.text[span.start_char : msg.doc[end - 1].idx + len(msg.doc[end - 1].text)].strip()
        if text.lower() not in seen:
            seen.add(text.lower())
            out.append((span.start, text))
    return [t for _, t in sorted(out)]
