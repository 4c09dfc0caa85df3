"""How easy a Turkish text is to read: Ateşman's reading-ease score (no Django).

Ateşman adapted Flesch's reading-ease formula to Turkish, where words are longer and a syllable
is built around exactly one vowel:

    score = 198.825 − 40.175 × (syllables / words) − 2.610 × (words / sentences)

Source: Ateşman, E. (1997). "Türkçede okunabilirliğin ölçülmesi" [Measuring readability in
Turkish]. *Dil Dergisi* 58, 71-74. Ankara Üniversitesi TÖMER.

His bands: 90-100 very easy, 70-89 easy, 50-69 medium, 30-49 difficult, 1-29 very difficult.
The platform asks for at least 70 ("easy") in what residents read first.

Counting, as simply as the formula assumes: a syllable is a vowel (``a e ı i o u ö ü`` and the
circumflexed ``â î û``); a word is a run of letters (an apostrophe inside it, as in
``İzmir'de``, keeps it one word; numbers are not words); a sentence ends at ``.``, ``!``, ``?``
or ``…``, and text after the last such mark is a sentence too. The score is not clipped: very
short, plain sentences score above 100.

>>> round(atesman("Ali topu at."), 2)
124.04
>>> atesman_band(atesman("Ali topu at."))
'very easy'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from adilkent.text import turkish_lower

#: At least this score is "easy" (Ateşman 1997).
EASY = 70.0

_VOWELS = frozenset("aeıioöuüâîû")
# A letter is a word character that is neither a digit nor an underscore.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+")
_BANDS = ((90.0, "very easy"), (70.0, "easy"), (50.0, "medium"), (30.0, "difficult"))


@dataclass(frozen=True)
class ReadingEase:
    """The counts behind a score, so that a low score can be explained."""

    words: int
    syllables: int
    sentences: int

    @property
    def score(self) -> float:
        return 198.825 - 40.175 * self.syllables / self.words - 2.610 * self.words / self.sentences


def syllable_count(word: str) -> int:
    """The syllables of a Turkish word: its vowels (``"İstanbul"`` → 3, ``"IŞIK"`` → 2)."""
    return sum(1 for ch in turkish_lower(word) if ch in _VOWELS)


def reading_ease(text: str) -> ReadingEase:
    """Count the words, syllables and sentences of ``text``; ``ValueError`` if it has no word."""
    sentences = 0
    words = 0
    syllables = 0
    for part in _SENTENCE_END.split(text):
        found = _WORD.findall(part)
        if not found:
            continue
        sentences += 1
        words += len(found)
        syllables += sum(syllable_count(word) for word in found)
    if not words:
        raise ValueError("the text has no words to score")
    return ReadingEase(words=words, syllables=syllables, sentences=sentences)


def atesman(text: str) -> float:
    """Ateşman's reading-ease score of a Turkish text (higher is easier)."""
    return reading_ease(text).score


def atesman_band(score: float) -> str:
    """Ateşman's name for a score: "very easy", "easy", "medium", "difficult", "very difficult"."""
    for floor, name in _BANDS:
        if score >= floor:
            return name
    return "very difficult"
