"""The child's gender, from how the professional refers to them.

Why not just count pronouns: messages about trafficked children are full of other
people ("an older man holds her passport", "his mother says she can't cope"). So:

1. An explicit identity ("non-binary", "uses they/them") wins.
2. Child nouns are strong evidence (girl, boy, daughter, son, niece, nephew, lad,
   young woman, young man). One gender only: that gender. Both: two children or
   unclear, so None.
3. Otherwise pronouns decide, after discounting the pronouns that probably belong
   to an adult named in the message: with "man"/"uncle"/"boyfriend" present,
   he/him/his are not counted against she/her, and the other way round.
4. Mixed evidence that survives is None. Nothing is guessed from a name.
"""

from __future__ import annotations

import re
from typing import Optional

from bot.extraction.text import Message

FEMALE_NOUNS = {
    "girl", "girls", "schoolgirl", "daughter", "stepdaughter", "granddaughter", "niece", "lass",
}
MALE_NOUNS = {"boy", "boys", "schoolboy", "son", "stepson", "grandson", "nephew", "lad", "lads"}
FEMALE_PHRASES = re.compile(r"\byoung (?:woman|lady|women)\b|\btrans (?:girl|woman)\b", re.I)
MALE_PHRASES = re.compile(r"\byoung (?:man|men|male)\b|\btrans (?:boy|man)\b", re.I)
NON_BINARY = re.compile(r"\bnon[- ]?binary\b|\benby\b|\bgender ?queer\b|\bgender[- ]?fluid\b|\b(?:uses|prefers|goes by) they\b|\bthey/them\b", re.I)

FEMALE_PRONOUNS = {"she", "her", "hers", "herself", "female"}
MALE_PRONOUNS = {"he", "him", "his", "himself", "male"}
MALE_ADULTS = {
    "man", "men", "uncle", "father", "dad", "stepfather", "stepdad", "boyfriend", "brother", "guy", "guys",
    "bloke", "husband", "mr", "males", "grandfather", "grandad", "cousin", "landlord", "boss", "gentleman",
}
FEMALE_ADULTS = {
    "woman", "women", "aunt", "auntie", "aunty", "mother", "mum", "mom", "stepmother", "stepmum", "girlfriend",
    "sister", "lady", "ladies", "wife", "mrs", "ms", "miss", "grandmother", "nan", "gran", "grandma",
}
ADULT_QUALIFIERS = {"adult", "older", "grown"}  # "adult male", "older female": someone else


def extract(msg: Message) -> Optional[str]:
    """'female', 'male', 'non-binary' or None."""
    text = " ".join(msg.text[s:e] for s, e in msg.sentences if not msg.is_ignored(s)) if msg.ignored else msg.text
    if NON_BINARY.search(text):
        return "non-binary"
    female_strong = male_strong = 0
    female_weak = male_weak = 0
    male_adult = female_adult = False
    young_female = FEMALE_PHRASES.search(text) is not None
    young_male = MALE_PHRASES.search(text) is not None
    for token in msg.doc:
        if msg.is_ignored(token.idx):
            continue
        word = token.lower_
        prev = token.nbor(-1).lower_ if token.i > 0 else ""
        if word in FEMALE_NOUNS:
            female_strong += 1
        elif word in MALE_NOUNS:
            male_strong += 1
        elif word in ("male", "female") and prev in ADULT_QUALIFIERS:
            if word == "male":
                male_adult = True
            else:
                female_adult = True
        elif word in FEMALE_PRONOUNS:
            female_weak += 1
        elif word in MALE_PRONOUNS:
            male_weak += 1
        elif word in MALE_ADULTS and prev != "young":
            male_adult = True
        elif word in FEMALE_ADULTS and prev != "young":
            female_adult = True
    female_strong += int(young_female)
    male_strong += int(young_male)
    if female_strong or male_strong:
        if female_strong and not male_strong:
            return "female"
        if male_strong and not female_strong:
            return "male"
        return None
    if male_adult and female_weak:
        male_weak = 0
    if female_adult and male_weak:
        female_weak = 0
    if female_weak and not male_weak:
        return "female"
    if male_weak and not female_weak:
        return "male"
    return None
