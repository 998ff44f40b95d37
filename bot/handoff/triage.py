"""Triage: turn each message of a concern into slot updates (pure; actions/triage.py is the thin Rasa side).

A busy professional often says five facts in one message and answers "skip" to the
rest. So every message is mined for facts (bot.extraction), the question just asked
takes the answer verbatim when extraction finds nothing better, corrections ("sorry,
she's 14") replace earlier facts, a real question is left for the FAQ rules to answer
(and remembered for the counsellor), and risk to the child now triggers 999 advice at once.

The intake listens (issue: "No becomes at risk"): a yes/no question is decided by the answer's
polarity (bot/language/polarity.py), never by another intent's label; a refusal is recorded as
a refusal (contact_declined), an invalid answer is asked once more and then left unknown; a
value is stored only when it is an answer of the right kind (a question is not a role); a
message that says goodbye or stop ends the intake with everything said so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from bot.language.polarity import answer_polarity, short_answer

FORM_SLOTS = [
    "reporter_role", "reporter_contact", "child_age", "child_gender", "child_nationality",
    "child_location", "concern_indicators", "risk_now", "actions_taken",
]
# Collected along the way, never asked for; with FORM_SLOTS, everything one intake fills (reset after it).
COLLECTED_SLOTS = [
    "reporter_organisation", "child_age_text", "child_age_disputed", "child_first_language", "child_local_authority",
    "child_moving_to", "child_age_range", "exploitation_types", "child_missing", "emergency_advised", "concern_text", "contact_declined",
    "evidence", "reporter_questions", "danger_described",
]
TRIAGE_SLOTS = FORM_SLOTS + COLLECTED_SLOTS
LIST_SLOTS = {"concern_indicators", "actions_taken", "exploitation_types"}
NOT_ANSWERS = {"stop", "request_human", "goodbye"}  # moves the rules handle, never an answer to our question
UNKNOWN = "unknown"

SKIP = re.compile(
    r"^\s*(skip|pass|not sure|unsure|don'?t know|dont know|i (don'?t|do not) know|dunno|no idea|unknown|n/?a|"
    r"prefer not to say|i'?m not sure|"
    r"i (couldn'?t|can'?t|could not|cannot) (tell|say)|i didn'?t (see|notice|ask)|hard to (tell|say)|not known)\b",
    re.I,
)
NOTHING_YET = re.compile(r"^\s*(nothing|none|not yet|nothing yet|no(thing)? so far)\b", re.I)
CORRECTION = re.compile(r"\b(sorry|actually|i meant|correction|my mistake|no wait|not \d+)\b", re.I)
QUESTION_START = re.compile(r"^\s*(what|how|who|when|where|why|which|can|could|do|does|is|are|should|would|will)\b", re.I)
BARE_AGE = re.compile(r"^\s*(?:about |around |maybe |roughly )?(\d{1,2})\s*(?:yo|y/o|yrs?|years?(?: old)?)?\s*\.?\s*$", re.I)
GENDER_WORDS = {"female": re.compile(r"\b(girl|female|f|she|young woman)\b", re.I),
                "male": re.compile(r"\b(boy|male|m|he|young man|lad)\b", re.I),
                "non-binary": re.compile(r"\b(non-?binary|nb|they)\b", re.I)}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
DECLINE = re.compile(
    r"\b(rather not|prefer not|would not like|don'?t want to (give|leave|share|say)|not (giving|leaving|sharing)|"
    r"no (email|e-mail|number|phone|contact)|won'?t (give|leave|share)|anonymous(ly)?|not comfortable|"
    r"keep (it|this|me) anonymous|i'?d rather you didn'?t|no thanks?\b|can'?t give)",
    re.I,
)
LEAVING = re.compile(r"\b(bye+|goodbye|have to go|got to go|gotta go|need to go|must go|i'?m off|speak later|talk later)\b", re.I)
STOPPING = re.compile(r"^\s*(stop\b|cancel\b|forget it\b)|\b(changed my mind|don'?t want to (carry on|continue|go on)|need to stop)\b", re.I)
ONLY_INFORMATION = re.compile(
    r"\b(only|just) (wanted|want|needed|asking|after|looking for) (some |general )?(info|information|advice|to know|to ask)|"
    r"\b(general|hypothetical) question|\bnot about a (real|specific|particular) (child|person|young person|pupil)|"
    r"\bjust asking\b|\bjust wondering\b|\bdon'?t (open|make|want) a case",
    re.I,
)
WORRY = re.compile(r"\b(worried|worry|worries|concerned|concern|think|thinks|suspect|wonder|afraid|scared|fear|might|may|could|possibly|maybe)\b", re.I)
ROLE_MAX_WORDS = 12
VERBATIM_MAX_WORDS = 8  # a nationality or a place taken as typed is short
WRONG_KIND = re.compile(r"[\d\s,./-]*|[mf]|boy|girl|male|female|he|she|\d+\s*(yo|y/o|yrs?|years?( old)?)", re.I)
ADULT = re.compile(
    r"\b(woman|man|lady|adult|adults|gentleman)\b|\bin (her|his|their) (twenties|thirties|forties|fifties|sixties|[2-6]0s)\b",
    re.I,
)
CHILD = re.compile(
    r"\b(child|children|kids?|boys?|girls?|pupils?|students?|teens?|teenagers?|young (person|people|woman|man|lady)|yp|"
    r"minors?|sons?|daughters?|babies|baby|toddlers?|lads?|under[- ]?18s?|year \d+|yr\s?\d+|uasc|lac|niece|nephew|"
    r"grandchild|grandson|granddaughter|foster|looked after|in care)\b",
    re.I,
)
SURE_OF_DANGER = 0.9  # a danger label this sure needs no other sign
CONCERN_INTENTS = {"raise_concern", "immediate_danger", "request_human"}
IMMINENT = re.compile(
    r"\b(in (\d+|a few|ten|twenty|thirty) (minutes?|mins?|hours?|hrs?)|within the hour|tonight|right now|as we speak|"
    r"any (minute|moment) now|at this moment)\b",
    re.I,
)
HARM_OR_MOVE = re.compile(
    r"\b(board\w*|flights?|fly\w*|plane|airport|taking|take|taken|mov\w+|collect\w*|pick\w* (her|him|them) up|coming|"
    r"locked|held|hurt\w*|beat\w*|hit\w*|outside|car|van|leav\w+|gone|missing|threat\w*|kill\w*|knife|gun|weapon|"
    r"terrified|screaming|dragg\w*|trapped|forced)\b",
    re.I,
)
# "now" in the languages the bot detects (bot/localized.py), for danger the English patterns cannot read
NOW_IN_OTHER_LANGUAGES = {
    "acum", "teraz", "الآن", "الان", "ngay", "tani", "hadda", "ahora", "maintenant", "agora", "nawr", "اکنون",
    "ابھی", "فوری", "immédiatement", "urgent", "urgente", "pilnie", "urgentă",
}
OF_THE_MOMENT = re.compile(
    r"\b(now|right now|tonight|today|this (morning|afternoon|evening)|outside|here|on (his|her|their|the) way|"
    r"just (messaged|texted|called|rang|phoned|told|seen|saw)|coming (back|to|for)|taking|dragging|drag|grabb\w*|"
    r"locked|held|holding|trapped|hurt|bleeding|injured|threaten\w*|missing|gone|in (a|the|his|their) car|van)\b",
    re.I,
)

# extraction key -> slot name, for facts that can come at any moment
FACT_SLOTS = {
    "reporter_role": "reporter_role", "contact": "reporter_contact", "age": "child_age", "age_text": "child_age_text",
    "age_disputed": "child_age_disputed", "gender": "child_gender", "nationality": "child_nationality",
    "first_language": "child_first_language", "location": "child_location", "local_authority": "child_local_authority",
    "moving_to": "child_moving_to", "missing": "child_missing", "organisation": "reporter_organisation",
    "age_range": "child_age_range",
}
# the question asked -> the extracted fact that answers it
ANSWER_FACT = {
    "reporter_contact": "contact", "child_age": "age", "child_location": "location", "child_nationality": "nationality",
    "child_gender": "gender", "reporter_role": "reporter_role",
}
# slot -> the contract's field path, for `evidence` (the professional's words behind each field)
EVIDENCE_FIELDS = {
    "reporter_role": "reporter.role", "reporter_organisation": "reporter.organisation", "reporter_contact": "reporter.contact",
    "contact_declined": "reporter.contact_declined", "child_age": "child.age", "child_gender": "child.gender",
    "child_nationality": "child.nationality", "child_first_language": "child.first_language",
    "child_location": "child.location", "child_local_authority": "child.local_authority", "child_moving_to": "child.moving_to",
    "risk_now": "immediate_risk", "concern_indicators": "indicators", "actions_taken": "actions_taken",
    "child_missing": "child.missing",
}
EVIDENCE_MAX = 300


@dataclass
class TriageStep:
    """What one message changes: slot updates, and replies to send before the next question."""

    updates: Dict[str, Any] = field(default_factory=dict)
    say: List[str] = field(default_factory=list)
    left_for_faq: bool = False
    question: Optional[str] = None  # a real question the professional asked (for reporter_questions)
    ending: Optional[str] = None  # "left" / "stopped" / "withdrawn": the intake ends now, with everything said so far
    evidence: Dict[str, str] = field(default_factory=dict)  # field path -> this message, for what it stated


def looks_like_question(text: str) -> bool:
    """Asks something (a question mark, or it starts like a question), whatever the intent."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def is_question(text: str, intent: str) -> bool:
    """A question for the FAQ rules to answer (then come back to the form), not an answer to ours."""
    return intent == "faq" and looks_like_question(text)


def _merge_list(current: Any, new_items: List[Any]) -> List[Any]:
    merged = list(current) if isinstance(current, list) else []
    for item in new_items:
        if item not in merged:
            merged.append(item)
    return merged


def _answer(slot: str, text: str, facts: Dict[str, Any], asked_again: bool = False) -> tuple[Any, Optional[str]]:
    """The value for the question just asked, from the answer text; (None, reply) to ask again (once)."""
    text = text.strip()
    if slot == "reporter_contact":
        return (UNKNOWN, None) if asked_again else (None, "utter_contact_invalid")
    if slot == "reporter_role" and (looks_like_question(text) or len(text.split()) > ROLE_MAX_WORDS):
        return UNKNOWN, None  # "what should I do?" is not a role; the words stay in the transcript
    if slot in ("child_nationality", "child_location", "reporter_role") and WRONG_KIND.fullmatch(text):
        return None, None  # "13" or "f" answers another question: asked again, never stored here
    if slot in ("child_nationality", "child_location") and (
        len(text.split()) > VERBATIM_MAX_WORDS or answer_polarity(text) is not None
    ):
        return UNKNOWN, None  # "no he's with us in the ambulance now" is not a nationality; the transcript keeps it
    if slot == "child_age":
        bare = BARE_AGE.match(text)
        return (int(bare.group(1)), None) if bare and int(bare.group(1)) <= 25 else (UNKNOWN, None)
    if slot == "child_gender":
        for gender, pattern in GENDER_WORDS.items():
            if pattern.search(text):
                return gender, None
        return text[:60], None
    if slot == "risk_now":
        polarity = answer_polarity(text)
        return (UNKNOWN if polarity is None else polarity), None
    if slot == "actions_taken":
        return ([] if NOTHING_YET.match(text) else [text[:300]]), None
    if slot == "concern_indicators":
        return [], None  # kept verbatim in concern_text; categories only come from extraction
    return text[:200], None  # role, nationality, location: the professional's own words


def about_an_adult(text: str, facts: Dict[str, Any]) -> bool:
    """The concern is about an adult only ("a woman in her thirties"): not this helpline's case, signposted instead."""
    if facts.get("age_disputed"):
        return False  # "says he's 19, looks 15": treated as a child until assessed
    age = facts.get("age")
    if isinstance(age, int):
        return age >= 18
    return bool(ADULT.search(text)) and not CHILD.search(text)


def signposted_as_adult(text: str, facts: Dict[str, Any], intent: str) -> bool:
    """A concern that only an adult's helpline can take. Never a danger message: "he's outside the
    school with a man right now" names the man, not the child, and a case a counsellor can close is
    better than a child in danger with no case (rule 2)."""
    return intent != "immediate_danger" and about_an_adult(text, facts)


def is_danger(text: str, intent: str, confidence: float, facts: Dict[str, Any], language: str = "en") -> bool:
    """A message describing a child in danger now. Any of: the extractor says so; the classifier says so,
    surely or with words of the moment ("now", "tonight", "outside"); harm or a move that is imminent
    ("boarding a flight to Dubai in 20 minutes") whatever the label; in another language, a concern
    with its word for "now". Not danger: "sorry, she's 12 not 13" read as danger at 0.77."""
    if facts.get("immediate_risk"):
        return True
    if intent == "immediate_danger" and (confidence >= SURE_OF_DANGER or OF_THE_MOMENT.search(text) or language != "en"):
        return True
    if IMMINENT.search(text) and HARM_OR_MOVE.search(text):
        return True
    words = set(re.findall(r"\w+", text.lower()))
    return language != "en" and intent in CONCERN_INTENTS and bool(words & NOW_IN_OTHER_LANGUAGES)


def _worded_as_worry(text: str, fragment: str) -> bool:
    """'I'm worried he's been trafficked': the fragment is a worry, not a stated fact."""
    at = text.lower().find(fragment.lower())
    before = text[:at] if at >= 0 else ""
    sentence = re.split(r"[.!?;]", before)[-1]
    return bool(WORRY.search(sentence))


CLAUSE_START = re.compile(r"^(he|she|they|his|her|their|it|the|a|an|someone|somebody|people|men|a man|an older|i)\b", re.I)


def _indicators(text: str, found: List[Dict[str, str]]) -> List[Dict[str, str]]:
    """Indicators as said; a worry keeps its mark ("worried that he's been trafficked", "worried: forced to work")."""
    marked = []
    for item in found:
        fragment = item["text"]
        if _worded_as_worry(text, fragment) and not fragment.lower().startswith("worried"):
            fragment = f"worried that {fragment}" if CLAUSE_START.match(fragment) else f"worried: {fragment}"
        marked.append({**item, "text": fragment})
    return marked


def triage_step(
    requested_slot: Optional[str],
    text: str,
    intent: str,
    slots: Dict[str, Any],
    facts: Dict[str, Any],
    intent_confidence: float = 1.0,
    language: str = "en",
) -> TriageStep:
    """Slot updates for one message during triage.

    `slots` may carry "contact_reasked": True when the contact question was already asked again.
    """
    step = TriageStep()
    declining_contact = requested_slot == "reporter_contact" and bool(DECLINE.search(text))
    answers_it = bool(facts.get(ANSWER_FACT.get(requested_slot or "", ""))) or declining_contact  # "phone me on 07700 900789"
    if intent in NOT_ANSWERS and not answers_it:
        return step  # the rules stop, hand over or say goodbye; nothing here is an answer
    if requested_slot and is_question(text, intent):
        step.left_for_faq = True  # the FAQ rule answers; the form asks the same question again
        step.question = text.strip()
        return step
    if requested_slot and ONLY_INFORMATION.search(text):
        step.ending = "withdrawn"  # they only wanted information: the case is closed as withdrawn, never dropped
        return step
    if requested_slot and LEAVING.search(text) and len(text.split()) <= 12:
        step.ending = "left"
        return step
    if requested_slot and STOPPING.search(text) and len(text.split()) <= 12:
        step.ending = "stopped"
        return step
    polarity = answer_polarity(text)
    yes_no_only = short_answer(text) is not None
    correcting = bool(CORRECTION.search(text))

    def put(slot: str, value: Any) -> None:
        if value is None or value == [] and slot not in LIST_SLOTS:
            return
        if slots.get(slot) in (None, UNKNOWN) or correcting:
            step.updates[slot] = value

    if not yes_no_only:  # "po", "da", "no": an answer, never facts about a child
        for key, slot in FACT_SLOTS.items():
            put(slot, facts.get(key))
        if facts.get("indicators"):
            step.updates["concern_indicators"] = _merge_list(slots.get("concern_indicators"), _indicators(text, facts["indicators"]))
        for key, slot in (("exploitation_types", "exploitation_types"), ("actions_taken", "actions_taken")):
            if facts.get(key):
                step.updates[slot] = _merge_list(slots.get(slot), facts[key])

    # Danger. The answer to "is the child at risk right now?" is decided by its polarity; an answer that is
    # neither yes nor no but describes danger counts as yes, "not sure" stays unknown. Anywhere else a danger
    # message gets 999 at once and makes the case immediate for now (danger_described), but only the
    # professional's answer to the risk question sets `risk_now`, so that question is always asked.
    if requested_slot == "risk_now":
        unsure = polarity is None and bool(SKIP.match(text))
        at_risk = polarity is True or polarity is None and not unsure and is_danger(text, intent, intent_confidence, facts, language)
        if polarity is False:
            step.updates["risk_now"] = False
        elif at_risk:
            step.updates["risk_now"] = True
        danger_now = at_risk
    else:
        danger_now = not yes_no_only and is_danger(text, intent, intent_confidence, facts, language)
        if danger_now:
            step.updates["danger_described"] = True
    if danger_now:
        if not slots.get("emergency_advised"):
            step.updates["emergency_advised"] = True
            step.say.append("utter_immediate_danger")
        elif requested_slot != "risk_now":
            step.say.append("utter_emergency_now")  # a new danger message: 999 again, worded for what was described

    if requested_slot and requested_slot not in step.updates:
        if requested_slot == "reporter_contact" and DECLINE.search(text):
            step.updates["reporter_contact"] = UNKNOWN
            step.updates["contact_declined"] = True
        elif SKIP.match(text) or yes_no_only and requested_slot != "risk_now":
            # "not sure", or a bare yes/no to an open question ("where is she?" "no"): unknown, not a value
            step.updates[requested_slot] = [] if requested_slot in LIST_SLOTS else UNKNOWN
        elif looks_like_question(text) and requested_slot != "risk_now":
            # A question that is not an FAQ: not an answer of the right kind. Kept for the counsellor;
            # the slot stays empty, so the same question is asked once more.
            step.question = text.strip()
        elif correcting and set(step.updates) - {"danger_described", "emergency_advised"}:
            pass  # "sorry, she's 12 not 13" corrects something else: not an answer to this question, asked again
        else:
            value, reply = _answer(requested_slot, text, facts, asked_again=bool(slots.get("contact_reasked")))
            step.updates[requested_slot] = value
            if reply:
                step.say.append(reply)
    if requested_slot == "reporter_contact" and step.updates.get("reporter_contact") not in (None, UNKNOWN):
        step.updates.pop("contact_declined", None)
    if requested_slot == "concern_indicators" and not SKIP.match(text) and not step.question:
        step.updates["concern_text"] = _joined(slots.get("concern_text"), text)
    if requested_slot == "reporter_role" and step.updates.get("reporter_role") not in (None, UNKNOWN) and not slots.get("reporter_organisation"):
        organisation = re.search(r"\b(?:at|from|with|for)\s+(?:a |an |the )?(.+)$", text.strip(), re.I)
        if organisation:
            step.updates["reporter_organisation"] = organisation.group(1).strip(" .")[:120]
    for slot, value in step.updates.items():
        path = EVIDENCE_FIELDS.get(slot)
        if path and value not in (None, UNKNOWN, []):
            step.evidence[path] = text.strip()[:EVIDENCE_MAX]
    return step


def _joined(earlier: Any, text: str) -> str:
    """The professional's words about the concern, every message kept (a counsellor reads them all)."""
    text = text.strip()
    if isinstance(earlier, str) and earlier and text not in earlier:
        return f"{earlier} / {text}"[:1500]
    return text[:1500]
