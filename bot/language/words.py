"""English words that count as evidence a message is English.

Common English words plus the helpline's jargon. Words that are also everyday words in
a language people write to us in are left out on purpose, because without diacritics
they are the same string: "a", "i", "in", "am", "are", "care" (Romanian), "my", "to",
"on", "do" (Polish), "me", "no", "he", "as" (Spanish, Portuguese), "la", "or" (French),
"die" (German), "ok" (everyone).
"""

# Also everyday words in a language people write to us in (identical without diacritics).
NOT_ONLY_ENGLISH = frozenset(
    "a i in am are care my to on do me no he as la or die ok de en se so si an may mine man son fin par "
    "nu ne ni cu ce ca din pe un una une el al los las le les du des et est qui que con por para".split()
)

def _spacy_english_stop_words() -> frozenset:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_COMMON = """
    the and of is it its it's this that these those there their they them what how with for was were been being
    have has had not but if can could would should will won't wouldn't about from at by we you you're your our us
    who when where why which does did didn't doesn't be im i'm i've i'd dont don't cant can't just need needs
    please thanks thank hello hi hey hiya bye goodbye cheers yes yeah
    she her hers his him he's she's himself herself they're we're
    child children child's kid kids young person people persons boy boys girl girls baby teen teenager teenagers minor minors
    school schools pupil pupils student students teacher teachers college class
    worried worry concern concerned concerns think thought know knew want wants get gets got make made
    work works working worked job jobs home house flat address mum dad mother father parents family uncle aunt brother sister
    police officer social worker workers services service trafficking trafficked traffickers trafficker exploitation exploited
    safeguarding safeguard referral referrals refer referred report reported reporting county lines
    nrm yp yps uasc dsl csc ctac gp gps nhs nspcc mash lado cse cce hmrc ukvi
    now right tonight today yesterday tomorrow said says told tell say saying one all any some more very really then than
    also only still out up into over after before because while until being going gone looks looked seems seemed
    year years old age aged yr yrs month months week weeks day days time hours
    passport documents money cash phone phones adult adults man men woman women someone somebody something anyone anything nothing
    here own other new first last way help helped helping speak talk talking counsellor number email call called advice information info
    case caseload placed placement foster carer carers staff nurse doctor clinic hospital council authority local children's
    signs sign indicators abuse abused missing safe unsafe danger dangerous risk scared afraid frightened
    an another every each many much most such same should've could've would've may might must shall
    go goes went come comes came coming see saw seen look looking find found give gave keep kept let lets
    like don't isn't aren't wasn't weren't haven't hasn't hadn't
    sister sisters brother brothers cousin niece nephew stepdad stepmum friend friends boyfriend girlfriend neighbour
    found grow burns hands came interpreter disclosed debt pay paid back whenever ask asked last drugs run running used
    down weekends weekend independent took papers update thanks will would again still keeps keeping repeating means mean
    named whom whose told says saying asked anyone who's what's where's there's that's hand car wash nail bar restaurant
    alert seen left arrived brought sent moved living lives lived stay staying stays went leaving
"""

ENGLISH_WORDS = frozenset(
    w for w in (_COMMON.split() + sorted(_spacy_english_stop_words())) if w not in NOT_ONLY_ENGLISH
)


# Short phrases that say which language someone writes in even in a one- or two-word
# message (greetings, thanks, "help"), with and without diacritics. A short message made
# only of these (and names) is reliable evidence; "ok", names and places never are.
SHORT_PHRASES = {
    "ar": ["شكرا", "شكراً", "مرحبا", "ساعدوني", "مع السلامة"],
    "fa": ["ممنون", "مرسی", "خداحافظ", "کمک"],
    "ur": ["شکریہ", "خدا حافظ"],
    "ro": ["buna ziua", "bună ziua", "buna", "bună", "multumesc", "mulțumesc", "mersi", "ajutor", "va rog", "vă rog", "la revedere"],
    "pl": ["dzien dobry", "dzień dobry", "dziekuje", "dziękuję", "pomocy", "pomoc", "prosze", "proszę", "czesc", "cześć", "do widzenia"],
    "cy": ["diolch", "bore da", "shwmae", "prynhawn da", "hwyl fawr", "helpu", "os gwelwch yn dda"],
    "vi": ["xin chào", "xin chao", "cảm ơn", "cam on", "giúp", "giup", "giúp tôi", "giup toi", "tạm biệt", "tam biet"],
    "sq": ["faleminderit", "përshëndetje", "pershendetje", "tungjatjeta", "ndihmë", "ndihme", "mirupafshim", "ju lutem"],
    "so": ["mahadsanid", "salaan", "caawimaad", "iska warran", "nabad gelyo", "fadlan"],
    "es": ["hola", "gracias", "ayuda", "buenos días", "buenos dias", "adiós", "adios", "por favor"],
    "fr": ["bonjour", "merci", "aidez moi", "svp", "au revoir", "s'il vous plaît", "s'il vous plait", "bonsoir"],
    "pt": ["olá", "obrigado", "obrigada", "ajuda", "preciso", "bom dia", "boa tarde", "tchau", "adeus", "por favor"],
}


# Vietnamese typed without tone marks defeats langdetect (its profile has them), but
# these syllables, frequent in Vietnamese and rare as words elsewhere, give it away.
VIETNAMESE_WITHOUT_MARKS = frozenset(
    """
    toi khong ko duoc dc nguoi giup chung cua nhung viec lam biet tieng dang mot nay thi roi oi anh em chi
    tra tien nha nguy hiem bao cao sao ai gap di tu ke noi minh ban voi cho cac nhu vay phai muon
    lo lang so hai chay tron ngay dem tieng viet chuyen giay to ho chieu cong an tre con be gai trai
    """.split()
)

# Words that say nothing about the language (they are typed in every language).
NEUTRAL_WORDS = frozenset("ok okay okey k kk lol pls plz xx xxx hmm hm".split())

# langdetect may only answer with these: the languages people write to the helpline in,
# plus other languages common in the UK. Without this, short Portuguese comes back as
# Catalan, Polish as Slovenian, Albanian as Estonian.
PLAUSIBLE_LANGUAGES = frozenset(
    "en cy ro vi sq pl ar fa ur so es fr pt ru uk bg lt lv tr de it nl cs sk hu el "
    "zh-cn zh-tw hi pa bn gu ta ne sw".split()
)
