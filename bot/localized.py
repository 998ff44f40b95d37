"""Checks for the replies people get in their own language (domain/localized/).

Each file holds one reply: the English source text, then one variant per language,
chosen by the `language` slot. A translation that drops the helpline number or the
999 advice is dangerous, so `helpline check-content` reports, as `file:line: message`:
a missing language, placeholders that differ from the English, a missing "999", and
right-to-left languages not marked `dir: rtl` for the website.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterator, List

import yaml

from bot import project

LOCALIZED_DIR = project.DOMAIN / "localized"
LANGUAGES = ["cy", "ro", "vi", "sq", "pl", "ar", "fa", "ur", "so", "es", "fr", "pt"]
RIGHT_TO_LEFT = {"ar", "fa", "ur"}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def variants_by_language(variants: List[dict]) -> Dict[str, dict]:
    """{"en": english variant, "ro": romanian variant, ...} from a response's variants."""
    found = {}
    for variant in variants:
        conditions = variant.get("condition") or []
        language = next((c["value"] for c in conditions if c.get("name") == "language"), "en")
        found[language] = variant
    return found


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    return 1


def reply_problems(path: Path) -> Iterator[str]:
    where = path.relative_to(project.ROOT)
    responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses", {})
    for name, variants in responses.items():
        by_language = variants_by_language(variants)
        english = by_language.get("en", {}).get("text", "")
        if not english:
            yield f"{where}:{_line_of(path, name)}: {name} has no English text (the source, and the reply for other languages)"
            continue
        for code in LANGUAGES:
            variant = by_language.get(code)
            if variant is None:
                yield f"{where}:{_line_of(path, name)}: {name} has no '{code}' translation"
                continue
            line = _line_of(path, f"value: {code}}}")
            text = variant.get("text", "")
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(english)):
                yield f"{where}:{line}: {name} [{code}] placeholders {sorted(set(PLACEHOLDER.findall(text)))} differ from the English {sorted(set(PLACEHOLDER.findall(english)))}"
            if "999" in english and "999" not in text:
                yield f"{where}:{line}: {name} [{code}] lost the 999 advice"
            direction = (variant.get("metadata") or {}).get("dir")
            if (direction == "rtl") != (code in RIGHT_TO_LEFT):
                yield f"{where}:{line}: {name} [{code}] must have metadata dir: {'rtl' if code in RIGHT_TO_LEFT else 'ltr'}"


def localized_problems(directory: Path = LOCALIZED_DIR) -> List[str]:
    return [problem for path in sorted(directory.glob("*.yml")) for problem in reply_problems(path)]
