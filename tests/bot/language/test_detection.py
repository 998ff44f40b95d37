"""What a professional or a family member notices: the bot follows the language they
write in, and is not thrown by names, places, jargon, quotes or one-word replies."""

from __future__ import annotations

import pytest

from bot.language.detection import detect


@pytest.mark.parametrize(
    "text, code",
    [
        ("buna ziua, am nevoie de ajutor pentru nepoata mea", "ro"),
        ("nu stiu ce sa fac, fratele meu lucreaza pentru un barbat si nu primeste bani", "ro"),
        ("potrzebuje pomocy, moja siostra musi pracowac za darmo", "pl"),
        ("Tôi cần giúp đỡ cho em gái tôi", "vi"),
        ("toi can giup do, em gai toi dang lam o tiem nail ma khong duoc tra tien", "vi"),
        ("Rwy angen help gyda fy mhlentyn, mae hi mewn perygl", "cy"),
        ("Waxaan u baahanahay caawimaad, walaashay waa la xiray", "so"),
        ("ju lutem më ndihmoni, vëllai im punon pa pagesë", "sq"),
        ("أختي محبوسة في بيت ولا تذهب إلى المدرسة", "ar"),
        ("خواهرم را در خانه نگه داشته‌اند و به مدرسه نمی‌رود", "fa"),
        ("میری بہن کو گھر میں بند رکھا گیا ہے اور وہ اسکول نہیں جاتی", "ur"),
        ("necesito ayuda, mi sobrina trabaja y no va a la escuela", "es"),
        ("j'ai besoin d'aide, mon neveu travaille pour un homme", "fr"),
        ("preciso de ajuda, a minha sobrinha trabalha numa casa e não vai à escola", "pt"),
    ],
)
def test_a_clear_message_is_detected_reliably_in_its_language(text, code):
    detection = detect(text)
    assert (detection.code, detection.reliable) == (code, True)


@pytest.mark.parametrize(
    "text",
    [
        "YP UASC placed OOA, LA says NRM done?",
        "Referral for Ionuț Dumitrescu, Constanța, going missing again",
        "Any update on Nguyễn Thị Hoa from Hai Phong?",
        "she keeps saying 'nu vreau sa merg acolo' when we mention her uncle",
        "Kids from Blaenau Ffestiniog being used to run drugs down to Aberystwyth",
        "I need help please, my brother is being forced to sell drugs, dziękuję",
        "LA children's services in Conwy. YP arrived from Bucharest with a cousin who isn't a legal guardian.",
    ],
)
def test_english_with_foreign_names_places_and_quotes_stays_english(text):
    assert detect(text).code == "en"


@pytest.mark.parametrize("text", ["ok", "Bucharest", "Andrei Popescu", "county lines", "15", "👍", "Hai Phong", "NRM"])
def test_short_neutral_replies_never_change_the_conversation_language(text):
    assert not detect(text).reliable


@pytest.mark.parametrize(
    "text, code",
    [("mulțumesc", "ro"), ("dziękuję bardzo", "pl"), ("diolch", "cy"), ("شکریہ", "ur"), ("ممنون", "fa"), ("ajutor va rog", "ro")],
)
def test_a_short_thank_you_or_help_in_a_language_is_enough(text, code):
    assert (detect(text).code, detect(text).reliable) == (code, True)


def test_mixed_message_follows_the_language_most_of_it_is_in():
    assert detect("hello, am nevoie de ajutor pentru fratele meu").code == "ro"


def test_a_language_without_a_detector_profile_is_still_not_english():
    detection = detect("እባክህ እርዳኝ ልጄ አደጋ ላይ ነው")  # Amharic
    assert detection.code != "en" and detection.reliable


def test_detection_is_deterministic():
    text = "o que acontece se eu denunciar? alguem vai saber que fui eu?"
    assert len({detect(text) for _ in range(20)}) == 1


def test_empty_and_symbol_only_messages_are_undetermined():
    for text in ("", "   ", "!!!", "😀😀"):
        assert detect(text).code == "und" and not detect(text).reliable
