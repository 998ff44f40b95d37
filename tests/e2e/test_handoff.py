"""Concern triage and handoff through the real Rasa server and action server.

Each scenario is a professional typing into the website chat; each asserts what a
counsellor will read: the stored summary's fields.
"""

from __future__ import annotations

import pytest
import yaml

from bot import project
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import list_handoffs
from tests.e2e.chat import Conversation

pytestmark = pytest.mark.e2e

RESPONSES = yaml.safe_load((project.DOMAIN / "triage.yml").read_text())["responses"]
QUESTIONS = {name[len("utter_ask_"):]: variants[0]["text"] for name, variants in RESPONSES.items() if name.startswith("utter_ask_")}


ROMANIAN_CONFIRMATION_START = next(
    v["text"] for v in yaml.safe_load((project.DOMAIN / "localized" / "handoff_confirmed.yml").read_text(encoding="utf-8"))
    ["responses"]["utter_handoff_confirmed"] if (v.get("metadata") or {}).get("lang") == "ro"
).split(".")[0]


def asks(reply: str, slot: str) -> bool:
    return reply.endswith(QUESTIONS[slot])


@pytest.fixture(scope="module")
def sessions(bot):
    return session_factory(make_engine(bot.database_url))


def stored(sessions, chat: Conversation) -> list[dict]:
    return [h for h in list_handoffs(sessions) if h["conversation_id"] == chat.sender]


def skip_until(chat: Conversation, reply: str, slot: str) -> str:
    """Answer "skip" until the bot asks for `slot`; returns that question's reply."""
    for _ in range(12):
        if asks(reply, slot):
            return reply
        reply = chat.reply("skip")
    raise AssertionError(f"the bot never asked for {slot}: {reply}")


def answer_all(chat: Conversation, answers: dict[str, str], first_reply: str) -> str:
    """Answer whatever the bot asks until it stops asking; returns the last reply."""
    reply = first_reply
    for _ in range(12):
        slot = next((s for s in QUESTIONS if asks(reply, s)), None)
        if slot is None:
            return reply
        reply = chat.reply(answers.get(slot, "skip"))
    raise AssertionError(f"the bot kept asking: {reply}")


def test_terse_professional_answers_one_question_at_a_time(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("worried about a pupil, think she might be trafficked")
    assert "few short questions" in reply
    last = answer_all(chat, {
        "reporter_role": "DSL at Oak Academy", "reporter_contact": "dsl@oak.sch.uk", "child_age": "14",
        "child_gender": "girl", "child_nationality": "Albanian", "child_location": "Luton",
        "concern_indicators": "she has a new phone and cash and an older man picks her up", "risk_now": "no",
        "actions_taken": "told the head",
    }, reply)
    [summary] = stored(sessions, chat)
    assert summary["reference"] in last and "0808 800 5000" in last and "999" in last
    # the wait, honestly: the queue place when a counsellor is online, otherwise "nobody is online"
    assert "in the queue for a counsellor" in last or "No counsellor is online right now" in last
    assert summary["reason"] == "raise_concern" and summary["urgency"] == "standard"
    assert summary["child"]["age"] == 14 and summary["child"]["gender"] == "female"
    assert summary["reporter"]["contact"] == "dsl@oak.sch.uk"
    assert summary["immediate_risk"] is False
    assert any(m["text"] == "Luton" for m in summary["transcript"])


def test_chatty_professional_is_not_asked_what_they_already_said(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply(
        "school nurse here. worried about a 15 year old romanian boy in croydon, an older man holds his passport "
        "and he works at a car wash instead of school"
    )
    assert not asks(reply, "child_age") and not asks(reply, "child_nationality")
    answer_all(chat, {"reporter_contact": "07700 900123", "risk_now": "no"}, reply)
    [summary] = stored(sessions, chat)
    assert summary["child"]["age"] == 15 and summary["child"]["local_authority"] == "London Borough of Croydon"
    assert summary["indicators"]


def test_a_correction_replaces_the_age(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("i'm worried about a 15 year old girl in my class")
    reply = chat.reply("sorry, she's 14")
    answer_all(chat, {}, reply)
    [summary] = stored(sessions, chat)
    assert summary["child"]["age"] == 14


def test_a_question_mid_form_is_answered_then_the_form_goes_on(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("i think one of our looked after boys is being exploited")
    question = next(s for s in QUESTIONS if asks(reply, s))
    answer = chat.reply("do i need the child's consent to make an nrm referral?")
    assert "consent" in answer.lower() and asks(answer, question)
    answer_all(chat, {}, answer)
    [summary] = stored(sessions, chat)
    assert "do i need the child's consent to make an nrm referral?" in summary["reporter_questions"]


def test_stop_keeps_what_was_said_for_a_counsellor(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("worried about a 16 year old vietnamese boy working in a nail bar in leeds")
    reply = chat.reply("stop")
    [summary] = stored(sessions, chat)
    assert summary["reference"] in reply
    assert summary["child"]["age"] == 16 and summary["reporter"]["contact"] is None


def test_immediate_danger_first_gets_999_then_an_immediate_handoff(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("a girl is locked in the flat next door right now and the men are coming back tonight")
    assert reply.startswith("If a child is in immediate danger, call the police on 999 now.")
    assert reply.count("call the police on 999") == 1
    answer_all(chat, {}, reply)
    [summary] = stored(sessions, chat)
    assert summary["urgency"] == "immediate" and summary["emergency_services_advised"] is True


def test_risk_now_mid_form_gets_999_in_the_very_next_reply(bot, sessions):
    chat = Conversation(bot.url)
    skip_until(chat, chat.reply("concerned about a yp on my caseload"), "risk_now")
    reply = chat.reply("yes")
    assert reply.startswith("If a child is in immediate danger, call the police on 999 now.")
    answer_all(chat, {}, reply)
    [summary] = stored(sessions, chat)
    assert summary["urgency"] == "immediate"


def test_asking_for_a_person_with_no_details_hands_over_at_once(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("can i speak to a real person please")
    [summary] = stored(sessions, chat)
    assert summary["reason"] == "request_human" and summary["reference"] in reply
    assert summary["child"]["age"] is None


def test_general_questions_only_never_create_a_handoff(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("hi")
    chat.reply("what is the national referral mechanism")
    chat.reply("what are the signs of county lines")
    chat.reply("thanks, bye")
    assert stored(sessions, chat) == []


def test_off_topic_and_a_bot_question_never_create_a_handoff(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("am i talking to a bot")
    chat.reply("how do i renew my passport")
    assert stored(sessions, chat) == []


def test_a_concern_in_romanian_is_handed_over_with_an_interpreter(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("va rog ajutati-ma, nepoata mea de 15 ani este tinuta intr-o casa si trebuie sa munceasca")
    handoffs = stored(sessions, chat)
    if not handoffs:  # the classifier heard no concern: the offer of a counsellor, in Romanian, then a request
        assert "999" in reply
        reply = chat.reply("vreau sa vorbesc cu un consilier")
        handoffs = stored(sessions, chat)
    [summary] = handoffs
    assert summary["language"] == {"code": "ro", "name": "Romanian", "interpreter_needed": True}
    assert summary["reference"] in reply
    assert reply.startswith(ROMANIAN_CONFIRMATION_START)


def test_the_bot_acknowledges_while_waiting_is_quiet_with_a_counsellor_then_greets_back(bot, sessions):
    from bot.storage.handoffs import get_handoff, set_status

    chat = Conversation(bot.url)
    chat.reply("can i speak to a counsellor")
    [summary] = stored(sessions, chat)
    assert summary["reference"] in chat.reply("hello? is anyone there")  # waiting: acknowledged, never silence
    set_status(sessions, summary["reference"], "claimed", by="Sam")
    assert chat.say("what is the nrm") == []  # a person has it: the bot does not talk over them
    transcript = [m["text"] for m in get_handoff(sessions, summary["reference"])["transcript"]]
    assert "hello? is anyone there" in transcript and "what is the nrm" in transcript

    set_status(sessions, summary["reference"], "closed", by="Sam", outcome="advice given")
    reply = chat.reply("thanks, one more thing: what is the nrm")
    assert reply.startswith("The counsellor has closed this conversation.")
    assert "National Referral Mechanism" in reply and "another way" not in reply
    assert chat.reply("thank you") == chat.reply("thank you")  # back to normal: one reply, no loop


def test_killing_the_action_server_mid_triage_loses_nothing_typed_and_the_runner_brings_it_back(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("worried about a 13 year old girl in our after-school club")
    bot.kill_action_server()
    chat.say("she says an older man gives her money and a new phone")
    chat.say("she lives in Bradford")
    bot.wait_until_ready(timeout=60)  # restarted by the runner, nobody started it by hand
    reply = chat.reply("stop")
    [summary] = stored(sessions, chat)
    assert summary["reference"] in reply
    said = [m["text"] for m in summary["transcript"] if m["sender"] == "user"]
    assert "she says an older man gives her money and a new phone" in said and "she lives in Bradford" in said
