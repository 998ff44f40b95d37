"""Personal data out of free text: `redact(text)` replaces it with placeholders such as [email].

Why: the service's logs held whole conversations about children at risk. The database is where
a conversation belongs (access-controlled, purged after the retention period); a log line only
needs to say what happened. Everything written to a log goes through `redact` (bot/logs.py).

What is replaced, by what:

    [email]          anyone@example.org
    [phone]          07700 900417, 020 7946 0000, (020) 7946 0000, +44 7700 900417, 0044 20 7946 0000,
                     +33 1 23 45 67 89, tel:07700900417; spaces, no-break spaces and dashes between groups
    [NHS number]     943 476 5919 / 943-476-5919 (3-3-4), 9434765919 when its check digit is right,
                     any 10 digits after "NHS number"
    [NI number]      AB123456C, AB 12 34 56 C
    [postcode]       SW1A 1AA, cr0 2aa (a whole postcode; an outward code alone, "CR0", is a district)
    [date of birth]  the date after "born", "DOB", "date of birth", "birthday": 12/03/2011,
                     2011-03-12, 12th March 2011, March 12 2011, March 2011
    [name]           up to three words after "my name is", "her name is", "the boy's name is",
                     "I'm called", "she is called", "a girl called", "name:", "call me"

Kept on purpose, because they identify no one and logs must stay readable:
- The helpline's own published numbers and address (0808 800 5000, Childline 0800 1111, ...
  the numbers in domain/contacts.yml and ../shared/content/, and help@nspcc.org.uk): the bot
  says them in nearly every reply, and a log that reads "call [phone]" hides whether the right
  number was given. tests/bot/privacy/test_redact.py keeps this list in step with contacts.yml.
- Ages ("14", "aged 14"), years alone ("born in 2011"), handoff references (HO-7K2M9Q, HL-...),
  short numbers (999, 101), times, ISO timestamps, epoch timestamps (1764603600.25), ids.

It is a safety net, not a guarantee: a name typed without a cue ("Amina is missing") is kept.
Which is why logs still rotate away and are readable only by the service's operators.

Fast (one compiled pattern, one pass) and never raises: if anything goes wrong the text is
replaced whole by "[text withheld: N characters]" rather than logged as it came.
"""

from __future__ import annotations

import re
from typing import Match

# domain/contacts.yml and ../shared/content/ (digits only): published, not personal.
PUBLISHED_NUMBERS = frozenset(
    {
        "08088005000",  # NSPCC Helpline, the route to CTAC (helpline_phone)
        "448088005000",  # the same from abroad
        "08001111",  # Childline
        "08000121700",  # Modern Slavery & Exploitation Helpline (also written 0800 0121 700)
        "0800555111",  # Crimestoppers
        "08088010800",  # Live Fear Free (Wales)
        "08001077057",  # the 2007 trafficking advice line, still quoted in old guidance
    }
)
PUBLISHED_EMAILS = frozenset({"help@nspcc.org.uk"})

_SPACE = r"[ \t\u00a0\u202f]"  # no-break spaces too: bot/bidi.py joins digit groups with U+00A0
_SEP = r"[ \t\u00a0\u202f-]"
_BEFORE_NUMBER = r"(?<![\w+.\-\u2066])"  # not the end of a word, a decimal, a reference or a uuid
_AFTER_NUMBER = r"(?![\w/]|[.:\-]\d)"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)"
    r"|\d{4}-\d{1,2}-\d{1,2}(?!\d)"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:" + _SPACE + r"+of)?" + _SPACE + r"+" + _MONTH + r",?(?:" + _SPACE + r"+\d{4}|" + _SPACE + r"+\d{2}(?!\d))?"
    r"|" + _MONTH + _SPACE + r"+\d{1,2}(?:st|nd|rd|th)?(?!\d),?(?:" + _SPACE + r"+\d{4})?"
    r"|" + _MONTH + _SPACE + r"+\d{4})"
)

# O'Brien but not the closing quote of 'Sam'; bounded, with no repeated group, so a 2,000-character
# "word" after "my name is" costs neither time nor memory (the regex engine keeps state per repeat).
_NAME_WORD = r"[^\W\d_][\w\-]{0,40}(?:['’][^\W\d_][\w\-]{0,40})?(?![\w\-])"
_NAME_CUE = (
    r"\b(?:"
    # my name is / her name's / the boy's name is / child's full name:
    r"(?:(?:my|his|her|their|your|our)|(?:the" + _SPACE + r"+)?(?:child|boy|girl|pupil|student|young" + _SPACE
    + r"+person|son|daughter|mum|mother|dad|father|brother|sister)['’]?s)" + _SPACE
    + r"+(?:(?:first|full|last|real|given)" + _SPACE + r"+|sur)?name(?:" + _SPACE + r"+is|['’]s|" + _SPACE + r"*[:=\-])"
    # Name: / full name = (not 'name': in a dict, where Rasa logs intent and slot names)
    r"|(?<![\"'])(?:(?:first|full|last|given|child['’]?s|user)" + _SPACE + r"*|sur)?name" + _SPACE + r"*[:=]"
    # I'm called / she is called / they're called
    r"|(?:i['’]?m|i" + _SPACE + r"+am|he['’]?s|he" + _SPACE + r"+is|she['’]?s|she" + _SPACE + r"+is|they['’]?re|they"
    + _SPACE + r"+are|he" + _SPACE + r"+was|she" + _SPACE + r"+was|who['’]?s|who" + _SPACE + r"+is)" + _SPACE + r"+called"
    # a girl called / a man named
    r"|(?:boy|girl|child|pupil|student|son|daughter|brother|sister|man|woman|lady|guy|friend|someone)" + _SPACE
    + r"+(?:named|called)"
    r"|call" + _SPACE + r"+me"
    r")" + _SPACE + r"*[\"'“‘]?" + _SPACE + r"*"
)
# Words that end a name (or show there was none): "my name is not important", "call me back".
_NOT_NAMES = frozenset(
    """
    a an and any are as at back because but by can did do does for from had has have he her here his how i
    if im i'm in is it its just later me my no none not now of on or our please she so some soon that the
    their them then there they this to today tomorrow unknown us very was we were what when where which who
    why will with withheld without would yes you your n/a na null anonymous anon private confidential
    redacted tbc tba dsl teacher nurse officer worker
    """.split()
)

_PATTERN = re.compile(
    "|".join(
        [
            # Handoff references are kept whole, so nothing inside them is taken for data.
            r"(?P<keep>\b(?:HO|HL)-[0-9A-Z]{4,12}\b)",
            r"(?P<email>(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+){1,10})",
            r"(?P<dob_cue>\b(?:born(?:" + _SPACE + r"+(?:on|in))?|d\.?o\.?b\.?|date" + _SPACE + r"+of" + _SPACE
            + r"+birth|birth" + _SPACE + r"*date|birthday(?:" + _SPACE + r"+is)?)" + _SPACE + r"*(?:is" + _SPACE
            + r"+)?[:=\-]?" + _SPACE + r"*(?:(?:on|the)" + _SPACE + r"+)?)(?P<dob>" + _DATE + r")",
            r"(?P<nhs_cue>\bNHS(?:" + _SPACE + r"+(?:number|no\.?|num|#))?" + _SPACE + r"*[:#\-]?" + _SPACE
            + r"*)(?P<nhs_cue_digits>\d(?:" + _SEP + r"?\d){9})(?!\d)",
            r"(?P<nhs>" + _BEFORE_NUMBER + r"[1-9]\d{2}" + _SEP + r"\d{3}" + _SEP + r"\d{4}" + _AFTER_NUMBER + r")",
            r"(?P<ten_digits>" + _BEFORE_NUMBER + r"\d{10}" + _AFTER_NUMBER + r")",
            r"(?P<ni>(?<![\w\-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]" + _SPACE + r"?\d{2}" + _SPACE + r"?\d{2}" + _SPACE
            + r"?\d{2}" + _SPACE + r"?[A-D](?![\w\-]))",
            r"(?P<postcode>(?<![\w\-])(?:GIR" + _SPACE + r"?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?" + _SPACE
            + r"?\d[ABD-HJLNP-UW-Z]{2})(?![\w\-]))",
            # International first, so 0044 ... is one number and not a UK 0 number.
            r"(?P<intl>(?<![\w+.\-\u2066])(?:\+|00)[1-9]\d{0,2}(?:" + _SEP + r"?\(0\))?(?:" + _SEP
            + r"?\(?\d\)?){6,12}" + _AFTER_NUMBER + r")",
            r"(?P<uk>" + _BEFORE_NUMBER + r"\(?0\d(?:" + _SEP + r"?\)?" + _SEP + r"?\d){7,9}" + _AFTER_NUMBER + r")",
            r"(?P<name_cue>" + _NAME_CUE + r")(?P<name>" + _NAME_WORD + r"(?:" + _SPACE + r"+" + _NAME_WORD + r"){0,3})",
        ]
    ),
    re.IGNORECASE,
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check (weights 10..2 on the first nine digits)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _name(match: Match[str]) -> str:
    cue, words = match.group("name_cue"), match.group("name").split()
    kept: list[str] = []
    for word in words[:3]:
        if word.lower().strip("'’-") in _NOT_NAMES:
            break
        kept.append(word)
    if not kept:
        return match.group(0)
    rest = match.group("name")
    # Put back what followed the name (the separators as typed).
    for word in kept:
        rest = rest[rest.index(word) + len(word):]
    return f"{cue}[name]{rest}"


def _replace(match: Match[str]) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "keep":
        return text
    if kind == "email":
        return text if text.lower() in PUBLISHED_EMAILS else "[email]"
    if kind == "dob":
        return match.group("dob_cue") + "[date of birth]"
    if kind == "nhs_cue_digits":
        return match.group("nhs_cue") + "[NHS number]"
    if kind == "nhs":
        return "[NHS number]"
    if kind == "ten_digits":
        if nhs_check_digit_ok(text):
            return "[NHS number]"
        return "[phone]" if text.startswith("0") and text not in PUBLISHED_NUMBERS else text
    if kind == "ni":
        return "[NI number]"
    if kind == "postcode":
        return "[postcode]"
    if kind == "intl":
        digits = _digits(text)
        digits = digits[2:] if text.startswith("00") else digits
        if digits.replace("440", "44", 1) in PUBLISHED_NUMBERS or digits in PUBLISHED_NUMBERS:
            return text
        return "[phone]" if 8 <= len(digits) <= 15 else text
    if kind == "uk":
        return text if _digits(text) in PUBLISHED_NUMBERS else "[phone]"
    if kind == "name":
        return _name(match)
    return text


def redact(text: str) -> str:
    """`text` with emails, phone numbers, names, postcodes, dates of birth, NHS and NI numbers replaced.

    Never raises: a value that is not a string is converted first, and on any failure the
    whole text is withheld (a log line that says too little beats one that says too much).
    """
    try:
        if not isinstance(text, str):
            text = str(text)
        if not text:
            return text
        return _PATTERN.sub(_replace, text)
    except Exception:  # noqa: BLE001 - a log line must never take its process down
        try:
            size = len(text)
        except Exception:  # noqa: BLE001
            size = 0
        return f"[text withheld: {size} characters]"
