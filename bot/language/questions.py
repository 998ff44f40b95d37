"""Whether a message that opens with thanks, hello, bye, yes or no goes on to ask something.

"cheers. and do i need to tell the parents?" and "ok but what if he says no" open like a
pleasantry or a short answer and then ask a question: the NLU (bot/nlu/pleasantry_question.py)
and the yes/no action (actions/handoff.py ActionYesNo) both answer the question rather than the
pleasantry. Pure, so it is shared by the Rasa server and the action server.
"""

from __future__ import annotations

import re
from typing import Optional

_PLEASANTRY = re.compile(
    r"^\W*((thanks?( you| u)?( so much| very much| a lot| again| for that)?|thx|ty|cheers|ta|many thanks|great|brill(iant)?|lovely|perfect|cool|nice|fab|"
    r"super|ok(ay)?|right|got it|understood|that('s| is) (helpful|great|useful|clear)|helpful|"
    r"hi|hello|hey|hiya|good (morning|afternoon|evening)|bye|goodbye|yes|yeah|yep|no|nope|nah|sure|fine)\b[\s,.!:;-]*)+",
    re.I,
)
_ASKS = re.compile(
    r"^(and|but|so|also|what|who|whom|which|how|when|where|why|is|are|was|were|do|does|did|can|could|should|"
    r"would|will|shall|may|must|if|any|i meant|i mean|one more|another|quick)\b",
    re.I,
)
MIN_QUESTION_WORDS = 2


def question_after_pleasantry(text: str) -> Optional[str]:
    """The question that follows a leading thanks/hello/bye, or None when there is none."""
    rest = _PLEASANTRY.sub("", text, count=1).strip()
    if rest == text.strip() or len(re.findall(r"\w+", rest)) < MIN_QUESTION_WORDS:
        return None
    return rest if "?" in rest or _ASKS.match(rest) else None
