from rasa.shared.nlu.training_data.message import Message

from bot.nlu.faq_gate import FaqConfidenceGate, should_answer


def _message(intent: str, answers: list[float]) -> Message:
    ranking = [{"intent_response_key": f"faq/t{i}", "confidence": c} for i, c in enumerate(answers)]
    return Message(
        data={
            "text": "x",
            "intent": {"name": intent, "confidence": 0.99},
            "intent_ranking": [{"name": intent, "confidence": 0.99}],
            "response_selector": {"faq": {"ranking": ranking, "response": {"intent_response_key": "faq/t0"}}},
        }
    )


GATE = FaqConfidenceGate({"retrieval_intent": "faq", "threshold": 0.5, "margin": 0.2})


def test_confident_clear_answer_is_given():
    assert should_answer(0.9, 0.05, threshold=0.5, margin=0.2)
    [message] = GATE.process([_message("faq", [0.9, 0.05])])
    assert message.get("intent")["name"] == "faq"
    assert message.get("faq_gate")["answered"] is True


def test_faq_intent_with_a_weak_answer_goes_to_fallback_not_a_random_answer():
    [message] = GATE.process([_message("faq", [0.1, 0.09])])
    assert message.get("intent")["name"] == "nlu_fallback"
    assert message.get("intent_ranking")[0]["name"] == "nlu_fallback"
    # the closest topic stays visible for the counsellor and for evaluation
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] == "faq/t0"


def test_two_answers_neck_and_neck_go_to_fallback():
    [message] = GATE.process([_message("faq", [0.55, 0.45])])
    assert message.get("intent")["name"] == "nlu_fallback"


def test_other_intents_are_left_alone():
    [message] = GATE.process([_message("greet", [0.1, 0.09])])
    assert message.get("intent")["name"] == "greet"
