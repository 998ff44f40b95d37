"""The concern path through the real Rasa and action servers, in every state a professional meets.

Written as professionals type (other roles, "no" with a reason, refusals, leaving halfway).
Each test asserts what the professional sees and what a counsellor will read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from bot import project
from bot.storage.database import make_engine, session_factory
from bot.storage.handoffs import list_handoffs, set_status
from tests.e2e.chat import Conversation
from tests.e2e.test_handoff import QUESTIONS, answer_all, asks, skip_until, stored

pytestmark = pytest.mark.e2e
EMERGENCY = "This sounds like an emergency. Call 999 now"


@pytest.fixture(scope="module")
def sessions(bot):
    return session_factory(make_engine(bot.database_url))


def only(sessions, chat: Conversation) -> dict:
    [summary] = stored(sessions, chat)
    return summary


def handed_over(chat: Conversation, opener: str) -> str:
    """A concern whose intake the professional skips through; returns the confirmation."""
    return answer_all(chat, {}, chat.reply(opener))


def test_a_danger_opener_with_nothing_after_it_is_in_the_queue_as_immediate_within_5_seconds(bot):
    chat = Conversation(bot.url)
    started = time.monotonic()
    reply = chat.reply("theres a lad about 14 being bundled into a van outside our youth centre in Hull right now")
    assert reply.startswith("If a child is in immediate danger, call the police on 999 now.")
    listing = subprocess.run(
        [sys.executable, "-m", "bot.cli", "handoffs", "list", "--json"], cwd=project.ROOT, capture_output=True, text=True,
        env={**os.environ, "DATABASE_URL": bot.database_url}, timeout=60, check=True,
    )
    mine = [h for h in json.loads(listing.stdout) if h["conversation_id"] == chat.sender]
    assert time.monotonic() - started < 5
    assert [h["urgency"] for h in mine] == ["immediate"] and mine[0]["status"] == "collecting"
    assert mine[0]["emergency_services_advised"] is True and "child at risk now" in mine[0]["urgency_reasons"]


def test_the_professional_is_told_a_case_is_open_from_the_first_message(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("I'm a GP and one of my patients, 15, told me she's being made to sleep with men for money")
    summary = only(sessions, chat)
    assert summary["status"] == "collecting" and summary["intake_status"] == "in_progress"
    assert summary["reference"] in reply and "can see it now" in reply


def test_saying_goodbye_halfway_leaves_everything_with_a_counsellor(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("worried about a 12 year old boy at our school in Oldham who is being given cannabis to sell")
    reply = chat.reply("sorry i have to go, bye")
    summary = only(sessions, chat)
    assert summary["status"] == "waiting" and summary["intake_status"] == "left"
    assert summary["reference"] in reply and "0808 800 5000" in reply and "That doesn't look like" not in reply
    assert summary["child"]["age"] == 12 and summary["urgency"] == "high" and "under 13" in summary["urgency_reasons"]


def test_no_with_a_reason_is_not_at_risk(bot, sessions):
    chat = Conversation(bot.url)
    skip_until(chat, chat.reply("concerned about a year 8 girl, her older 'boyfriend' waits for her outside school"), "risk_now")
    reply = chat.reply("no, she's here at school with me this afternoon")
    assert "999 now" not in reply
    answer_all(chat, {}, reply)
    summary = only(sessions, chat)
    assert summary["immediate_risk"] is False and summary["urgency"] != "immediate"
    assert summary["evidence"]["immediate_risk"] == "no, she's here at school with me this afternoon"


@pytest.mark.parametrize("word", ["po", "da", "tak", "jo"])
def test_a_lone_yes_or_no_in_another_language_never_opens_a_case(bot, sessions, word):
    chat = Conversation(bot.url)
    reply = chat.reply(word)
    assert reply.strip()
    assert stored(sessions, chat) == []


def test_declining_a_contact_is_accepted_and_recorded(bot, sessions):
    chat = Conversation(bot.url)
    skip_until(chat, chat.reply("youth worker here, a 16 year old on our programme says he owes money to dealers"), "reporter_contact")
    reply = chat.reply("i'd rather not give my contact details")
    assert "doesn't look like" not in reply and not asks(reply, "reporter_contact")
    answer_all(chat, {}, reply)
    summary = only(sessions, chat)
    assert summary["reporter"]["contact_declined"] is True and summary["reporter"]["contact"] is None


def test_a_question_or_a_change_of_mind_is_never_stored_as_the_role(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("i'm worried about a boy in my street, maybe 13, men drop him off at 3am")
    assert asks(reply, "reporter_role")
    reply = chat.reply("should i call 999 or the council first?")
    answer_all(chat, {}, reply)
    summary = only(sessions, chat)
    assert summary["reporter"]["role"] is None
    assert "should i call 999 or the council first?" in summary["reporter_questions"]


def test_stop_midway_passes_it_on_and_no_then_withdraws(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("a 15 year old in our hostel keeps going missing and coming back with expensive clothes")
    reply = chat.reply("stop, i've changed my mind")
    summary = only(sessions, chat)
    assert summary["status"] == "waiting" and summary["intake_status"] == "stopped" and summary["reference"] in reply
    reply = chat.reply("no")
    assert "closed the case" in reply
    summary = only(sessions, chat)
    assert summary["status"] == "closed" and summary["handling"]["outcome"] == "withdrawn by the professional"


def test_only_wanting_information_closes_the_case_as_withdrawn(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("what would you do if a pupil told you she was being sent to work in a nail bar")
    first = stored(sessions, chat)
    if not first:
        pytest.skip("read as a question, which is right too")
    reply = chat.reply("sorry, i only wanted general information, it's not about a real child")
    assert "closed the case" in reply
    assert only(sessions, chat)["status"] == "closed"


def test_where_the_child_is_is_kept_apart_from_where_they_are_taken(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("school nurse at Kendrick School: a 14 year old girl is with me in Reading, she says her "
                       "uncle's friends are taking her to London after school to 'work'")
    answer_all(chat, {"risk_now": "not sure"}, reply)
    summary = only(sessions, chat)
    assert summary["child"]["location"] == "Reading" and summary["child"]["moving_to"] == "London"
    assert summary["urgency"] in ("high", "immediate") and "being moved to London" in summary["urgency_reasons"]
    assert summary["evidence"]["child.moving_to"].startswith("school nurse at Kendrick School")
    assert summary["reporter"]["role"] == "school nurse"


def test_a_worry_is_not_recorded_as_a_fact(bot, sessions):
    chat = Conversation(bot.url)
    handed_over(chat, "i'm worried my foster son has been trafficked, he came here aged 15 from Eritrea")
    summary = only(sessions, chat)
    assert not any(i["text"].lower().startswith("he's been trafficked") for i in summary["indicators"])


def test_danger_while_waiting_gets_999_first_and_raises_the_urgency(bot, sessions):
    chat = Conversation(bot.url)
    handed_over(chat, "worried about a 15 year old lad, he has two phones and new trainers every week")
    assert only(sessions, chat)["urgency"] == "standard"
    reply = chat.reply("he's just messaged me saying some men are outside his house and they're going to make him "
                       "go to birmingham tonight")
    assert reply.startswith(EMERGENCY)
    summary = only(sessions, chat)
    assert summary["urgency"] == "immediate" and "danger described after the handoff" in summary["urgency_reasons"]
    assert summary["emergency_services_advised"] is True and summary["status"] == "waiting"


def test_while_waiting_every_message_is_acknowledged_and_questions_answered(bot, sessions):
    chat = Conversation(bot.url)
    handed_over(chat, "a 13 year old in my class says she is scared of the men her brother works for")
    reference = only(sessions, chat)["reference"]
    for text in ("what do i do now", "ok", "yes"):
        reply = chat.reply(text)
        assert reference in reply, text
    reply = chat.reply("what is the national referral mechanism?")
    assert "National Referral Mechanism" in reply and "another way" not in reply
    assert reference in chat.reply("thanks")  # and the conversation goes on normally
    transcript = [m["text"] for m in only(sessions, chat)["transcript"]]
    assert "what do i do now" in transcript and "what is the national referral mechanism?" in transcript


def nobody_online(sessions) -> None:
    from sqlalchemy import delete

    from bot.storage.console_models import ConsoleSession

    with sessions.begin() as session:  # every console login ends (other tests sign counsellors in)
        session.execute(delete(ConsoleSession))


def test_nobody_online_is_said_honestly_with_the_number_and_email(bot, sessions):
    nobody_online(sessions)
    chat = Conversation(bot.url)
    reply = chat.reply("can i talk to someone about a child please")
    assert "No counsellor is online right now" in reply
    assert "0808 800 5000" in reply and "help@nspcc.org.uk" in reply and "will reply here" not in reply.split("No counsellor")[1]


def test_a_counsellor_online_gives_the_queue_place(bot, sessions):
    from bot.storage import console

    nobody_online(sessions)
    user = console.get_user(sessions, "Online Olu") or console.create_user(sessions, "Online Olu", "counsellor", "a long password 1")
    token, _ = console.create_session(sessions, user["id"])
    console.touch_session(sessions, token)
    reply = Conversation(bot.url).reply("i need to speak to a counsellor about a pupil")
    assert "in the queue for a counsellor" in reply and "No counsellor is online" not in reply
    nobody_online(sessions)


def test_with_a_counsellor_the_bot_is_quiet_apart_from_999(bot, sessions):
    chat = Conversation(bot.url)
    chat.reply("can i speak to a counsellor")
    reference = only(sessions, chat)["reference"]
    set_status(sessions, reference, "claimed", by="Priya Shah")
    assert chat.say("thanks, she's 15 and in Derby") == []
    reply = chat.reply("oh god he's here now, he's dragging her into his car")
    assert reply.startswith(EMERGENCY)
    summary = only(sessions, chat)
    assert summary["urgency"] == "immediate" and summary["status"] == "claimed"
    said = [m["text"] for m in summary["transcript"] if m["sender"] == "user"]
    assert "thanks, she's 15 and in Derby" in said


def test_every_summary_on_the_way_validates_against_the_contract(bot, sessions):
    from bot.storage.handoffs import validate_summary

    for summary in list_handoffs(sessions):
        validate_summary({k: v for k, v in summary.items() if k != "handling"})
    assert QUESTIONS  # the intake questions are read from the domain


def test_a_question_in_another_language_gets_the_offer_and_yes_opens_the_case(bot, sessions):
    chat = Conversation(bot.url)
    first = chat.reply("buna ziua, as vrea sa stiu mai multe despre mecanismul national de referire pentru copii")
    assert "999" in first and stored(sessions, chat) == []  # a question is not a concern: the offer, not a case
    reply = chat.reply("da")
    summary = only(sessions, chat)
    assert summary["reason"] == "request_human" and summary["language"]["interpreter_needed"] is True
    assert summary["reference"] in reply
    assert summary["reference"] in chat.reply("Bucuresti")  # acknowledged, in Romanian


def test_a_teachers_question_in_arabic_is_offered_a_counsellor_not_handed_over(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("أنا معلمة وأريد أن أعرف علامات الاتجار بالأطفال في المدرسة؟")
    assert "999" in reply and stored(sessions, chat) == []


def test_an_adult_victim_is_signposted_and_no_child_case_opens(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("a man in his twenties who works in our kitchen says his boss keeps his passport and wages, who do I tell?")
    assert "08000 121 700" in reply and "999" in reply
    assert stored(sessions, chat) == []


def test_a_danger_message_in_the_middle_of_the_intake_gets_999_at_once(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("DSL at Hillcrest Academy, worried about a year 10 boy who keeps coming in with new trainers")
    assert "999" not in reply.split("\n\n")[0]
    reply = chat.reply("oh no, his sister just rang, two men are outside their flat now trying to get him into a car")
    assert reply.startswith("If a child is in immediate danger, call the police on 999 now.")
    summary = only(sessions, chat)
    assert summary["urgency"] == "immediate" and summary["status"] == "collecting"
    assert summary["reporter"]["organisation"] == "Hillcrest Academy"


def test_a_question_inside_a_concern_is_answered_before_the_form_goes_on(bot, sessions):
    chat = Conversation(bot.url)
    reply = chat.reply("a 14 year old girl from Albania in my class only speaks a bit of English, I'm worried about her")
    question = next(s for s in QUESTIONS if asks(reply, s))
    reply = chat.reply("can her cousin interpret for her when we talk to her?")
    assert "interpreter" in reply.lower() and asks(reply, question)
    assert "can her cousin interpret for her when we talk to her?" in only(sessions, chat)["reporter_questions"]
