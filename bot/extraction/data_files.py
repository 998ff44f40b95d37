"""Loading the package's YAML data files.

Why a module: the data lives beside the code (bot/extraction/data/) so content
editors can review it, and every extractor reads it the same way, once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Dict

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> Dict[str, Any]:
    """The parsed YAML file `name` from the data folder (cached: files never change at run time)."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


def key_of(tokens: Any) -> str:
    """The lookup key of a phrase: its lower-cased tokens joined by single spaces.

    PhraseMatcher matches on token text, so the key of a match (a Span) and of the
    pattern it came from (a Doc) are the same string whatever the spacing was.
    """
    return " ".join(t.lower_ for t in tokens)
