"""Which of the platform's languages a text is written in (lingua, loaded once, lazily).

Loading lingua's models takes seconds and hundreds of MB, so the detector is built on first
use and shared by the whole process. It is restricted to the languages the platform serves;
a text too short or too mixed to call gives ``""``.
"""

from __future__ import annotations

import threading
from typing import Any

_LOCK = threading.Lock()
_DETECTOR: Any = None
_CODES: dict[Any, str] = {}


def _detector() -> Any:
    global _DETECTOR
    if _DETECTOR is None:
        with _LOCK:
            if _DETECTOR is None:
                from lingua import Language, LanguageDetectorBuilder

                wanted = {
                    Language.TURKISH: "tr",
                    Language.ENGLISH: "en",
                    Language.ARABIC: "ar",
                    Language.PERSIAN: "fa",
                    Language.RUSSIAN: "ru",
                    Language.UKRAINIAN: "uk",
                }
                _CODES.update(wanted)
                _DETECTOR = LanguageDetectorBuilder.from_languages(*wanted).build()
    return _DETECTOR


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language among tr, en, ar, fa, ru, uk, or ``""``."""
    if not any(ch.isalpha() for ch in text):
        return ""
    language = _detector().detect_language_of(text)
    return _CODES.get(language, "") if language is not None else ""
