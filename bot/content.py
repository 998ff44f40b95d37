"""The bot's editable content, read the way the bot reads it, and checked the way an editor needs.

Editors change answers and examples in `data/nlu/faq/<topic>.yml` and numbers in
`domain/contacts.yml`. `helpline check-content` (and the test suite) runs
`content_problems()` so a mistake is reported as `file:line: what is wrong` before
it reaches a professional: a phone number typed into an answer, a missing source,
an answer too long to read on a phone, a topic with too few examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List

import yaml

from bot import project
from bot.localized import localized_problems

FAQ_DIR = project.DATA / "nlu" / "faq"
CONTACTS_FILE = project.DOMAIN / "contacts.yml"
DOMAIN_FACTS = project.CONTENT / "domain_facts.md"

MIN_TRAINING_EXAMPLES = 15
MAX_ANSWER_WORDS = 120
MAX_SUGGESTION_WORDS = 10  # a button, read at a glance
# Emergency numbers are the same everywhere and are written out on purpose.
LITERAL_NUMBERS_ALLOWED = {"999", "101"}
# Anything that looks like a phone number or an e-mail address.
PHONE_OR_EMAIL = re.compile(r"(?<![\w/])(?:\+?\d[\d ]{2,}\d)(?![\w/])|[\w.+-]+@[\w-]+\.[\w.]+")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class FaqTopic:
    """One topic as an editor sees it: its file, examples, answer and sources."""

    topic: str
    path: Path
    examples: List[str] = field(default_factory=list)
    answer: str = ""
    sources: List[str] = field(default_factory=list)
    suggestion: str = ""  # the question offered as a button when the bot is unsure (actions/fallback.py)


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
        for key, variations in (document.get("responses") or {}).items():
            if key.startswith("utter_faq/") and variations:
                topic = topics.setdefault(key[len("utter_faq/"):], FaqTopic(key[len("utter_faq/"):], path))
                topic.answer = variations[0].get("text", "")
                topic.sources = list((variations[0].get("metadata") or {}).get("sources") or [])
                topic.suggestion = str((variations[0].get("metadata") or {}).get("suggestion") or "")
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


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    return 1


def answer_problems(topic: FaqTopic, contacts: Dict[str, str], sources: set[str]) -> Iterator[str]:
    where = f"{topic.path.relative_to(project.ROOT)}:{_line_of(topic.path, 'utter_faq/')}"
    if not topic.answer.strip():
        yield f"{where}: faq/{topic.topic} has no answer (utter_faq/{topic.topic})"
        return
    for name in PLACEHOLDER.findall(topic.answer):
        if name not in contacts:
            yield f"{where}: unknown contact {{{name}}}; contacts are {', '.join(sorted(contacts))}"
    for literal in map(str.strip, PHONE_OR_EMAIL.findall(topic.answer)):
        if looks_like_contact(literal):
            yield f"{where}: write contacts as placeholders from domain/contacts.yml, not '{literal}'"
    words = len(render(topic.answer, contacts).split())
    if words > MAX_ANSWER_WORDS:
        yield f"{where}: answer has {words} words; keep it under {MAX_ANSWER_WORDS}"
    if not topic.sources:
        yield f"{where}: add metadata.sources naming where each fact comes from"
    if not topic.suggestion.strip().endswith("?") or len(topic.suggestion.split()) > MAX_SUGGESTION_WORDS:
        yield (f"{where}: add metadata.suggestion, the question offered as a button when the bot is unsure "
               f"(a question of at most {MAX_SUGGESTION_WORDS} words)")
    for source in topic.sources:
        if source not in sources:
            yield f"{where}: source '{source}' is not in shared/content/domain_facts.md's Source key"


def content_problems() -> List[str]:
    """Every problem an editor must fix, as 'file:line: message'."""
    contacts = load_contacts()
    sources = known_sources()
    problems: List[str] = []
    for topic in load_faq_topics().values():
        if len(topic.examples) < MIN_TRAINING_EXAMPLES:
            line = _line_of(topic.path, f"faq/{topic.topic}")
            problems.append(
                f"{topic.path.relative_to(project.ROOT)}:{line}: faq/{topic.topic} has "
                f"{len(topic.examples)} examples; it needs at least {MIN_TRAINING_EXAMPLES}"
            )
        problems.extend(answer_problems(topic, contacts, sources))
    return problems + localized_problems()
