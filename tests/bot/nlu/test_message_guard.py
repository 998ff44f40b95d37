from rasa.shared.nlu.training_data.message import Message

from bot.nlu.message_guard import MessageGuard, clean_text


def test_html_is_reduced_to_the_words_a_person_wrote():
    assert clean_text("<p>what is the <b>NRM</b>?</p><script>alert(1)</script>", 600) == "what is the NRM ? alert(1)"


def test_entities_and_whitespace_are_normalised():
    assert clean_text("signs&nbsp;of   trafficking\n\n&amp; cse", 600) == "signs of trafficking & cse"


def test_a_20kb_paste_is_cut_at_a_word_boundary():
    text = "county lines " * 2000
    cleaned = clean_text(text, 600)
    assert len(cleaned) <= 600
    assert cleaned.endswith(("county", "lines"))


def test_emoji_and_empty_text_survive():
    assert clean_text("🙂🙂", 600) == "🙂🙂"
    assert clean_text("   ", 600) == ""


def test_component_cleans_messages_in_place():
    guard = MessageGuard({"max_chars": 10})
    [message] = guard.process([Message(data={"text": "<i>hello</i> there everyone"})])
    assert message.get("text") == "hello"
