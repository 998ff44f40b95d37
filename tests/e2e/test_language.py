"""Through the real server: people get replies in the language they write in, the
conversation keeps its language through short replies, and nothing is answered in
English from a message the bot could not read."""

from __future__ import annotations

import pytest
import yaml

from bot import localized
from tests.e2e.chat import Conversation, post

pytestmark = pytest.mark.e2e

CONTACTS = {"helpline_phone": "0808 800 5000", "helpline_email": "help@nspcc.org.uk"}


def localized_reply(name: str, code: str) -> str:
    """The reply a person writing in `code` should get, numbers filled in."""
    data = yaml.safe_load((localized.LOCALIZED_DIR / f"{name}.yml").read_text(encoding="utf-8"))
    text = localized.variants_by_language(data["responses"][f"utter_{name}"])[code]["text"]
    for slot, value in CONTACTS.items():
        text = text.replace("{" + slot + "}", value)
    return text.strip()


def language_slot(conversation: Conversation) -> str:
    return conversation.tracker()["slots"]["language"]


def test_model_parse_reports_the_language(bot):
    parse = post(bot.api("/model/parse"), {"text": "buna ziua, am nevoie de ajutor pentru nepoata mea"})
    assert parse["language"] == {"code": "ro", "confidence": pytest.approx(1.0, abs=0.05), "reliable": True}


def test_romanian_conversation_gets_romanian_replies_through_ok_and_a_place_name(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    first = chat.reply("buna ziua, as vrea sa stiu mai multe despre mecanismul national de referire pentru copii")
    assert first == localized_reply("english_only", "ro")
    assert language_slot(chat) == "ro"

    accepted = chat.reply("ok")  # to the offer of a counsellor with an interpreter: the case opens, in Romanian
    assert language_slot(chat) == "ro"
    assert accepted.startswith(localized_reply("handoff_confirmed", "ro").split(".")[0])
    place = chat.reply("Bucuresti")
    assert language_slot(chat) == "ro"
    assert place.startswith(localized_reply("handoff_added", "ro").split("(")[0].strip())

    assert chat.reply("multumesc").startswith(localized_reply("handoff_added", "ro").split("(")[0].strip())
    assert chat.tracker()["latest_message"]["language"]["code"] == "ro"


def test_a_question_in_another_language_is_not_answered_from_an_english_guess(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("ce este mecanismul national de referire si cine poate face o sesizare?")
    assert reply == localized_reply("english_only", "ro")
    assert reply.index("999") < reply.index("0808 800 5000")


def test_immediate_danger_in_arabic_puts_999_first_in_arabic(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("أختي محبوسة في بيت الآن والرجل يضربها")
    assert reply.startswith(localized_reply("immediate_danger", "ar"))
    assert "999" in reply.split("\n\n")[0]
    assert language_slot(chat) == "ar"


def test_an_unsupported_language_gets_999_and_a_counsellor_with_an_interpreter_in_english(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("Моей сестре пятнадцать лет, её заставляют работать и не пускают в школу")
    # either the offer of a counsellor with an interpreter, or (heard as a concern) the handoff itself
    assert reply in (localized_reply("english_only", "en"),) or "reference number is HO-" in reply
    assert "999" in reply and "0808 800 5000" in reply


def test_an_english_question_after_other_languages_is_answered_in_english(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    chat.say("dzien dobry, potrzebuje pomocy dla mojego kuzyna")
    assert language_slot(chat) == "pl"
    reply = chat.reply("sorry, can I ask in English: what is the national referral mechanism?")
    assert language_slot(chat) == "en"
    assert "National Referral Mechanism" in reply


def test_over_rest_an_arabic_reply_keeps_the_helpline_number_in_reading_order(bot):
    chat = Conversation(bot.url, bot.rasa_token)
    reply = chat.reply("مرحبا، أنا معلمة وأريد أن أعرف المزيد عن آلية الإحالة الوطنية للأطفال")
    assert language_slot(chat) == "ar"
    assert "0808\u00a0800\u00a05000" in reply and "0808 800 5000" not in reply  # digit groups joined (bot/bidi.py)
