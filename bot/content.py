"""The bot's editable content, read the way the bot reads it, and checked the way an editor needs.

Editors change answers (a list of short facets, bot/answers/facets.py) and examples in
`data/nlu/faq/<topic>.yml` and numbers in `domain/contacts.yml`. `helpline check-content` (and the test suite) runs
`content_problems()` so a mistake is reported as `file:line: what is wrong` before
it reaches a professional: a phone number typed into an answer, a missing source,
an answer too long to read on a phone, a topic with too few examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List

import yaml

from bot import project
from bot.answers.facets import Facet, facets_by_topic
from bot.localized import localized_problems

FAQ_DIR = project.DATA / "nlu" / "faq"
CONTACTS_FILE = project.DOMAIN / "contacts.yml"
DOMAIN_FACTS = project.CONTENT / "domain_facts.md"

# FAQ topics this project added beyond ../shared/intents.json (its names are added to, never renamed);
# each needs a row in ../shared/intents.md when the contract is next revised.
TOPICS_ADDED_TO_CONTRACT = {
    "adult_victims": "the person is 18 or over: consent to the NRM, the Duty to Notify, the Modern Slavery & Exploitation Helpline",
    "other_abuse": "other worries about a child than trafficking (neglect, online abuse, FGM): a signpost to the helpline",
}

MIN_TRAINING_EXAMPLES = 15
MAX_ANSWER_WORDS = 80  # one facet, read on a phone (issue 13: median reply <= 90 words)
MAX_SUGGESTION_WORDS = 10  # a button, read at a glance
# Emergency numbers are the same everywhere and are written out on purpose.
LITERAL_NUMBERS_ALLOWED = {"999", "101"}
# Anything that looks like a phone number or an e-mail address.
PHONE_OR_EMAIL = re.compile(r"(?<![\w/])(?:\+?\d[\d ]{2,}\d)(?![\w/])|[\w.+-]+@[\w-]+\.[\w.]+")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class FaqTopic:
    """One topic as an editor sees it: its file, examples and answer facets."""

    topic: str
    path: Path
    examples: List[str] = field(default_factory=list)
    facets: List[Facet] = field(default_factory=list)

    @property
    def answer(self) -> str:
        """The overview (first facet): what a question that asks nothing more specific gets."""
        return self.facets[0].text if self.facets else ""

    @property
    def sources(self) -> List[str]:
        return list(dict.fromkeys(source for facet in self.facets for source in facet.sources))

    @property
    def suggestion(self) -> str:
        """The question offered as a button when the bot is unsure (actions/fallback.py)."""
        return self.facets[0].suggestion if self.facets else ""


def _examples(block: str) -> List[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def load_faq_topics(directory: Path = FAQ_DIR) -> Dict[str, FaqTopic]:
    topics: Dict[str, FaqTopic] = {}
    for path in sorted(directory.glob("*.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for item in document.get("nlu") or []:
            intent = item.get("intent", "")
            if intent.startswith("faq/"):
                topic = topics.setdefault(intent[4:], FaqTopic(intent[4:], path))
                topic.examples += _examples(item.get("examples", ""))
        for name, facets in facets_by_topic(document.get("responses") or {}).items():
            topics.setdefault(name, FaqTopic(name, path)).facets = facets
    return topics


def load_contacts(path: Path = CONTACTS_FILE) -> Dict[str, str]:
    """Slot name -> the phone number or address the bot fills into answers."""
    slots = (yaml.safe_load(path.read_text()) or {}).get("slots") or {}
    return {name: str(spec.get("initial_value")) for name, spec in slots.items()}


def render(text: str, contacts: Dict[str, str]) -> str:
    """The text as the professional reads it (contacts filled in, as Rasa does)."""
    return PLACEHOLDER.sub(lambda m: contacts.get(m.group(1), m.group(0)), text)


def known_sources(facts: Path = DOMAIN_FACTS) -> set[str]:
    """Source keys defined in domain_facts.md's Source key, e.g. 'S19', 'seed 000_....txt'."""
    keys = set()
    for line in facts.read_text().splitlines():
        match = re.match(r"- (S\d+|seed \S+\.txt) ", line)
        if match:
            keys.add(match.group(1))
    return keys


def looks_like_contact(literal: str) -> bool:
    """An e-mail address or a phone number; not 999/101, a year or a count like '1,323'."""
    if "@" in literal:
        return True
    digits = literal.replace(" ", "")
    return literal not in LITERAL_NUMBERS_ALLOWED and len(digits) >= 6


def _line_of(path: Path, needle: str, after: int = 0) -> int:
    """The first line (1-based) after line `after` that contains `needle`; else `after` or 1."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if number > after and needle in line:
            return number
    return after or 1


def answer_problems(
    topic: FaqTopic, contacts: Dict[str, str], sources: set[str], topics: Iterable[str] = ()
) -> Iterator[str]:
    response_line = _line_of(topic.path, "utter_faq/")
    if not any(facet.text.strip() for facet in topic.facets):
        yield f"{topic.path.relative_to(project.ROOT)}:{response_line}: faq/{topic.topic} has no answer (utter_faq/{topic.topic})"
        return
    known_topics = set(topics)
    seen: set[str] = set()
    for index, facet in enumerate(topic.facets):
        line = _line_of(topic.path, f"facet: {facet.name}", response_line) if index else response_line
        where = f"{topic.path.relative_to(project.ROOT)}:{line}"
        if facet.name in seen:
            yield f"{where}: two facets are called '{facet.name}'; give each facet of a topic its own name"
        seen.add(facet.name)
        yield from facet_problems(facet, where, contacts, sources, known_topics)
        if index and not facet.asks:
            yield f"{where}: facet '{facet.name}' needs metadata.asks, the words that show a question wants it"
    where = f"{topic.path.relative_to(project.ROOT)}:{response_line}"
    if not topic.suggestion.strip().endswith("?") or len(topic.suggestion.split()) > MAX_SUGGESTION_WORDS:
        yield (f"{where}: add metadata.suggestion to the first facet, the question offered as a button when the bot "
               f"is unsure (a question of at most {MAX_SUGGESTION_WORDS} words)")


def facet_problems(
    facet: Facet, where: str, contacts: Dict[str, str], sources: set[str], topics: set[str]
) -> Iterator[str]:
    """What is wrong with one facet, reported at `where` ("data/nlu/faq/x.yml:12")."""
    label = f"facet '{facet.name}'"
    if not facet.text.strip():
        yield f"{where}: {label} has no text"
    for name in PLACEHOLDER.findall(facet.text):
        if name not in contacts:
            yield f"{where}: unknown contact {{{name}}}; contacts are {', '.join(sorted(contacts))}"
    for literal in map(str.strip, PHONE_OR_EMAIL.findall(facet.text)):
        if looks_like_contact(literal):
            yield f"{where}: write contacts as placeholders from domain/contacts.yml, not '{literal}'"
    words = len(render(facet.text, contacts).split())
    if words > MAX_ANSWER_WORDS:
        yield f"{where}: {label} has {words} words; keep each facet to {MAX_ANSWER_WORDS}"
    if not facet.sources:
        yield f"{where}: add metadata.sources to {label}, naming where each fact comes from"
    for source in facet.sources:
        if source not in sources:
            yield f"{where}: source '{source}' is not in shared/content/domain_facts.md's Source key"
    for other in facet.related:
        if topics and other not in topics:
            yield f"{where}: {label} is related to '{other}', which is not a topic (a file in data/nlu/faq/)"


def content_problems() -> List[str]:
    """Every problem an editor must fix, as 'file:line: message'."""
    contacts = load_contacts()
    sources = known_sources()
    problems: List[str] = []
    topics = load_faq_topics()
    for topic in topics.values():
        if len(topic.examples) < MIN_TRAINING_EXAMPLES:
            line = _line_of(topic.path, f"faq/{topic.topic}")
            problems.append(
                f"{topic.path.relative_to(project.ROOT)}:{line}: faq/{topic.topic} has "
                f"{len(topic.examples)} examples; it needs at least {MIN_TRAINING_EXAMPLES}"
            )
        problems.extend(answer_problems(topic, contacts, sources, topics))
    return problems + localized_problems()
