"""Word lists that tell languages apart in short messages.

Each language's common words (stop words) vote for it; a word several languages share
("a", "do", "me", "care") votes for all of them. English gets the helpline's jargon too
(nrm, yp, csc, ...), so "how do i refer to childrens social care" is plainly English.
Stop words come from spaCy's lists (data only, no model download), with and without
diacritics because people type on English keyboards; Welsh and Somali, which spaCy
lacks, have short lists of their own.
"""

def _spacy_stop_words(code: str) -> frozenset:
    """spaCy's stop-word list for a language (plain data, no model download), [] if it has none."""
    import importlib

    try:
        return frozenset(importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS)
    except ImportError:
        return frozenset()


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
    r u ur pls plz thx ty wat wot wen hw abt bc cuz coz ive dont cant wont didnt doesnt isnt arent whats thats theres
    shes hes sw dsl robot bot human real
"""

ENGLISH_WORDS = frozenset(_COMMON.split()) | _spacy_stop_words("en") | frozenset("a i in am are care my to on do me no he as or".split())


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
# these syllables, frequent in Vietnamese, give it away.
VIETNAMESE_WITHOUT_MARKS = frozenset(
    """
    toi khong ko duoc dc nguoi giup chung cua nhung viec lam biet tieng dang mot nay thi roi oi anh em chi
    tra tien nha nguy hiem bao cao sao ai gap di tu ke noi minh ban voi cho cac nhu vay phai muon
    lo lang so hai chay tron ngay dem tieng viet chuyen giay to ho chieu cong an tre con be gai trai
    """.split()
)

# Words that say nothing about the language (they are typed in every language).
NEUTRAL_WORDS = frozenset("ok okay okey k kk lol pls plz xx xxx hmm hm".split())

WELSH_WORDS = frozenset(
    """
    mae yn y yr fy ei ac gyda ddim dw dwi rwy rydw wedi ar mewn hi fe ni chi nhw beth sut pam ble pwy plentyn plant
    angen helpu help isio eisiau gallwch allwch os gwelwch dda diolch bod oes sydd roedd oedd iddi iddo efo hefyd ond
    a i o ag fo ga tu arno ganddo ganddi gan ddaeth daeth drosodd nawr rwan rŵan ofn siarad iawn rhywun allan drws lle
    plis gyda'r i'r yn y ty tŷ ysgol mam dad brawd chwaer
    """.split()
)
SOMALI_WORDS = frozenset(
    """
    waa iyo ku ka u la ma aan waxaan waxay wuxuu uu ay ee oo in si haa maya walaal walaashay walaalkay carruur caawimaad
    ilmaha gabadh wiil hadda hada fadlan maxaa sidee halkee yahay tahay jira jirta ayaa ayuu ayay kale laga loo lagu
    """.split()
)
ALBANIAN_WORDS = frozenset(
    "të më një me jo në nëse dua flas u do e i se për nga që ka kam është jam nuk ju unë im ime ai ajo janë kanë "
    "motra vëllai fëmija fëmijë ndihmë policia tani shtëpi punë".split()
)
OTHER_LANGUAGES_WITH_WORD_LISTS = ["ro", "pl", "es", "fr", "pt", "sq", "vi", "de", "it", "nl", "tr", "lt", "cs", "sk", "hu"]


def _fold(word: str) -> str:
    """The word as typed without diacritics ("mulțumesc" -> "multumesc", "dziękuję" -> "dziekuje")."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _build_word_lists() -> dict:
    lists = {"en": ENGLISH_WORDS, "cy": WELSH_WORDS, "so": SOMALI_WORDS}
    for code in OTHER_LANGUAGES_WITH_WORD_LISTS:
        words = {w for w in _spacy_stop_words(code) if "_" not in w and w}
        lists[code] = frozenset(words | {_fold(w) for w in words})
    lists["vi"] = lists["vi"] | VIETNAMESE_WITHOUT_MARKS
    lists["sq"] = lists["sq"] | ALBANIAN_WORDS | {_fold(w) for w in ALBANIAN_WORDS}
    for code, phrases in SHORT_PHRASES.items():
        single = {p for p in phrases if " " not in p}
        lists[code] = lists.get(code, frozenset()) | single | {_fold(w) for w in single}
    return lists


# language code -> words that vote for it
WORD_LISTS = _build_word_lists()
