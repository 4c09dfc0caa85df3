"""Ateşman's reading-ease score, checked on sentences counted by hand."""

from __future__ import annotations

import pytest

from adilkent.readability import ReadingEase, atesman, atesman_band, reading_ease, syllable_count


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("ev", 1),
        ("İstanbul", 3),  # İs-tan-bul: a capital dotted İ is a vowel
        ("IŞIK", 2),  # I-ŞIK: the capital dotless I is a vowel too
        ("Hâkim", 2),  # circumflexed â
        ("kütüphane", 4),
        ("sonuçlandırılacaktır", 8),
        ("İzmir'de", 3),
    ],
)
def test_a_syllable_is_a_vowel(word: str, syllables: int) -> None:
    assert syllable_count(word) == syllables


def test_a_short_plain_sentence() -> None:
    # 3 words, 5 syllables (A-li to-pu at), 1 sentence:
    # 198.825 - 40.175 * 5/3 - 2.610 * 3 = 124.0367
    assert reading_ease("Ali topu at.") == ReadingEase(words=3, syllables=5, sentences=1)
    assert atesman("Ali topu at.") == pytest.approx(124.0367, abs=1e-4)


def test_two_sentences() -> None:
    # Bu-gün ha-va gü-zel. Par-ka gi-de-lim. 5 words, 11 syllables, 2 sentences:
    # 198.825 - 40.175 * 2.2 - 2.610 * 2.5 = 103.915
    text = "Bugün hava güzel. Parka gidelim!"
    assert reading_ease(text) == ReadingEase(words=5, syllables=11, sentences=2)
    assert atesman(text) == pytest.approx(103.915, abs=1e-4)
    assert atesman_band(atesman(text)) == "very easy"


def test_official_style_is_very_difficult() -> None:
    # 10 words, 46 syllables, 1 sentence: 198.825 - 40.175 * 4.6 - 2.610 * 10 = -12.08
    text = (
        "Başvuru sahibinin kimlik bilgilerinin doğrulanmasını müteakip, ilgili müdürlükçe "
        "değerlendirilerek sonuçlandırılacaktır."
    )
    assert reading_ease(text) == ReadingEase(words=10, syllables=46, sentences=1)
    assert atesman(text) == pytest.approx(-12.08, abs=1e-4)
    assert atesman_band(atesman(text)) == "very difficult"


def test_numbers_are_not_words_and_text_without_a_full_stop_is_a_sentence() -> None:
    # "7/24 açık" is one word (a-çık, 2 syllables) in one sentence.
    assert reading_ease("7/24 açık") == ReadingEase(words=1, syllables=2, sentences=1)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (95.0, "very easy"),
        (90.0, "very easy"),
        (89.9, "easy"),
        (70.0, "easy"),
        (69.9, "medium"),
        (50.0, "medium"),
        (49.9, "difficult"),
        (30.0, "difficult"),
        (29.9, "very difficult"),
    ],
)
def test_atesman_bands(score: float, band: str) -> None:
    assert atesman_band(score) == band


@pytest.mark.parametrize("text", ["", "  ...  ", "2026 / 7"])
def test_a_text_without_words_has_no_score(text: str) -> None:
    with pytest.raises(ValueError):
        atesman(text)
