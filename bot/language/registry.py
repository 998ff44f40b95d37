"""The languages the helpline knows, declared once: codes, English names, replies, direction.

Why one place: the summary names the language for the counsellor, detection limits langdetect
to the plausible ones, the localized replies and the widget must cover the same languages
with the same direction. Copied by hand into each, they drifted; now each derives from here and
tests/bot/language/test_registry.py checks domain/localized/ and connectors/static/widget.js.
Codes are langdetect's (ISO 639-1, "zh-cn"), plus "und" for undetermined.
"""

from __future__ import annotations

ENGLISH = "en"
UNDETERMINED = "und"

# Every code detection may answer -> its English name, for the summary's language.name.
LANGUAGE_NAMES = {
    "en": "English", "cy": "Welsh", "ro": "Romanian", "vi": "Vietnamese", "sq": "Albanian", "pl": "Polish",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "so": "Somali", "es": "Spanish", "fr": "French",
    "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "lt": "Lithuanian", "lv": "Latvian",
    "tr": "Turkish", "de": "German", "it": "Italian", "nl": "Dutch", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian",
    "el": "Greek", "zh-cn": "Chinese", "zh-tw": "Chinese", "hi": "Hindi", "pa": "Punjabi", "bn": "Bengali",
    "gu": "Gujarati", "ta": "Tamil", "ne": "Nepali", "sw": "Swahili", "ps": "Pashto", "ckb": "Kurdish (Sorani)",
    UNDETERMINED: "Unknown",
}
# Told apart by their letters only (bot/language/detection.py): langdetect has no profile for them.
SCRIPT_ONLY = frozenset({"ps", "ckb"})
# The languages langdetect may answer with: the rest are implausible here (short Portuguese is not Catalan).
PLAUSIBLE_LANGUAGES = frozenset(LANGUAGE_NAMES) - SCRIPT_ONLY - {UNDETERMINED}
# Written right to left.
RIGHT_TO_LEFT_SCRIPTS = frozenset({"ar", "fa", "ur", "ps", "ckb"})
# The languages with localized replies (domain/localized/) and widget texts, besides English, in that order.
REPLY_LANGUAGES = ("cy", "ro", "vi", "sq", "pl", "ar", "fa", "ur", "so", "es", "fr", "pt")


def language_name(code: str) -> str:
    """The English name of a language code; the code itself when it is not one we know."""
    return LANGUAGE_NAMES.get(code, code)
