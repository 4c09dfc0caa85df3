"""Latin keys for names written in Arabic, Persian, Cyrillic or Latin script (no Django).

Duplicate detection compares a name registered as ``محمد`` with one typed as ``Muhammed`` or
``Mohammad``. The table below gives each letter one simple Latin spelling (close to what a
Turkish-speaking caseworker would type); :func:`name_key` then folds case and diacritics and
drops the vowels' differences that spelling variants usually carry, so fuzzy comparison
(rapidfuzz) works on like with like.

>>> latin("Олександр")
'oleksandr'
>>> latin("Наталья")
'natalya'
>>> skeleton("Muhammed") == skeleton("Mohammad")
True
"""

from __future__ import annotations

import re
import unicodedata

from adilkent.text import fold

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "c", "چ": "ç", "ح": "h", "خ": "h",
    "د": "d", "ذ": "z", "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "ş", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ک": "k",
    "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u",
    "ي": "i", "ی": "i", "ى": "a", "ـ": "",
    # short vowels when written (harakat), and shadda doubles the previous letter
    "\u064e": "a", "\u064f": "u", "\u0650": "i", "\u0652": "",
}  # fmt: skip

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye",
    "ё": "yo", "ж": "j", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "şç", "ъ": "",
    "ы": "ı", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

_TABLE = {**_ARABIC, **_CYRILLIC}
_SHADDA = "\u0651"


def latin(text: str) -> str:
    """Transliterate to Latin letters and fold (lower case, no diacritics)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text).lower():
        if ch == _SHADDA and out:
            out.append(out[-1])
        elif ch in _TABLE:
            out.append(_TABLE[ch])
        else:
            out.append(ch)
    return fold("".join(out))


_INNER_VOWELS = re.compile(r"(?<=\w)[aeiouyı]+")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=\w\w)h\b")


def skeleton(text: str) -> str:
    """A spelling-tolerant key: the consonants of each word (and its first letter).

    Arabic script writes few vowels and transliterations disagree on them
    (Muhammed/Mohammad, Hüseyin/Hussein), so vowels after a word's first letter are dropped,
    as is a word-final ``h`` (Arabic/Persian ``ه``/``ة`` sounds as a vowel: Fatimah/Fatma).
    """
    key = latin(text)
    key = key.replace("w", "v").replace("q", "k").replace("x", "ks").replace("j", "c")
    key = _FINAL_H.sub("", key)
    key = _INNER_VOWELS.sub("", key)
    key = _DOUBLE.sub(r"\1", key)
    return " ".join(key.split())
