"""Turkish-aware text folding and place-name normalisation (no Django).

Python's ``str.lower()`` maps ``"I"`` to ``"i"`` and ``"İ"`` to ``"i̇"`` (i + combining dot),
which is wrong for Turkish, where ``I``/``ı`` and ``İ``/``i`` are two separate letters.
:func:`fold` gives one search key for any spelling a resident may type: Turkish dotted and
dotless i, circumflexes (``â``, ``î``, ``û``), other diacritics and case all fold together, so
``"KARŞIYAKA"``, ``"Karşıyaka"`` and ``"karsiyaka"`` match. It is used for every search.

>>> fold("İZMİR") == fold("izmir") == fold("Izmir")
True
>>> fold("Hâkim Bey")
'hakim bey'
>>> mahalle_key("B.Hayrettin Paşa Mah.")
'b hayrettin pasa'
>>> mahalle_key("Barbaros Hayrettin Paşa Mh.")
'barbaros hayrettin pasa'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Turkish letters whose Latin base a user without a Turkish keyboard types instead.
_TURKISH_TO_ASCII = str.maketrans(
    {
        "ı": "i",
        "İ": "i",
        "I": "i",
        "ş": "s",
        "Ş": "s",
        "ğ": "g",
        "Ğ": "g",
        "ç": "c",
        "Ç": "c",
        "ö": "o",
        "Ö": "o",
        "ü": "u",
        "Ü": "u",
    }
)


def turkish_lower(text: str) -> str:
    """Lower-case with Turkish rules (``I`` → ``ı``, ``İ`` → ``i``), keeping all letters."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def turkish_upper(text: str) -> str:
    """Upper-case with Turkish rules (``i`` → ``İ``, ``ı`` → ``I``)."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def fold(text: str) -> str:
    """Fold text to a case- and diacritic-insensitive search key.

    Works for every script the platform serves: Latin letters lose case and diacritics
    (Turkish-aware), Arabic/Persian/Cyrillic text is case-folded and NFKC-normalised with
    Arabic diacritics (harakat) removed. Whitespace runs collapse to one space.
    """
    text = unicodedata.normalize("NFC", text).translate(_TURKISH_TO_ASCII)
    # Compatibility forms first (𝚨 → Α), then case, then decompose what case folding produced.
    folded = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Arabic tatweel and Persian/Arabic letter variants that users type interchangeably.
    stripped = stripped.replace("\u0640", "").replace("ي", "ی").replace("ك", "ک")
    return " ".join(stripped.split())


_SUFFIXES = (
    "mahallesi",
    "mah",
    "mh",
    "koyu",
    "köyü",
)
# TÜİK and map sources abbreviate differently; expand the common abbreviations.
_ABBREVIATIONS = {
    "b": "barbaros",
    "m": "mustafa",
    "k": "kemal",
    "kz": "kazim",
    "cumh": "cumhuriyet",
    "cum": "cumhuriyet",
    "hurr": "hurriyet",
    "ist": "istiklal",
    "yen": "yeni",
}
_NON_ALNUM = re.compile(r"[^0-9a-z\u0600-\u06ff\u0400-\u04ff]+")


def name_tokens(name: str) -> list[str]:
    """Fold a place name and split it into tokens, dropping the mahalle/village suffix."""
    tokens = _NON_ALNUM.sub(" ", fold(name)).split()
    while tokens and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tokens


def mahalle_key(name: str) -> str:
    """The exact-match key of a mahalle name: folded, suffix-free, punctuation-free.

    ``"B.Hayrettin Paşa Mah."`` and ``"B. Hayrettin Paşa Mh."`` give the same key. Abbreviations
    are *not* expanded here: see :func:`mahalle_key_expanded`, used as a second, reported pass.
    """
    return " ".join(name_tokens(name))


def mahalle_key_expanded(name: str) -> str:
    """Like :func:`mahalle_key` with common abbreviations expanded (``B.`` → ``Barbaros``)."""
    return " ".join(_ABBREVIATIONS.get(t, t) for t in name_tokens(name))


def compact_key(name: str) -> str:
    """The key with spaces removed: ``"Dağ Kızılca"`` and ``"Dağkızılca"`` match."""
    return mahalle_key(name).replace(" ", "")


def display_name(name: str) -> str:
    """A mahalle's display name without the source's suffix (``"Atatürk Mah."`` → ``"Atatürk"``)."""
    cleaned = re.sub(r"\s*\b(Mahallesi|Mah\.?|Mh\.?)\s*$", "", name.strip(), flags=re.IGNORECASE)
    return cleaned.strip() or name.strip()


def slugify_tr(name: str) -> str:
    """An ASCII slug that keeps Turkish letters readable (``"Karşıyaka"`` → ``"karsiyaka"``)."""
    return "-".join(_NON_ALNUM.sub(" ", fold(name)).split()) or "x"


ASCII_DIGITS = frozenset("0123456789")


def ascii_digits(text: str) -> bool:
    """``text`` is one or more of the digits 0-9 and nothing else. ``str.isdigit`` is not
    enough: it is also true for ``"²"`` or ``"٣"``, which ``int`` refuses or reads as 3.

    >>> ascii_digits("2026"), ascii_digits("²"), ascii_digits("٣"), ascii_digits("")
    (True, False, False, False)
    """
    return bool(text) and all(ch in ASCII_DIGITS for ch in text)


# A cell a spreadsheet would run as a formula: it starts with one of these (OWASP's list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text starting with ``= + - @``, a
    tab or a line break gets a leading apostrophe. Numbers (negative ones too) stay numbers.

    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> spreadsheet_safe(-3), spreadsheet_safe("-8.610000"), spreadsheet_safe("Karşıyaka")
    (-3, '-8.610000', 'Karşıyaka')
    >>> spreadsheet_safe("-1+2"), spreadsheet_safe("@SUM(A1)")
    ("'-1+2", "'@SUM(A1)")
    """
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def spreadsheet_row(values: Iterable[object]) -> list[object]:
    return [spreadsheet_safe(v) for v in values]
