"""A thanks or hello followed by a question goes to the FAQ gate as a question; a bare thanks stays thanks."""

from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_gate import FaqConfidenceGate
from bot.nlu.pleasantry_question import PleasantryQuestion


def _message(text: str, intent: str, topic_confidence: float) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": intent, "confidence": 0.8},
            "intent_ranking": [{"name": intent, "confidence": 0.8}, {"name": "faq", "confidence": 0.15}],
            "response_selector": {"faq": {"ranking": [{"intent_response_key": "faq/scotland", "confidence": topic_confidence}]}},
        }
    )


def _pipeline(message: Message) -> Message:
    [message] = PleasantryQuestion({}).process([message])
    [message] = FaqConfidenceGate({"retrieval_intent": "faq", "threshold": 0.7, "margin": 0.0}).process([message])
    return message


def test_thanks_then_a_clear_question_is_answered_as_a_question():
    message = _pipeline(_message("cheers, and how does the nrm work in scotland?", "thanks", 0.9))
    assert message.get("intent")["name"] == "faq"
    assert [r["name"] for r in message.get("intent_ranking")][:2] == ["faq", "thanks"]


def test_thanks_then_an_unclear_question_is_left_to_the_conversation_not_welcomed():
    # nlu_fallback: actions/fallback.py answers it from the conversation or offers suggestions
    assert _pipeline(_message("thanks! and in NI?", "thanks", 0.3)).get("intent")["name"] == "nlu_fallback"


def test_a_bare_thanks_stays_thanks():
    assert _pipeline(_message("thanks so much", "thanks", 0.2)).get("intent")["name"] == "thanks"


def test_yes_and_no_are_left_for_the_intake():
    assert _pipeline(_message("no, and can i ring them?", "deny", 0.9)).get("intent")["name"] == "deny"
