"""Checks for the replies people get in their own language (domain/localized/).

Each `<reply>.yml` holds one reply: the English source text, then one variant per language,
chosen by the `language` slot. `widget.yml` holds the website widget's own words (Quick exit,
the notice, the outage banner, labels) per language; it has no `responses:` key, so Rasa
skips it, and `python -m bot.localized widget` copies it into connectors/static/widget.js.

A translation that drops the helpline number or the 999 advice is dangerous, so
`helpline check-content` reports, as `file:line: message`: a missing language, placeholders
that differ from the English, a missing "999", right-to-left languages not marked `dir: rtl`,
a variant without its `lang`, a missing or malformed review record, a review whose text has
changed since, and a widget.js out of date with widget.yml.

The review trail: every variant's metadata has `review:`, either
    {status: machine draft, date: "2026-11-28"}                  (drafted by machine on that day)
or  {status: reviewed, by: "Name, qualification", date: "2026-12-05", fingerprint: "…"}
where the fingerprint (`python -m bot.localized fingerprint FILE LANG` prints the line to paste)
covers the English source and the translation as reviewed: change either and the review is
reported as out of date. `unreviewed()` lists the translations still waiting for a person;
check-content prints them but does not fail on them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import yaml

from bot import project
from bot.language.registry import REPLY_LANGUAGES, RIGHT_TO_LEFT_SCRIPTS

LOCALIZED_DIR = project.DOMAIN / "localized"
WIDGET_FILE = "widget.yml"
WIDGET_JS = project.ROOT / "connectors" / "static" / "widget.js"
LANGUAGES = list(REPLY_LANGUAGES)
RIGHT_TO_LEFT = {code for code in REPLY_LANGUAGES if code in RIGHT_TO_LEFT_SCRIPTS}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
REVIEW_STATUSES = ("machine draft", "reviewed")
WIDGET_BEGIN = "  // BEGIN widget texts"
WIDGET_END = "  // END widget texts"


def variants_by_language(variants: List[dict]) -> Dict[str, dict]:
    """{"en": english variant, "ro": romanian variant, ...} from a response's variants."""
    found = {}
    for variant in variants:
        conditions = variant.get("condition") or []
        language = next((c["value"] for c in conditions if c.get("name") == "language"), "en")
        found[language] = variant
    return found


def _line_of(path: Path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number > after and needle in line:
            return number
    return 1


def fingerprint(english: object, translation: object) -> str:
    """What a review vouches for: the English source and the translation, as they were."""
    canonical = json.dumps([english, translation], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _is_date(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


def review_problems(review: object, english: object, translation: object) -> Iterator[str]:
    """What is wrong with one translation's review record (nothing for a sound machine draft)."""
    if not isinstance(review, dict) or review.get("status") not in REVIEW_STATUSES:
        yield "needs review: {status: machine draft, date: \"YYYY-MM-DD\"} or {status: reviewed, by: ..., date: ..., fingerprint: ...}"
        return
    if not _is_date(review.get("date")):
        yield "review date must be a quoted date, e.g. date: \"2026-12-02\""
    if review["status"] == "reviewed":
        if not str(review.get("by") or "").strip():
            yield "review by: must name the translator who reviewed it"
        if review.get("fingerprint") != fingerprint(english, translation):
            yield ("the English or the translation changed since it was reviewed "
                   f"(reviewed fingerprint {review.get('fingerprint')!r}, now {fingerprint(english, translation)!r}): "
                   "review it again, or mark it machine draft")


def _responses(path: Path) -> dict:
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses", {}) or {}


def _responses_or_none(path: Path) -> dict:
    """The responses, or {} for a file that is not valid YAML (reply_problems reports it)."""
    try:
        return _responses(path)
    except yaml.YAMLError:
        return {}


def reply_problems(path: Path) -> Iterator[str]:
    where = path.relative_to(project.ROOT)
    try:
        responses = _responses(path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        yield f"{where}:{mark.line + 1 if mark else 1}: not valid YAML ({getattr(error, 'problem', None) or error}); quote a text that contains ': '"
        return
    for name, variants in responses.items():
        by_language = variants_by_language(variants)
        english = by_language.get("en", {}).get("text", "")
        if not english:
            yield f"{where}:{_line_of(path, name)}: {name} has no English text (the source, and the reply for other languages)"
            continue
        english_lang = (by_language["en"].get("metadata") or {}).get("lang")
        if english_lang != "en":
            yield f"{where}:{_line_of(path, name)}: {name} English source needs metadata lang: en (the website reads it)"
        for code in LANGUAGES:
            variant = by_language.get(code)
            if variant is None:
                yield f"{where}:{_line_of(path, name)}: {name} has no '{code}' translation"
                continue
            line = _line_of(path, f"value: {code}}}")
            text = variant.get("text", "")
            metadata = variant.get("metadata") or {}
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(english)):
                yield f"{where}:{line}: {name} [{code}] placeholders {sorted(set(PLACEHOLDER.findall(text)))} differ from the English {sorted(set(PLACEHOLDER.findall(english)))}"
            if "999" in english and "999" not in text:
                yield f"{where}:{line}: {name} [{code}] lost the 999 advice"
            if (metadata.get("dir") == "rtl") != (code in RIGHT_TO_LEFT):
                yield f"{where}:{line}: {name} [{code}] must have metadata dir: {'rtl' if code in RIGHT_TO_LEFT else 'ltr'}"
            if metadata.get("lang") != code:
                yield f"{where}:{line}: {name} [{code}] must have metadata lang: {code}"
            for problem in review_problems(metadata.get("review"), english, text):
                yield f"{where}:{line}: {name} [{code}] {problem}"


# ---------------------------------------------------------------------------- the widget's words


def widget_texts(directory: Path = LOCALIZED_DIR) -> Dict[str, dict]:
    """{"en": {"dir": "ltr", "review": {...}, "text": {"quick_exit": "Quick exit", ...}}, "ro": ...}."""
    path = directory / WIDGET_FILE
    if not path.exists():
        return {}
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("widget") or {}


def widget_problems(directory: Path = LOCALIZED_DIR) -> Iterator[str]:
    path = directory / WIDGET_FILE
    if not path.exists():
        return
    where = path.relative_to(project.ROOT)
    texts = widget_texts(directory)
    english = (texts.get("en") or {}).get("text") or {}
    if not english:
        yield f"{where}:1: widget.yml has no English texts (widget: en: text:)"
        return
    for code in LANGUAGES:
        block = texts.get(code)
        if block is None:
            yield f"{where}:1: the widget has no '{code}' texts"
            continue
        start = _line_of(path, f"  {code}:")
        strings = block.get("text") or {}
        for key, source in english.items():
            line = _line_of(path, f"{key}:", after=start)
            value = strings.get(key)
            if value is None or (source and not str(value).strip()):
                yield f"{where}:{line}: widget [{code}] has no '{key}'"
                continue
            if sorted(PLACEHOLDER.findall(value)) != sorted(PLACEHOLDER.findall(source)):
                yield f"{where}:{line}: widget [{code}] {key} placeholders {sorted(set(PLACEHOLDER.findall(value)))} differ from the English {sorted(set(PLACEHOLDER.findall(source)))}"
            if "999" in source and "999" not in value:
                yield f"{where}:{line}: widget [{code}] {key} lost the 999 advice"
        for key in sorted(set(strings) - set(english)):
            yield f"{where}:{_line_of(path, f'{key}:', after=start)}: widget [{code}] '{key}' is not in the English"
        if (block.get("dir") == "rtl") != (code in RIGHT_TO_LEFT):
            yield f"{where}:{start}: widget [{code}] must have dir: {'rtl' if code in RIGHT_TO_LEFT else 'ltr'}"
        for problem in review_problems(block.get("review"), english, strings):
            yield f"{where}:{start}: widget [{code}] {problem}"
    if WIDGET_JS.exists() and directory == LOCALIZED_DIR and _embedded_block(WIDGET_JS.read_text(encoding="utf-8")) != widget_block():
        yield (f"{WIDGET_JS.relative_to(project.ROOT)}:{_line_of(WIDGET_JS, WIDGET_BEGIN.strip())}: the widget's texts "
               "differ from domain/localized/widget.yml or domain/contacts.yml: run .venv/bin/python -m bot.localized widget")


def _contacts() -> Dict[str, str]:
    slots = (yaml.safe_load((project.DOMAIN / "contacts.yml").read_text(encoding="utf-8")) or {}).get("slots") or {}
    return {name: str(spec.get("initial_value")) for name, spec in slots.items()}


def widget_block(directory: Path = LOCALIZED_DIR) -> str:
    """The lines of widget.js between the BEGIN and END markers (inclusive)."""
    texts = widget_texts(directory)
    contacts = _contacts()
    lines = [
        WIDGET_BEGIN + ": generated from domain/localized/widget.yml and domain/contacts.yml by",
        "  // `.venv/bin/python -m bot.localized widget`. Edit those files, not these lines.",
        "  var CONTACTS = " + json.dumps({k: contacts[k] for k in ("helpline_phone", "helpline_email")}, ensure_ascii=False) + ";",
        "  var TEXTS = {",
    ]
    codes = ["en"] + [code for code in LANGUAGES if code in texts]
    for index, code in enumerate(codes):
        entry = {"dir": texts[code].get("dir", "ltr"), "text": texts[code].get("text") or {}}
        comma = "," if index < len(codes) - 1 else ""
        lines.append(f"    {json.dumps(code)}: {json.dumps(entry, ensure_ascii=False, sort_keys=False)}{comma}")
    lines.append("  };")
    lines.append("  // How each localized reply starts -> its language, for a channel that does not send metadata.lang.")
    lines.append("  var REPLY_LANGUAGES = [")
    starts = reply_starts(directory, contacts)
    for index, (start, code) in enumerate(starts):
        comma = "," if index < len(starts) - 1 else ""
        lines.append(f"    {json.dumps([start, code], ensure_ascii=False)}{comma}")
    lines += ["  ];", WIDGET_END]
    return "\n".join(lines)


REPLY_START_LENGTH = 32


def reply_starts(directory: Path = LOCALIZED_DIR, contacts: Optional[Dict[str, str]] = None) -> List[tuple]:
    """[(the first characters of a paragraph of a localized reply, its language), ...], unambiguous ones only.

    The socket.io channel sends each paragraph ("\n\n") as its own message, so each paragraph counts.
    """
    contacts = _contacts() if contacts is None else contacts
    languages: Dict[str, set] = {}
    for path in sorted(directory.glob("*.yml")):
        for variants in _responses_or_none(path).values():
            for code, variant in variants_by_language(variants).items():
                for paragraph in str(variant.get("text") or "").strip().split("\n\n"):
                    start = paragraph.strip().split("{")[0][:REPLY_START_LENGTH]
                    if len(start) >= 12:
                        languages.setdefault(start, set()).add(code)
    return sorted((start, codes.pop()) for start, codes in languages.items() if len(codes) == 1)


def _embedded_block(source: str) -> Optional[str]:
    start = source.find(WIDGET_BEGIN)
    end = source.find(WIDGET_END)
    if start < 0 or end < 0:
        return None
    return source[start:end + len(WIDGET_END)]


def write_widget(path: Path = WIDGET_JS) -> bool:
    """Copy widget.yml (and the contacts) into widget.js; True when the file changed."""
    source = path.read_text(encoding="utf-8")
    current = _embedded_block(source)
    if current is None:
        raise SystemExit(f"{path}: no '{WIDGET_BEGIN.strip()}' ... '{WIDGET_END.strip()}' block to replace")
    block = widget_block()
    if current == block:
        return False
    path.write_text(source.replace(current, block), encoding="utf-8")
    return True


# ---------------------------------------------------------------------------- the review trail


def unreviewed(directory: Path = LOCALIZED_DIR) -> List[str]:
    """'file:line: utter_x [ro] machine draft (2026-11-28)' for every translation no person has reviewed."""
    found: List[str] = []
    for path in sorted(directory.glob("*.yml")):
        where = path.relative_to(project.ROOT)
        if path.name == WIDGET_FILE:
            for code, block in widget_texts(directory).items():
                review = block.get("review") or {}
                if code != "en" and review.get("status") != "reviewed":
                    found.append(f"{where}:{_line_of(path, f'  {code}:')}: widget [{code}] {review.get('status', 'no review')} ({review.get('date', '?')})")
            continue
        for name, variants in _responses_or_none(path).items():
            for code, variant in variants_by_language(variants).items():
                review = (variant.get("metadata") or {}).get("review") or {}
                if code != "en" and review.get("status") != "reviewed":
                    found.append(f"{where}:{_line_of(path, f'value: {code}}}')}: {name} [{code}] {review.get('status', 'no review')} ({review.get('date', '?')})")
    return found


def localized_problems(directory: Path = LOCALIZED_DIR) -> List[str]:
    problems = [problem for path in sorted(directory.glob("*.yml")) for problem in reply_problems(path)]
    return problems + list(widget_problems(directory))


def _review_line(file: str, code: str) -> str:
    path = Path(file)
    if path.name == WIDGET_FILE:
        texts = widget_texts(path.parent)
        english, translation = texts["en"]["text"], texts[code]["text"]
    else:
        (name, variants), = _responses(path).items()
        by_language = variants_by_language(variants)
        english, translation = by_language["en"]["text"], by_language[code]["text"]
    return (f'review: {{status: reviewed, by: "NAME, QUALIFICATION", date: "{date.today().isoformat()}", '
            f'fingerprint: "{fingerprint(english, translation)}"}}')


def main(argv: List[str]) -> int:
    usage = ("usage: python -m bot.localized widget                 copy widget.yml into widget.js\n"
             "       python -m bot.localized unreviewed             translations no person has reviewed\n"
             "       python -m bot.localized fingerprint FILE LANG  the review line to paste after reviewing")
    if argv[:1] == ["widget"]:
        changed = write_widget()
        print(f"{WIDGET_JS.relative_to(project.ROOT)} {'updated' if changed else 'already up to date'}.")
        return 0
    if argv[:1] == ["unreviewed"]:
        print("\n".join(unreviewed()))
        return 0
    if argv[:1] == ["fingerprint"] and len(argv) == 3:
        print(_review_line(argv[1], argv[2]))
        return 0
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
