"""English names of the languages people write to the helpline in (for the summary)."""

LANGUAGE_NAMES = {
    "en": "English", "cy": "Welsh", "ro": "Romanian", "vi": "Vietnamese", "sq": "Albanian", "pl": "Polish",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "so": "Somali", "es": "Spanish", "fr": "French",
    "pt": "Portuguese", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "lt": "Lithuanian", "lv": "Latvian",
    "tr": "Turkish", "de": "German", "it": "Italian", "nl": "Dutch", "cs": "Czech", "sk": "Slovak", "hu": "Hungarian",
    "el": "Greek", "zh-cn": "Chinese", "zh-tw": "Chinese", "hi": "Hindi", "pa": "Punjabi", "bn": "Bengali",
    "gu": "Gujarati", "ta": "Tamil", "ne": "Nepali", "sw": "Swahili", "ps": "Pashto", "ckb": "Kurdish (Sorani)",
    "und": "Unknown",
}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
