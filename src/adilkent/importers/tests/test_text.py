"""Turkish-aware folding: the search key every search in the platform uses."""

from hypothesis import given
from hypothesis import strategies as st

from adilkent.text import (
    compact_key,
    display_name,
    fold,
    mahalle_key,
    slugify_tr,
    turkish_lower,
    turkish_upper,
)


def test_turkish_dotted_and_dotless_i_fold_together():
    assert fold("İZMİR") == fold("izmir") == fold("Izmir") == "izmir"
    assert fold("KIRIKLAR") == fold("Kırıklar") == fold("kiriklar")


def test_turkish_letters_fold_to_their_latin_base():
    assert fold("Karşıyaka") == fold("KARŞIYAKA") == fold("karsiyaka") == "karsiyaka"
    assert fold("Çiğli Güzelbahçe Ödemiş Üçkuyular") == "cigli guzelbahce odemis uckuyular"


def test_circumflex_is_ignored():
    assert fold("Hâkim") == fold("Hakim")
    assert fold("Kâtip Çelebi") == "katip celebi"


def test_turkish_case_mapping_differs_from_pythons():
    assert turkish_lower("ISPARTA") == "ısparta"
    assert turkish_upper("izmir") == "İZMİR"
    assert "ISPARTA".lower() == "isparta"  # Python's rule, wrong for Turkish


def test_other_scripts_fold_case_and_arabic_variants():
    assert fold("ПРИВЕТ") == fold("привет")
    assert fold("ЇЖАК") == fold("їжак")
    assert fold("كتاب") == fold("کتاب")  # Arabic kaf and Persian keheh
    assert fold("عَرَبِيّ") == fold("عربي")  # harakat removed


def test_mahalle_key_ignores_suffix_punctuation_and_case():
    assert mahalle_key("Aşağışakran Mah.") == mahalle_key("AŞAĞIŞAKRAN MH.") == "asagisakran"
    assert mahalle_key("B.Hayrettin Paşa Mah.") == mahalle_key("B. Hayrettin Paşa Mh.")
    assert mahalle_key("Atatürk Mahallesi") == "ataturk"


def test_compact_key_joins_words():
    assert compact_key("Bozburun Adaları") == compact_key("Bozburunadaları")


def test_display_name_removes_only_the_suffix():
    assert display_name("Atatürk Mah.") == "Atatürk"
    assert display_name("Sasallı Merkez Mh.") == "Sasallı Merkez"
    assert display_name("Mahmudiye") == "Mahmudiye"


def test_slug_is_ascii():
    assert slugify_tr("Karşıyaka") == "karsiyaka"
    assert slugify_tr("100. Yıl Mah.") == "100-yil-mah"


@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet="abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ ", max_size=30))
def test_fold_ignores_turkish_case(text):
    assert fold(turkish_upper(text)) == fold(turkish_lower(text)) == fold(text)


def test_the_module_s_examples_hold():
    import doctest

    import adilkent.text

    failed, attempted = doctest.testmod(adilkent.text)
    assert attempted >= 8 and failed == 0


@given(st.text(max_size=8))
def test_ascii_digits_means_int_reads_it_as_written(text):
    from adilkent.text import ascii_digits

    if ascii_digits(text):
        assert str(int(text)).zfill(len(text)) == text
    else:
        assert not text or any(ch not in "0123456789" for ch in text)
