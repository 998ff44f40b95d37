"""Structured facts from a professional's free-text message about a child.

    from bot.extraction import extract_facts
    facts = extract_facts("she's about 15, says 17 but looks younger, Romanian ...")

Rule-based (spaCy blank English tokenizer, PhraseMatcher, Matcher, regular
expressions) over reviewed data files in bot/extraction/data/, because no trained
model may be downloaded and because every fact must be traceable to the words the
professional used. See facts.py for the result's keys and guarantees.
"""

from bot.extraction.facts import EMPTY_FACTS, FACT_KEYS, empty_facts, extract_facts

__all__ = ["EMPTY_FACTS", "FACT_KEYS", "empty_facts", "extract_facts"]
